import * as vm from "node:vm";
import { types } from "node:util";
import { guardIssues, MAX_DEPTH, sanitizeProgramArgs, scheduleNeverFiresReason } from "../../../provider/model/guards";
import { cut } from "../../../provider/values";

describe("guardIssues", () => {
  it("reports an object whose prototype was changed (a `__proto__` key assigned while deserializing) at that key", () => {
    const headers: Record<string, unknown> = {};
    headers["__proto__"] = { Authorization: "Bearer X" }; // what a deserializer's `result[key] = value` does
    expect(Object.keys(headers)).toEqual([]); // the key is gone...
    expect(guardIssues({ outputSettings: { type: "http", headers } })).toEqual([
      {
        path: ["outputSettings", "headers", "__proto__"],
        message: "is not allowed as a key (it can change the prototype of objects); rename or remove it",
      },
    ]); // ...but not unseen
  });

  it("accepts plain objects of another realm (a vm context), and still finds a changed prototype there", () => {
    const foreign = vm.runInNewContext('({ intakeSettings: { type: "s3", url: "s3://b/x.csv" }, list: [1] })');
    expect(Object.getPrototypeOf(foreign)).not.toBe(Object.prototype);
    expect(guardIssues(foreign)).toEqual([]);
    const polluted = vm.runInNewContext('const o = {}; o["__proto__"] = { a: 1 }; ({ headers: o })');
    expect(guardIssues(polluted).map((issue) => issue.path)).toEqual([["headers", "__proto__"]]);
  });

  it("accepts plain values, null-prototype objects and finite numbers", () => {
    const bare = Object.assign(Object.create(null), { a: 1 });
    expect(
      guardIssues({ name: "nightly – scoring ✓", thresholdHigh: 0.9, columnNamesRemapping: bare, x: [1, [2]] }),
    ).toEqual([]);
  });

  it("stops at the depth limit, also on a cyclic value, with one issue", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const issues = guardIssues({ cyclic });
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toHaveLength(MAX_DEPTH);
    expect(issues[0].message).toBe("is nested too deeply: at most 32 levels of objects and arrays are accepted");
  });

  it("accepts exactly MAX_DEPTH levels of objects", () => {
    let value: unknown = {};
    for (let i = 0; i < MAX_DEPTH - 1; i++) value = { a: value };
    expect(guardIssues(value as Record<string, unknown>)).toEqual([]);
    expect(guardIssues({ a: value })).toHaveLength(1);
  });
});

describe("cut", () => {
  it("quotes short values as JSON and cuts long ones, saying how long they were", () => {
    expect(cut("yes")).toBe('"yes"');
    expect(cut(12)).toBe("12");
    const long = cut("n".repeat(1_000_000));
    expect(long).toHaveLength(80 + " (1000002 characters)".length);
    expect(long.endsWith("... (1000002 characters)")).toBe(true);
  });
});

