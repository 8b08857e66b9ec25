/**
 * Guards against hostile or careless input that the zod structure cannot see, run on the raw value before it:
 *
 *  - prototype keys (`__proto__`, `constructor`, `prototype`) anywhere. zod and the Pulumi runtime treat them
 *    inconsistently (dropped, or merged into the object's prototype so that they show up under another name), so they
 *    are found on the raw value: own property names, plus any object whose prototype is not a plain object's (which
 *    is what assigning a `__proto__` key while deserializing leaves behind);
 *  - numbers that JSON cannot carry (Infinity, NaN): they would be sent as `null` while state keeps them, a diff
 *    on every `up`;
 *  - control and bidirectional-override characters in names and host names (NUL truncates in C code, CR/LF splits
 *    headers and logs, U+202E makes a name read differently from what it is);
 *  - nesting deeper than MAX_DEPTH and payloads larger than MAX_PAYLOAD_BYTES of JSON (free-form settings such as
 *    `timeseriesSettings.forecastPointPolicy.configuration` accept any object: a 5000-deep one crashes servers).
 *
 * Every issue names the property path; values are never echoed whole (see `cut`).
 */
import { types } from "node:util";
import type { PathIssue } from "./issues";
import { isUnknown } from "./sentinel";
import { formatPath, type Path, type PathSegment } from "./paths";
import { cut } from "../values";
export { formatPath };

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
/** Deepest accepted nesting of objects and arrays (the top-level object is depth 1). */
export const MAX_DEPTH = 32;
/** Largest accepted definition, as JSON. DataRobot definitions are a few kilobytes. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;
/** C0 and C1 controls, DEL, and the bidirectional embedding/override/isolate characters. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Paths of strings that name things (shown in UIs and logs, sent in headers): no control characters. */
export const NAME_PATHS: readonly Path[] = [["name"], ["predictionInstance", "hostName"]];

