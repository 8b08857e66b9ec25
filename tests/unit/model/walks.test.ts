/**
 * The walks every read, write and check runs over each node of a definition (equality, shapes, secrets, unknowns),
 * written as indexed loops over one shared path (CONTRIBUTING.md, "Code that runs per resource"): what each must
 * still do, at the edges a loop rewrite gets wrong (a key on one side only, a key holding undefined, paths after a
 * step back up, array indexes).
 */
import { deepEqual } from "../../../provider/model/diff";
import { replaceSecrets, SECRET_MARK } from "../../../provider/model/secrets";
import { stripUnknowns, UNKNOWN_SENTINEL } from "../../../provider/model/sentinel";
import { outsideOf, projectOnto, unionShape } from "../../../provider/model/wire";
import { forEachLeaf, getAt, type PathSegment } from "../../../provider/model/paths";
import { someValue } from "../../../provider/values";

describe("deepEqual", () => {
  it("ignores key order and treats a key holding undefined as absent, on either side", () => {
    expect(deepEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(true);
  });

  it("sees a key that only one side has, a changed element, a longer list, and an array against an object", () => {
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(deepEqual({ a: [1, { x: "y" }] }, { a: [1, { x: "z" }] })).toBe(false);
    expect(deepEqual([1, 2], [1, 2, 3])).toBe(false);
    expect(deepEqual([], {})).toBe(false);
    expect(deepEqual({ 0: "a" }, ["a"])).toBe(false);
  });
});

describe("the shapes a write is checked and stored by", () => {
  it("unionShape keeps every key of both sides, recursively", () => {
    expect(unionShape({ a: 1, n: { x: 1 } }, { b: 2, n: { y: 2 } })).toEqual({ a: 1, b: 2, n: { x: 1, y: 2 } });
  });

  it("projectOnto and outsideOf split what the program writes from what the server holds besides", () => {
    const actual = { a: 1, b: 2, n: { x: 1, y: 2 } };
    const shape = { a: 0, n: { x: 0 } };
    expect(projectOnto(actual, shape)).toEqual({ a: 1, n: { x: 1 } });
    expect(outsideOf(actual, shape)).toEqual({ b: 2, n: { y: 2 } });
  });
});

describe("walks over one shared path", () => {
  it("replaceSecrets judges each value by its own path, also after leaving a branch", () => {
    const value = {
      outputSettings: { headers: { "X-Key": "k1", Other: "k2" }, type: "http", url: "https://h/p" },
      predictionInstance: { apiKey: "a1", hostName: "h" },
      list: [{ token: "t" }, "plain"],
      name: "n",
    };
    expect(replaceSecrets(value, SECRET_MARK)).toEqual({
      outputSettings: { headers: { "X-Key": SECRET_MARK, Other: SECRET_MARK }, type: "http", url: "https://h/p" },
      predictionInstance: { apiKey: SECRET_MARK, hostName: "h" },
      list: [{ token: SECRET_MARK }, "plain"],
      name: "n",
    });
    // The path it starts from counts: a value under a secret field is secret.
    expect(replaceSecrets({ apiKey: "x" }, SECRET_MARK, ["predictionInstance"])).toEqual({ apiKey: SECRET_MARK });
    expect(replaceSecrets("x", SECRET_MARK, ["predictionInstance", "hostName"])).toBe("x");
  });

  it("forEachLeaf gives each leaf its full path, and getAt reads it back", () => {
    const value = { a: [{ b: 1 }, 2], c: { d: "e" } };
    const seen: [unknown, PathSegment[]][] = [];
    forEachLeaf(value, (leaf, path) => seen.push([leaf, [...path]]));
    expect(seen).toEqual([
      [1, ["a", 0, "b"]],
      [2, ["a", 1]],
      ["e", ["c", "d"]],
    ]);
    for (const [leaf, path] of seen) expect(getAt(value, path)).toBe(leaf);
    expect(getAt(value, ["a", 5, "b"])).toBeUndefined();
  });

  it("stripUnknowns records each unknown at its original path and maps shifted indexes back", () => {
    const stripped = stripUnknowns({
      schedule: { hour: [UNKNOWN_SENTINEL, 3, UNKNOWN_SENTINEL, 5] },
      intakeSettings: { type: "s3", url: UNKNOWN_SENTINEL },
      outputSettings: { type: UNKNOWN_SENTINEL, url: "s3://b/k" },
    });
    expect(stripped.value).toEqual({ schedule: { hour: [3, 5] }, intakeSettings: { type: "s3" } });
    expect(stripped.unknownPaths).toEqual([
      ["schedule", "hour", 0],
      ["schedule", "hour", 2],
      ["intakeSettings", "url"],
      ["outputSettings"],
    ]);
    expect(stripped.toOriginalPath(["schedule", "hour", 1])).toEqual(["schedule", "hour", 3]);
    expect(stripped.isUnderUnknown(["outputSettings", "url"])).toBe(true);
  });

  it("someValue finds a value at any depth, and none where there is none", () => {
    expect(someValue({ a: [1, { b: [null, "x"] }] }, (v) => v === "x")).toBe(true);
    expect(someValue({ a: [1, { b: [null] }] }, (v) => v === "x")).toBe(false);
  });
});
