/**
 * The secrets of a job definition: ONE list of secret fields plus the rule for secrets inside values. Everything that
 * must hide a secret uses this module: the SDK class (which inputs it registers as Pulumi secrets), the client's debug
 * log and error messages, the model (write-only fields never trusted from a response) and the review.
 *
 * A value is secret when
 *  1. its path matches SECRET_FIELDS (`*` stands for any key: every http output header's value is secret), or
 *  2. its key names a credential wherever it appears (SECRET_KEY_NAMES, for free-form settings; see
 *     isSecretKeyName for how loosely), or
 *  3. it is a URL carrying credentials: a userinfo part (`https://user:pass@host`) or a credential query parameter
 *     (CREDENTIAL_QUERY_PARAMETERS: an Azure SAS `sig`, an S3/GCS presigned `X-Amz-Signature`, `token`, `code`, ...),
 *     whitespace around the URL ignored (a server trims it, so the URL works and its credentials are real).
 *
 * Adding a secret field is one line in SECRET_FIELDS.
 */
import type { Path, PathSegment } from "./paths";
import { isNonArrayObject } from "../values";

/** Field paths whose values are always secret. `*` matches any key. */
export const SECRET_FIELDS: readonly string[] = [
  "predictionInstance.apiKey",
  "predictionInstance.datarobotKey",
  "outputSettings.serverSideEncryption.customerKey",
  "outputSettings.headers.*",
];

/**
 * Words and word pairs that name a credential wherever they appear in a key (compared without case, `-` and `_`). A
 * guard for free-form settings (e.g. `timeseriesSettings.forecastPointPolicy.configuration`) and for fields a newer
 * API may add; isSecretKeyName says how a key is matched against them.
 */
export const SECRET_KEY_NAMES: readonly string[] = [
  "apiKey",
  "apiToken",
  "accessKey",
  "accessToken",
  "secretKey",
  "secret",
  "secrets",
  "password",
  "passwd",
  "pwd",
  "passphrase",
  "token",
  "authorization",
  "customerKey",
  "datarobotKey",
  "clientSecret",
  "privateKey",
  "accountKey",
  "sharedKey",
  "signingKey",
  "encryptionKey",
  "connectionString",
  "credentials",
  "signature",
];

/**
 * Last words that make a key a reference to a credential, not the credential itself (`credentialId`, `kmsKeyId`,
 * `tokenType`, `secretName`): such values are ids and names the user needs to read in a diff.
 */
const REFERENCE_WORDS: ReadonlySet<string> = new Set(["id", "ids", "type", "name", "names"]);

/**
 * URL query parameters that carry credentials (compared without case, `-` and `_`): Azure SAS signatures (`sig`),
 * AWS presigned URLs (SigV4 `X-Amz-Signature`/`X-Amz-Credential`/`X-Amz-Security-Token`, SigV2
 * `Signature`/`AWSAccessKeyId`), GCS signed URLs (`X-Goog-Signature`/`X-Goog-Credential`, `GoogleAccessId`),
 * OAuth-style tokens (`token`, `access_token`, `id_token`, `refresh_token`, `client_secret`), API keys (`key`,
 * `api_key`, `apikey`), Azure Functions keys (`code`), and plain `password`/`pwd`/`secret`/`auth`.
 * The other parameters of such a URL (e.g. SAS `sv`, `se`, `sp`) are not secret by themselves.
 */
export const CREDENTIAL_QUERY_PARAMETERS: readonly string[] = [
  "sig",
  "signature",
  "X-Amz-Signature",
  "X-Amz-Credential",
  "X-Amz-Security-Token",
  "AWSAccessKeyId",
  "X-Goog-Signature",
  "X-Goog-Credential",
  "GoogleAccessId",
  "token",
  "access_token",
  "id_token",
  "refresh_token",
  "client_secret",
  "key",
  "api_key",
  "apikey",
  "code",
  "password",
  "pwd",
  "secret",
  "auth",
];

/** What a hidden secret looks like in logs, errors and reviews. */
export const SECRET_MARK = "[secret]";

const normalise = (name: string) => name.toLowerCase().replace(/[-_]/g, "");
const SECRET_KEYS = new Set(SECRET_KEY_NAMES.map(normalise));
const CREDENTIAL_PARAMETERS = new Set(CREDENTIAL_QUERY_PARAMETERS.map(normalise));
const FIELD_PATTERNS = SECRET_FIELDS.map((field) => field.split("."));

/** Top-level fields that may hold a secret (a secret field or a URL): what a read-only `get` keeps encrypted whole. */
export const SECRET_BEARING_FIELDS: readonly string[] = [
  ...new Set([...FIELD_PATTERNS.map((pattern) => pattern[0]), "intakeSettings", "outputSettings"]),
].sort();