/** A string with control characters escaped (`\u0000`), for messages and logs. */
export function describeControlCharacter(text: string): string | undefined {
  const match = CONTROL_CHARACTERS.exec(text);
  if (!match) return undefined;
  return `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

const ALL_CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTERS.source, "g");

/**
 * The text with every control or bidirectional-override character written visibly as `\uXXXX`: what a server says
 * (an ANSI escape `\u001b[31m`, a carriage return that rewrites a terminal line, U+202E that reverses what follows)
 * can then neither drive a terminal nor disguise itself in a log, a JSON document or a Markdown review.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(
    ALL_CONTROL_CHARACTERS,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * Whether `value` has the prototype of a plain object (or array, or none). Realm-independent: values may come from
 * another realm (a vm context, Jest's sandbox), whose `Object.prototype` is another object, but is always the end of
 * its chain. A `__proto__` key assigned while deserializing leaves a prototype that is itself a plain object.
 */
function isPlainPrototype(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

const PROTOTYPE_KEY_HINT = "is not allowed as a key (it can change the prototype of objects); rename or remove it";

interface Walk {
  issues: PathIssue[];
  tooDeep: boolean;
}

/** `path` is one array, grown and shrunk as the walk goes: an issue keeps a copy of it. */
function walk(value: unknown, path: PathSegment[], depth: number, state: Walk): void {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      state.issues.push({ path: [...path], message: `must be a finite number (got ${String(value)})` });
    }
    return;
  }
  if (value === null || typeof value !== "object" || isUnknown(value)) return;
  if (depth > MAX_DEPTH) {
    if (!state.tooDeep) {
      state.issues.push({
        path: [...path],
        message: `is nested too deeply: at most ${MAX_DEPTH} levels of objects and arrays are accepted`,
      });
    }
    state.tooDeep = true;
    return;
  }
  if (!isPlainPrototype(value)) {
    // What a `__proto__` key becomes once assigned while deserializing: the key is gone, the object's prototype changed.
    state.issues.push({ path: [...path, "__proto__"], message: PROTOTYPE_KEY_HINT });
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walk(value[i], path, depth + 1, state);
      path.pop();
    }
    return;
  }
  const keys = Object.getOwnPropertyNames(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (FORBIDDEN_KEYS.has(key)) {
      state.issues.push({ path: [...path, key], message: PROTOTYPE_KEY_HINT });
      continue;
    }
    path.push(key);
    walk((value as Record<string, unknown>)[key], path, depth + 1, state);
    path.pop();
  }
}

function stringAt(root: Record<string, unknown>, path: Path): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function jsonSize(value: unknown): number | undefined {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? "");
  } catch {
    return undefined; // cyclic: only possible from a program, and reported by the depth limit
  }
}

/** CR, LF and NUL: what splits an HTTP header, a log line or a SQL statement. */
// eslint-disable-next-line no-control-regex
const LINE_BREAKS = /[\r\n\u0000]/;

/**
 * `outputSettings.headers` are sent by DataRobot as HTTP request headers to the `http` target. A header whose name
 * is empty or holds CR, LF or NUL, or whose value holds one, cannot be sent at all: RFC 9110 §5.1 makes a field name
 * a non-empty token and §5.5 forbids CR, LF and NUL in field values, and HTTP clients refuse them (Python's
 * http.client raises "Invalid header name/value"; Node throws ERR_INVALID_CHAR). An error, then, not a warning.
 * Values are never quoted (they may be secrets).
 */
function headerIssues(payload: Record<string, unknown>): PathIssue[] {
  const output = payload.outputSettings;
  if (output === null || typeof output !== "object" || Array.isArray(output)) return [];
  const headers = (output as Record<string, unknown>).headers;
  if (headers === null || typeof headers !== "object" || Array.isArray(headers)) return [];
  const issues: PathIssue[] = [];
  for (const name of Object.keys(headers)) {
    // The name in the path with its line breaks escaped: a raw CR/LF in the message would split the log line.
    const path: Path = ["outputSettings", "headers", JSON.stringify(name).slice(1, -1)];
    if (name.trim() === "") {
      issues.push({
        path: ["outputSettings", "headers"],
        message: `has a header named ${JSON.stringify(name)}: a header name must not be empty (HTTP cannot send it) — name the header or remove it`,
      });
    } else if (LINE_BREAKS.test(name)) {
      issues.push({
        path,
        message: "a header name must not contain CR, LF or NUL (HTTP cannot send it) — remove the line break",
      });
    }
    const value = (headers as Record<string, unknown>)[name];
    if (typeof value === "string" && LINE_BREAKS.test(value)) {
      issues.push({
        path,
        message:
          "the header value must not contain CR, LF or NUL (HTTP cannot send it, and a line break would start " +
          "another header) — remove the line break",
      });
    }
  }
  return issues;
}

/**
 * Characters that do not show: LRM, RLM, ALM, zero-width space/joiners, word joiner, BOM, and the line and paragraph
 * separators (U+2028/2029, which break lines in some UIs and logs).
 */
const INVISIBLE_CHARACTERS = /[\u200b-\u200f\u061c\u2060\ufeff\u2028\u2029]/;
/**
 * A UTF-16 surrogate without its pair: no character at all. UTF-8 cannot encode it, so Pulumi's protocol (protobuf
 * strings are UTF-8) cannot carry it: the registration fails with "string field contains invalid UTF-8" and no path.
 * The SDK class refuses it first, at its path.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATE_MESSAGE =
  "contains half of a UTF-16 surrogate pair, which is no character: it cannot be sent (Pulumi's protocol and " +
  "DataRobot take UTF-8) — remove it or complete the character";

function codePoint(character: string): string {
  return `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

function objectAt(root: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const value = root[key];
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Fields of the intake and output settings where a line break is most likely pasted by mistake. */
const LINE_BREAK_FIELDS = ["table", "url"];

/** Days of each month in the longest year (February 29th does occur). */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function monthNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 12) return value;
  if (typeof value !== "string") return undefined;
  if (/^\d+$/.test(value)) return monthNumber(Number(value));
  const index = MONTH_NAMES.indexOf(value.trim().slice(0, 3).toLowerCase());
  return index >= 0 ? index + 1 : undefined;
}

/**
 * Why a schedule never fires, or undefined when it does (or cannot be judged here). Only the calendar is judged: a
 * schedule whose days of the month do not exist in any of its months (February 30th and 31st, April 31st), while the
 * day of the week is `*` (a restricted day of the week would fire on those weekdays: cron takes either).
 */
export function scheduleNeverFiresReason(schedule: unknown): string | undefined {
  if (schedule === null || typeof schedule !== "object" || Array.isArray(schedule)) return undefined;
  const { dayOfMonth, month, dayOfWeek } = schedule as Record<string, unknown>;
  const isStar = (list: unknown) => Array.isArray(list) && list.length === 1 && list[0] === "*";
  if (!isStar(dayOfWeek) || !Array.isArray(dayOfMonth) || !Array.isArray(month) || isStar(dayOfMonth)) return undefined;
  const days = dayOfMonth.map((d) => (typeof d === "string" && /^\d+$/.test(d) ? Number(d) : d));
  if (!days.every((d) => typeof d === "number" && Number.isInteger(d) && d >= 1 && d <= 31)) return undefined;
  const months = isStar(month) ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : month.map(monthNumber);
  if (months.some((m) => m === undefined)) return undefined;
  const fires = (months as number[]).some((m) => (days as number[]).some((d) => d <= DAYS_IN_MONTH[m - 1]));
  if (fires) return undefined;
  const monthList = (months as number[]).map((m) => MONTH_NAMES[m - 1]).join(", ");
  return `no day of the month in it (${(days as number[]).join(", ")}) exists in its months (${monthList})`;
}

/**
 * Likely mistakes in the raw payload that no source says DataRobot rejects, so warnings ("never stricter than
 * DataRobot"), each at its property path: invisible characters or only whitespace in `name`; line
 * breaks in table names and URLs; a CSV delimiter that is a line break, or equal to the quote character; an enabled
 * schedule that never fires.
 */
export function guardWarnings(payload: Record<string, unknown>): PathIssue[] {
  const warnings: PathIssue[] = [];
  const warn = (path: Path, message: string) => warnings.push({ path, message, severity: "warning" });
  const name = payload.name;
  if (typeof name === "string") {
    const invisible = INVISIBLE_CHARACTERS.exec(name);
    if (name.length > 0 && name.trim() === "") {
      warn(["name"], "is only whitespace: it shows as a blank name in DataRobot — give a name people can read");
    }
    if (invisible) {
      warn(
        ["name"],
        `contains ${codePoint(invisible[0])}, a character that does not show (or breaks lines): the name looks like ` +
          "another one — remove it",
      );
    }
  }
  for (const side of ["intakeSettings", "outputSettings"]) {
    const settings = objectAt(payload, side);
    if (!settings) continue;
    for (const key of LINE_BREAK_FIELDS) {
      const value = settings[key];
      if (typeof value === "string" && /[\r\n]/.test(value)) {
        warn(
          [side, key],
          "contains a line break (CR or LF), most likely pasted by mistake: DataRobot may strip it or refuse the " +
            "value when the job runs — remove it",
        );
      }
    }
  }
  const csv = objectAt(payload, "csvSettings");
  if (csv) {
    const { delimiter, quotechar } = csv;
    if (delimiter === "\n" || delimiter === "\r") {
      warn(
        ["csvSettings", "delimiter"],
        'is a line break, which also ends each CSV record: no file can be read that way — use a comma, "tab" or ' +
          "another character",
      );
    }
    if (typeof delimiter === "string" && typeof quotechar === "string" && delimiter === quotechar) {
      warn(
        ["csvSettings", "quotechar"],
        `is the same character as csvSettings.delimiter (${cut(delimiter)}): quoted fields cannot be told from ` +
          "separators — use different characters (the default quote is '\"')",
      );
    }
  }
  if (payload.enabled === true) {
    const reason = scheduleNeverFiresReason(payload.schedule);
    if (reason) {
      warn(
        ["schedule"],
        `never fires: ${reason}, so this enabled definition never runs on schedule — pick days that exist (e.g. ` +
          "dayOfMonth [28] for the end of February)",
      );
    }
  }
  return warnings;
}

/**
 * The rules above (headerIssues, guardWarnings), as the rule registry (rules.ts) lists them in
 * docs/validation-rules.md: one fact each, with why it is an error (it can never be sent) or a warning.
 */
export interface GuardFact {
  id: string;
  field: string;
  rule: string;
  severity: "error" | "warning";
  /** "never-works": the value cannot be sent at all; "package": this package's judgement of a likely mistake. */
  kind: "never-works" | "package";
  why: string;
}

const HEADER_RFC = "RFC 9110 §5.1/§5.5: a header name is a non-empty token and a value holds no CR, LF or NUL";
const LIKELY_MISTAKE = "a likely mistake; no DataRobot source says the server rejects it, so it is sent as written";

export const GUARD_FACTS: readonly GuardFact[] = [
  {
    id: "guards.header-name-empty",
    field: "outputSettings.headers",
    rule: "no header with an empty name",
    severity: "error",
    kind: "never-works",
    why: `HTTP cannot send it (${HEADER_RFC})`,
  },
  {
    id: "guards.header-line-breaks",
    field: "outputSettings.headers.*",
    rule: "header names and values must not contain CR, LF or NUL",
    severity: "error",
    kind: "never-works",
    why: `HTTP cannot send it, and a line break would start another header (${HEADER_RFC})`,
  },
  {
    id: "guards.name-visible",
    field: "name",
    rule: "warns about characters that do not show (LRM, RLM, ALM, zero-width, BOM, U+2028/2029) and a name of only whitespace",
    severity: "warning",
    kind: "package",
    why: `${LIKELY_MISTAKE}; such a name looks like another one`,
  },
  ...["intakeSettings", "outputSettings"].flatMap((side) =>
    LINE_BREAK_FIELDS.map((key): GuardFact => ({
      id: `guards.line-breaks.${side}.${key}`,
      field: `${side}.${key}`,
      rule: "warns about a line break (CR or LF)",
      severity: "warning",
      kind: "package",
      why: LIKELY_MISTAKE,
    })),
  ),
  {
    id: "guards.csv-delimiter-line-break",
    field: "csvSettings.delimiter",
    rule: "warns about a line break as the delimiter",
    severity: "warning",
    kind: "package",
    why: `${LIKELY_MISTAKE}; a line break also ends each CSV record`,
  },
  {
    id: "guards.csv-quotechar-delimiter",
    field: "csvSettings.quotechar",
    rule: "warns when it equals `csvSettings.delimiter`",
    severity: "warning",
    kind: "package",
    why: `${LIKELY_MISTAKE}; quoted fields cannot be told from separators`,
  },
  {
    id: "guards.schedule-never-fires",
    field: "schedule",
    rule: "warns when `enabled` and the schedule never fires (e.g. only on February 30th or April 31st)",
    severity: "warning",
    kind: "package",
    why: `${LIKELY_MISTAKE}; the definition would never run on schedule`,
  },
];

/** The guard issues of a raw payload (the object the user wrote), in walk order; [] when it is clean. */
export function guardIssues(payload: Record<string, unknown>): PathIssue[] {
  const state: Walk = { issues: [], tooDeep: false };
  walk(payload, [], 1, state);
  for (const path of NAME_PATHS) {
    const value = stringAt(payload, path);
    if (typeof value !== "string") continue;
    const character = describeControlCharacter(value);
    if (character) {
      state.issues.push({
        path,
        message: `must not contain control or bidirectional-override characters (found ${character}); use printable text only`,
      });
    }
  }
  state.issues.push(...headerIssues(payload));
  if (!state.tooDeep) {
    const size = jsonSize(payload);
    if (size !== undefined && size > MAX_PAYLOAD_BYTES) {
      state.issues.push({
        path: [],
        message: `the definition is ${size} bytes of JSON; at most ${MAX_PAYLOAD_BYTES} bytes (1 MB) are accepted`,
      });
    }
  }
  return state.issues;
}

/** Why a value that JSON cannot hold is refused instead of dropped (Pulumi would drop it without a word). */
const NOT_SERIALISABLE = "it cannot be sent to DataRobot, which takes JSON";

/**
 * What a program value is when it cannot be sent as JSON at all, with what to write instead; undefined for values
 * that can (or that Pulumi resolves first: Outputs, promises, resources).
 */
function unsendable(value: object | ((...args: unknown[]) => unknown)): string | undefined {
  if (typeof value === "function")
    return `is a function: ${NOT_SERIALISABLE} (Pulumi would drop it without a word); give the value it computes`;
  if (types.isMap(value) || types.isWeakMap(value)) {
    return `is a Map: ${NOT_SERIALISABLE} (Pulumi would send it as {}); use a plain object, e.g. Object.fromEntries(map)`;
  }
  if (types.isSet(value) || types.isWeakSet(value)) {
    return `is a Set: ${NOT_SERIALISABLE} (Pulumi would send it as {}); use an array, e.g. [...set]`;
  }
  return undefined;
}

/**
 * A program's raw arguments made safe to hand to Pulumi's serialization, with what had to be left out, each with its
 * property path:
 *  - prototype keys (serialization would drop them or turn them into prototypes);
 *  - values nested deeper than MAX_DEPTH (its recursion overflows the stack on a few thousand levels) and cycles
 *    (which it would follow until that limit);
 *  - functions, Maps and Sets, which JSON cannot hold (Pulumi drops functions and sends a Map as `{}`), and strings
 *    with a lone surrogate, which UTF-8 cannot encode;
 *  - objects that cannot be read: a Proxy whose traps throw, a getter that throws.
 * Objects without a prototype (`Object.create(null)`) and Proxies that can be read are copied into plain objects:
 * Pulumi's serialization converts values to strings on the way, which throws "Cannot convert object to primitive
 * value" for them, with no path. Only plain objects, arrays and Proxies are walked: Outputs, Promises and resources
 * are kept as they are. Returns `args` itself when nothing had to be copied or left out.
 */
export function sanitizeProgramArgs<T>(args: T): { args: T; problems: string[] } {
  const problems: string[] = [];
  let copied = false;
  const ancestors: { value: object; path: Path }[] = [];
  const leaveOut = (path: Path, message: string): undefined => {
    problems.push(`${formatPath(path)}: ${message}`);
    return undefined;
  };
  const visit = (value: unknown, path: Path, depth: number): unknown => {
    if (typeof value === "function") return leaveOut(path, unsendable(value as () => unknown)!);
    if (typeof value === "string") return LONE_SURROGATE.test(value) ? leaveOut(path, LONE_SURROGATE_MESSAGE) : value;
    if (value === null || typeof value !== "object") return value;
    try {
      // Pulumi's Outputs are Proxies themselves (for lifted property access): kept as they are, like promises.
      if (isPulumiValue(value)) return value;
      const proxy = types.isProxy(value);
      const isArray = Array.isArray(value);
      if (!proxy && !isArray && !isPlainPrototype(value)) {
        const problem = unsendable(value);
        return problem ? leaveOut(path, problem) : value; // an Output, a Promise, a resource: kept as they are
      }
      const cycle = ancestors.find((ancestor) => ancestor.value === value);
      if (cycle) {
        return leaveOut(
          path,
          `refers back to ${formatPath(cycle.path) || "the arguments"} (a cyclic object): JSON cannot hold a cycle; ` +
            "give a copy of the value instead",
        );
      }
      if (depth > MAX_DEPTH) {
        return leaveOut(path, `is nested too deeply: at most ${MAX_DEPTH} levels of objects and arrays are accepted`);
      }
      if (proxy || (!isArray && Object.getPrototypeOf(value) === null)) copied = true;
      ancestors.push({ value, path });
      try {
        if (isArray) {
          const items = value as unknown[];
          return Array.from({ length: items.length }, (_, index) => visit(items[index], [...path, index], depth + 1));
        }
        const out: Record<string, unknown> = {};
        for (const key of Object.getOwnPropertyNames(value)) {
          if (FORBIDDEN_KEYS.has(key)) {
            leaveOut([...path, key], PROTOTYPE_KEY_HINT);
            continue;
          }
          if (LONE_SURROGATE.test(key)) {
            leaveOut([...path, JSON.stringify(key).slice(1, -1)], `(the key) ${LONE_SURROGATE_MESSAGE}`);
            continue;
          }
          let inner: unknown;
          try {
            inner = (value as Record<string, unknown>)[key];
          } catch (error) {
            leaveOut([...path, key], `could not be read (${cut(errorMessage(error))}): ${UNREADABLE_HINT}`);
            continue;
          }
          out[key] = visit(inner, [...path, key], depth + 1);
        }
        return out;
      } finally {
        ancestors.pop();
      }
    } catch (error) {
      // A Proxy trap (ownKeys, getPrototypeOf, ...) threw, or a revoked Proxy: the value cannot be walked at all.
      return leaveOut(path, `could not be read (${cut(errorMessage(error))}): ${UNREADABLE_HINT}`);
    }
  };
  const copy = visit(args, [], 1) as T;
  return problems.length > 0 || copied ? { args: copy, problems } : { args, problems };
}

const UNREADABLE_HINT =
  "a Proxy whose traps throw or a getter that throws cannot be serialised; pass plain objects and arrays";

/** An Output, a resource or a promise (recognised without importing Pulumi, the way Pulumi recognises them). */
function isPulumiValue(value: object): boolean {
  const marked = value as { __pulumiOutput?: unknown; __pulumiResource?: unknown; then?: unknown };
  return marked.__pulumiOutput === true || marked.__pulumiResource === true || typeof marked.then === "function";
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