describe("sanitizeProgramArgs (the SDK's check of a program's raw arguments)", () => {
  const notPlain = new (class Output {
    constructor(readonly prototype = 1) {}
  })();

  it("leaves out prototype keys and too deep values, naming them, and keeps objects that are not plain", () => {
    const args = JSON.parse(
      '{"outputSettings": {"headers": {"__proto__": "x", "A": "b"}}, "list": [{"constructor": 1}]}',
    );
    let deep: unknown = { leaf: true };
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    const { args: safe, problems } = sanitizeProgramArgs({ ...args, output: notPlain, deep });
    expect(problems).toEqual([
      "outputSettings.headers.__proto__: is not allowed as a key (it can change the prototype of objects); rename or remove it",
      "list[0].constructor: is not allowed as a key (it can change the prototype of objects); rename or remove it",
      `deep${".a".repeat(31)}: is nested too deeply: at most 32 levels of objects and arrays are accepted`,
    ]);
    expect(
      Object.getOwnPropertyNames((safe as { outputSettings: { headers: object } }).outputSettings.headers),
    ).toEqual(["A"]);
    expect((safe as { output: unknown }).output).toBe(notPlain);
    expect(() => JSON.stringify(safe)).not.toThrow();
  });

  it("returns the arguments themselves when they are clean", () => {
    const args = { name: "x", nested: { list: [1, 2] }, output: notPlain };
    expect(sanitizeProgramArgs(args)).toEqual({ args, problems: [] });
    expect(sanitizeProgramArgs(args).args).toBe(args);
  });

  it("copies objects without a prototype and readable Proxies into plain objects (Pulumi cannot stringify them)", () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { type: "dataset", inner: {} });
    (bare.inner as Record<string, unknown>).deeper = Object.create(null);
    const proxied = new Proxy({ type: "s3", url: "s3://b/in.csv" }, {});
    const { args: safe, problems } = sanitizeProgramArgs({ intakeSettings: bare, outputSettings: proxied });
    expect(problems).toEqual([]);
    expect(safe).toEqual({
      intakeSettings: { type: "dataset", inner: { deeper: {} } },
      outputSettings: { type: "s3", url: "s3://b/in.csv" },
    });
    const copy = safe as { intakeSettings: object; outputSettings: object };
    expect(Object.getPrototypeOf(copy.intakeSettings)).toBe(Object.prototype);
    expect(types.isProxy(copy.outputSettings)).toBe(false);
    expect(() => `${String(copy.intakeSettings)}`).not.toThrow(); // what threw inside Pulumi before
  });

  it("names the path of a Proxy whose traps throw, a getter that throws, and a revoked Proxy", () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error("no keys for you");
        },
      },
    );
    const getter = Object.defineProperty({}, "url", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    const { problems } = sanitizeProgramArgs({
      intakeSettings: hostile,
      outputSettings: getter,
      csvSettings: revocable.proxy,
    });
    expect(problems).toEqual([
      'intakeSettings: could not be read ("no keys for you"): a Proxy whose traps throw or a getter that throws cannot be serialised; pass plain objects and arrays',
      'outputSettings.url: could not be read ("boom"): a Proxy whose traps throw or a getter that throws cannot be serialised; pass plain objects and arrays',
      expect.stringMatching(/^csvSettings: could not be read \(".*revoked.*"\): a Proxy whose traps throw/),
    ]);
  });

  it("refuses functions, Maps and Sets (JSON cannot hold them; Pulumi would drop them or send {})", () => {
    const { args: safe, problems } = sanitizeProgramArgs({
      name: () => "computed",
      outputSettings: { headers: new Map([["X-Team", "ml"]]) },
      passthroughColumns: new Set(["a"]),
    });
    expect(problems).toEqual([
      "name: is a function: it cannot be sent to DataRobot, which takes JSON (Pulumi would drop it without a word); give the value it computes",
      "outputSettings.headers: is a Map: it cannot be sent to DataRobot, which takes JSON (Pulumi would send it as {}); use a plain object, e.g. Object.fromEntries(map)",
      "passthroughColumns: is a Set: it cannot be sent to DataRobot, which takes JSON (Pulumi would send it as {}); use an array, e.g. [...set]",
    ]);
    expect(() => JSON.stringify(safe)).not.toThrow();
  });

  it("reports a cycle where it closes, instead of a 31-segment path", () => {
    const settings: Record<string, unknown> = { type: "forecast" };
    settings.self = settings;
    const { problems } = sanitizeProgramArgs({ timeseriesSettings: settings });
    expect(problems).toEqual([
      "timeseriesSettings.self: refers back to timeseriesSettings (a cyclic object): JSON cannot hold a cycle; give a copy of the value instead",
    ]);
  });
});

describe("scheduleNeverFiresReason (an enabled schedule on days that do not exist)", () => {
  const at = (dayOfMonth: unknown[], month: unknown[], dayOfWeek: unknown[] = ["*"]) => ({
    minute: [0],
    hour: [2],
    dayOfMonth,
    month,
    dayOfWeek,
  });

  it.each([
    [[30, 31], [2], "no day of the month in it (30, 31) exists in its months (feb)"],
    [[31], ["apr", "June"], "no day of the month in it (31) exists in its months (apr, jun)"],
  ])("%j in %j never fires", (days, months, reason) => {
    expect(scheduleNeverFiresReason(at(days, months))).toBe(reason);
  });

  it.each([
    ["February 29th (leap years)", at([29], [2])],
    ["the 31st in any month", at([31], ["*"])],
    ["a restricted day of the week (cron takes either)", at([30], [2], ["mon"])],
    ["every day", at(["*"], [2])],
  ])("%s fires", (_label, schedule) => {
    expect(scheduleNeverFiresReason(schedule)).toBeUndefined();
  });
});
