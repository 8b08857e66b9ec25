import {
  changedPaths,
  propertyPath,
  SECRET_SIG,
  SPECIAL_SIG_KEY,
  unwrapSecrets,
  wrapSecrets,
} from "../../../plugin/values";
import { UNKNOWN_SENTINEL } from "../../../provider/model";

const secret = (value: unknown) => ({ [SPECIAL_SIG_KEY]: SECRET_SIG, value });

describe("secrets on the plugin's wire", () => {
  it("unwraps secret sentinels anywhere and remembers their paths", () => {
    const { value, secretPaths } = unwrapSecrets({ a: secret("x"), b: { c: [1, secret(2)] }, d: "plain" });
    expect(value).toEqual({ a: "x", b: { c: [1, 2] }, d: "plain" });
    expect(secretPaths).toEqual([["a"], ["b", "c", 1]]);
  });

  it("wraps the given paths again, drops undefined values and leaves the rest plain", () => {
    const wrapped = wrapSecrets({ a: "x", b: { c: [1, 2] }, gone: undefined, none: null }, [
      ["a"],
      ["b", "c", 1],
      ["none"],
    ]);
    expect(wrapped).toEqual({ a: secret("x"), b: { c: [1, secret(2)] }, none: null });
  });

  it("passes a value without secrets through as it is, and copies one only to drop an undefined value deep inside", () => {
    const plain = { a: "x", b: { c: [1, 2], d: null } };
    expect(unwrapSecrets(plain)).toEqual({ value: plain, secretPaths: [] });
    expect(unwrapSecrets(plain).value).toBe(plain);
    expect(wrapSecrets(plain, [])).toBe(plain);

    const withHole = { a: "x", b: { c: [1, 2], gone: undefined } };
    const wrapped = wrapSecrets(withHole, []);
    expect(wrapped).not.toBe(withHole);
    expect(Object.keys(wrapped.b as object)).toEqual(["c"]);
    expect(withHole.b).toHaveProperty("gone");
  });
});

describe("detailed diff paths", () => {
  it("names nested paths in Pulumi's syntax", () => {
    const paths = changedPaths(
      { schedule: { hour: [2] }, intakeSettings: { url: "a" }, headers: { "X-Key": "1" }, removed: 1 },
      { schedule: { hour: [3] }, intakeSettings: { url: "b" }, headers: { "X-Key": "2" }, added: true },
    );
    expect(Object.fromEntries(paths)).toEqual({
      "schedule.hour[0]": "update",
      "intakeSettings.url": "update",
      'headers["X-Key"]': "update",
      removed: "delete",
      added: "add",
    });
  });

  it("reports an unknown value as an update and compares only the given keys", () => {
    expect(Object.fromEntries(changedPaths({ a: 1, b: 1 }, { a: UNKNOWN_SENTINEL, b: 2 }, ["a"]))).toEqual({
      a: "update",
    });
    expect(propertyPath(["a", 0, "b"])).toBe("a[0].b");
  });
});
