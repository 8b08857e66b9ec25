/**
 * The general value helpers (provider/values.ts) that the model, the client, the runner, the plugin and the SDK
 * share: what each accepts, so that a name says what it does (`isNonArrayObject` takes a class instance, where
 * `isObjectLiteral` does not).
 */
import * as vm from "node:vm";
import { cut, isNonArrayObject, isObjectLiteral, isPromiseLike, shorten } from "../../../provider/values";

class Box {
  value = 1;
}

describe("value helpers", () => {
  it("isNonArrayObject: any object but an array or null; isObjectLiteral: only a plain prototype", () => {
    const cases: [unknown, boolean, boolean][] = [
      [{ a: 1 }, true, true],
      [Object.create(null), true, true],
      [new Box(), true, false],
      [new Map(), true, false],
      // An object literal of another realm (a vm context, or structuredClone's output inside jest's sandbox).
      [vm.runInNewContext("({ a: 1 })"), true, true],
      [vm.runInNewContext("new (class Box {})()"), true, false],
      [[1], false, false],
      [null, false, false],
      ["text", false, false],
    ];
    for (const [value, nonArray, literal] of cases) {
      expect([isNonArrayObject(value), isObjectLiteral(value)]).toEqual([nonArray, literal]);
    }
  });

  it("isPromiseLike: anything with a then method", () => {
    expect([Promise.resolve(1), { then: () => undefined }, { then: 1 }, null, 1].map(isPromiseLike)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it("cut quotes a value as JSON within a length; shorten cuts text the same way", () => {
    expect(cut("yes")).toBe('"yes"');
    expect(cut(undefined)).toBe("undefined");
    expect(cut("n".repeat(100), 20)).toBe('"nnnnnnnnnnnnnnnn... (102 characters)');
    expect(shorten("abcdef", 6)).toBe("abcdef");
    expect(shorten("abcdefg", 6)).toBe("abc... (7 characters)");
  });
});
