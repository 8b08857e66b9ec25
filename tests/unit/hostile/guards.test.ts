import { cut, guardIssues, MAX_DEPTH, prototypeKeyPaths } from "../../../provider/model/guards";

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

describe("prototypeKeyPaths (the SDK's check of a program's raw arguments)", () => {
  it("finds own prototype keys at any depth and skips objects that are not plain (Outputs, Promises)", () => {
    const args = JSON.parse('{"outputSettings": {"headers": {"__proto__": "x"}}, "list": [{"constructor": 1}]}');
    const notPlain = new (class Output {
      constructor(readonly prototype = 1) {}
    })();
    expect(prototypeKeyPaths({ ...args, output: notPlain })).toEqual([
      ["outputSettings", "headers", "__proto__"],
      ["list", 0, "constructor"],
    ]);
  });
});
