/**
 * Identifiers and timestamps in DataRobot's wire formats (docs/datarobot-api.md §1.7):
 * 24-hex ObjectIds and ISO-8601 UTC timestamps with microseconds and a `Z` suffix.
 */
import { randomBytes } from "node:crypto";

let counter = randomBytes(3).readUIntBE(0, 3);

/** A fresh ObjectId-like id: 4 bytes of seconds, 5 random bytes, a 3-byte counter (like MongoDB). */
export function newObjectId(nowMs: number = Date.now()): string {
  counter = (counter + 1) % 0x1000000;
  const seconds = Math.floor(nowMs / 1000) % 0x100000000;
  return seconds.toString(16).padStart(8, "0") + randomBytes(5).toString("hex") + counter.toString(16).padStart(6, "0");
}

export const OBJECT_ID = /^[0-9a-f]{24}$/;

export function isObjectId(value: unknown): value is string {
  return typeof value === "string" && OBJECT_ID.test(value);
}

/** `2021-05-04T11:20:41.691000Z`: milliseconds padded to microseconds, as DataRobot prints them. */
export function isoMicro(ms: number): string {
  return new Date(Math.floor(ms)).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/**
 * DataRobot's "never happened" value for lastSuccessfulRunTime / lastFailedRunTime (SDK fixture, docs/datarobot-api.md
 * §5).
 */
export const NEVER = "1900-01-01T00:00:00.000000Z";
