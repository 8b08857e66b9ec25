/**
 * The value checks the validation tables are built from: each returns an error message for a bad value, or undefined.
 * Written from docs/datarobot-api.md §4, not from any client schema.
 */
import { isPlainObject } from "../http/router";
import { isObjectId } from "./ids";

/**
 * A check returns an error message for a bad value, or undefined. `null` never reaches a check. `strict` is true under
 * unsourcedLimits "reject": only then do the limits no DataRobot source states apply (see `strictOnly`).
 */
export type Check = (value: unknown, strict?: boolean) => string | undefined;

/** `check` under unsourcedLimits "reject"; `lenient` (the type alone) otherwise. */
export function strictOnly(check: Check, lenient: Check): Check {
  return (v, strict) => (strict ? check(v, strict) : lenient(v, strict));
}

const REDACTED = "[redacted]";

export const str: Check = (v) => (typeof v === "string" && v.length > 0 ? undefined : "must be a non-empty string");
export const bool: Check = (v) => (typeof v === "boolean" ? undefined : "must be a boolean");
export const strArray: Check = (v) =>
  Array.isArray(v) && v.every((item) => typeof item === "string") ? undefined : "must be an array of strings";
/** References to other DataRobot objects: ObjectIds; the redaction placeholder is called out explicitly. */
export const ref: Check = (v) => {
  if (v === REDACTED) return `"${REDACTED}" is a placeholder shown to users without access; send the real id`;
  return isObjectId(v) ? undefined : "must be a 24-character hexadecimal ObjectId";
};
export function int(min: number, max = Number.MAX_SAFE_INTEGER): Check {
  return (v) => {
    if (typeof v !== "number" || !Number.isInteger(v)) return "must be an integer";
    if (v < min) return `value is less than ${min}`;
    if (v > max) return `value is greater than ${max}`;
    return undefined;
  };
}
export function num(min = -Infinity, max = Infinity): Check {
  return (v) => {
    if (typeof v !== "number" || !Number.isFinite(v)) return "must be a number";
    if (v < min) return `value is less than ${min}`;
    if (v > max) return `value is greater than ${max}`;
    return undefined;
  };
}
export function oneOf(...values: string[]): Check {
  return (v) => (typeof v === "string" && values.includes(v) ? undefined : `must be one of: ${values.join(", ")}`);
}
/** A URL: any non-empty string (the SDK and Terraform take any); the scheme prefixes only under the strict option. */
export function urlWith(schemes: string[]): Check {
  return strictOnly(strictUrlWith(schemes), str);
}
function strictUrlWith(schemes: string[]): Check {
  return (v) => {
    if (typeof v !== "string" || v.length === 0) return "must be a non-empty string";
    return schemes.some((scheme) => v.startsWith(scheme))
      ? undefined
      : `must be a URL starting with ${schemes.join(" or ")}`;
  };
}
export const datetime: Check = (v) =>
  typeof v === "string" && !Number.isNaN(Date.parse(v)) ? undefined : "must be an ISO-8601 datetime string";
export const stringMap: Check = (v) =>
  isPlainObject(v) && Object.values(v).every((item) => typeof item === "string")
    ? undefined
    : "must be an object of string values";