/** True when `path` is a secret field of SECRET_FIELDS or lies inside one. */
export function isSecretField(path: Path): boolean {
  for (let p = 0; p < FIELD_PATTERNS.length; p++) {
    const pattern = FIELD_PATTERNS[p]!;
    if (pattern.length > path.length) continue;
    let matches = true;
    for (let i = 0; i < pattern.length && matches; i++) {
      matches = pattern[i] === "*" || pattern[i] === String(path[i] as PathSegment);
    }
    if (matches) return true;
  }
  return false;
}

/** The words of a key: `aws_secret_access_key` → aws, secret, access, key; `sasToken` → sas, token. */
function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/**
 * True when an object key names a credential. The rule, loose on purpose (a key we miss is a secret in clear in
 * state and diffs; a key we over-match only shows as "[secret]"):
 *  - the key, without case, `-` and `_`, is one of SECRET_KEY_NAMES (`apiKey`, `Authorization`, `x-api-key`...); else
 *  - a key whose last word is a REFERENCE_WORD (`credentialId`, `tokenType`) is not secret; else
 *  - one of its words, or two adjacent words together, is one of SECRET_KEY_NAMES (`sasToken`,
 *    `aws_secret_access_key`, `connectionString`, `db.password`); else
 *  - the whole key ends with one of SECRET_KEY_NAMES of 5 letters or more (`sastoken`, `dbpassword`, keys written
 *    without word boundaries).
 * A word that merely starts like a credential is not one: `tokenizer`, `passthroughColumns`, `keyColumn` are plain.
 */
export function isSecretKeyName(key: PathSegment): boolean {
  if (typeof key !== "string") return false;
  let known = KEY_VERDICTS.get(key);
  if (known === undefined) {
    known = judgeKeyName(key);
    // Every path of every answer asks about the same few dozen keys: the verdicts are kept, up to a bound (a
    // server's keys are its own; a hostile one must not grow this without end).
    if (KEY_VERDICTS.size >= MAX_KEY_VERDICTS) KEY_VERDICTS.clear();
    KEY_VERDICTS.set(key, known);
  }
  return known;
}

const KEY_VERDICTS = new Map<string, boolean>();
const MAX_KEY_VERDICTS = 10_000;

function judgeKeyName(key: string): boolean {
  const whole = normalise(key);
  if (SECRET_KEYS.has(whole)) return true;
  const words = keyWords(key);
  if (words.length === 0 || REFERENCE_WORDS.has(words[words.length - 1])) return false;
  for (let i = 0; i < words.length; i++) {
    if (SECRET_KEYS.has(words[i]) || (i + 1 < words.length && SECRET_KEYS.has(words[i] + words[i + 1]))) return true;
  }
  return [...SECRET_KEYS].some((name) => name.length >= 5 && whole.endsWith(name));
}

/** True when a URL query parameter (or a `name=value` pair in a text) carries a credential: `sig`, `X-Amz-Signature`... */
export function isCredentialParameter(name: string): boolean {
  return CREDENTIAL_PARAMETERS.has(normalise(decode(name)));
}

/** `scheme://userinfo@` at the start of a value. */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^@/?#\s]+)@/i;
/** One query parameter: its separator, name and value (up to the next separator or fragment). */
const QUERY_PARAMETER = /([?&;])([^=&;#\s]+)=([^&;#\s]*)/g;

function queryPart(url: string): { start: number; text: string } | undefined {
  const start = url.indexOf("?");
  if (start < 0) return undefined;
  const hash = url.indexOf("#", start);
  return { start, text: url.slice(start, hash < 0 ? url.length : hash) };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

/**
 * The credentials inside a URL-like value: the userinfo (whole and its password) and the values of credential query
 * parameters, raw and decoded. Empty when the value carries none.
 */
export function urlCredentials(text: string): string[] {
  // Surrounding whitespace does not stop a server from using the URL (it trims), so it must not hide its credentials.
  const value = text.trim();
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) return [];
  const found: string[] = [];
  const userinfo = USERINFO.exec(value);
  if (userinfo) {
    const info = userinfo[2];
    const colon = info.indexOf(":");
    found.push(info);
    if (colon >= 0 && colon < info.length - 1) found.push(info.slice(colon + 1), decode(info.slice(colon + 1)));
    else found.push(decode(info));
  }
  const query = queryPart(value);
  if (query) {
    for (const match of query.text.matchAll(QUERY_PARAMETER)) {
      if (match[3] !== "" && CREDENTIAL_PARAMETERS.has(normalise(decode(match[2])))) {
        found.push(match[3], decode(match[3]));
      }
    }
  }
  return [...new Set(found)].filter((text) => text !== "");
}

/** True when a string is a URL carrying credentials (userinfo or a credential query parameter). */
export function hasUrlCredentials(value: unknown): boolean {
  // Credentials need a userinfo (`@`) or a query (`?`): most strings have neither, and are told without a parse.
  return typeof value === "string" && (value.includes("@") || value.includes("?")) && urlCredentials(value).length > 0;
}

/** The URL with its credentials replaced by "[secret]" (the rest kept, for debugging): `https://[secret]@h/?sig=[secret]`. */
export function maskUrlCredentials(text: string): string {
  if (!hasUrlCredentials(text)) return text;
  const start = text.length - text.trimStart().length;
  const value = text.trim();
  const around = [text.slice(0, start), text.slice(start + value.length)];
  let out = value.replace(USERINFO, (_all, scheme: string) => `${scheme}${SECRET_MARK}@`);
  const query = queryPart(out);
  if (query) {
    const masked = query.text.replace(QUERY_PARAMETER, (all, separator: string, name: string, inner: string) =>
      inner !== "" && CREDENTIAL_PARAMETERS.has(normalise(decode(name))) ? `${separator}${name}=${SECRET_MARK}` : all,
    );
    out = out.slice(0, query.start) + masked + out.slice(query.start + query.text.length);
  }
  return around[0] + out + around[1];
}

/** Whether the key at `path` makes its value secret, whatever the value (rules 1 and 2). */
export function isSecretPath(path: Path): boolean {
  if (isSecretField(path)) return true;
  for (let i = 0; i < path.length; i++) if (isSecretKeyName(path[i]!)) return true;
  return false;
}

/** Whether the value at `path` is a secret (rules 1 to 3). Null and undefined are never secret (nothing to hide). */
export function isSecretValue(path: Path, value: unknown): boolean {
  if (value === null || value === undefined) return false;
  return isSecretPath(path) || hasUrlCredentials(value);
}

/** True when `value` holds a secret at or below `path`. */
export function containsSecretValue(value: unknown, path: Path = [], depth = 0): boolean {
  if (isSecretValue(path, value)) return true;
  if (depth > 64) return false;
  if (Array.isArray(value)) return value.some((item, i) => containsSecretValue(item, [...path, i], depth + 1));
  if (isNonArrayObject(value)) {
    return Object.entries(value).some(([key, inner]) => containsSecretValue(inner, [...path, key], depth + 1));
  }
  return false;
}

/**
 * A copy of `value` for a log line: secret values replaced by "[secret]", URLs keeping everything but their
 * credentials.
 */
export function redactSecrets(value: unknown, path: Path = [], depth = 0): unknown {
  if (depth > 50) return "[too deep]";
  if (value === null || value === undefined) return value;
  if (isSecretPath(path)) return SECRET_MARK;
  if (typeof value === "string") return maskUrlCredentials(value);
  if (Array.isArray(value)) return value.map((item, i) => redactSecrets(item, [...path, i], depth + 1));
  if (isNonArrayObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = redactSecrets(inner, [...path, key], depth + 1);
    return out;
  }
  return value;
}

/** A copy of `value` with every secret value replaced by `replacement`: for what is stored or shown in plain text. */
export function replaceSecrets(value: unknown, replacement: string, path: Path = []): unknown {
  // One path, grown and shrunk as the walk goes (isSecretValue reads it only during the call): no copy per node.
  return replacing(value, replacement, [...path], 0);
}

function replacing(value: unknown, replacement: string, path: PathSegment[], depth: number): unknown {
  if (depth > 50) return replacement;
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      out.push(replacing(value[i], replacement, path, depth + 1));
      path.pop();
    }
    return out;
  }
  if (isNonArrayObject(value)) {
    const out: Record<string, unknown> = {};
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      path.push(keys[i]!);
      out[keys[i]!] = replacing(value[keys[i]!], replacement, path, depth + 1);
      path.pop();
    }
    return out;
  }
  return isSecretValue(path, value) ? replacement : value;
}

/**
 * Every text a message could quote of the secrets in `value` (e.g. a request body): each secret value as a whole and,
 * for URLs, their credentials alone. Used to scrub what a server echoes back.
 */
export function secretTexts(value: unknown, path: Path = [], depth = 0): string[] {
  const out = new Set<string>();
  const walk = (current: unknown, at: Path, level: number) => {
    if (current === null || current === undefined || level > 50) return;
    if (isSecretPath(at) && (typeof current !== "object" || current === null)) {
      out.add(String(current));
      if (typeof current === "string") {
        for (const text of urlCredentials(current)) out.add(text);
        // `Bearer <token>`, `Basic <credentials>`: a server may quote the credential without its scheme.
        for (const word of current.split(/\s+/)) if (word.length >= 8) out.add(word);
      }
      return;
    }
    if (typeof current === "string") {
      const credentials = urlCredentials(current);
      if (credentials.length > 0) {
        out.add(current);
        for (const text of credentials) out.add(text);
      }
      return;
    }
    if (Array.isArray(current)) current.forEach((item, i) => walk(item, [...at, i], level + 1));
    else if (isNonArrayObject(current))
      for (const [key, inner] of Object.entries(current)) walk(inner, [...at, key], level + 1);
  };
  walk(value, path, depth);
  // Longest first, so a whole value is replaced before a part of it.
  return [...out].sort((a, b) => b.length - a.length);
}
