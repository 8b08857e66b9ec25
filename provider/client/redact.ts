/**
 * Redaction of secrets before anything reaches a log line or an error message.
 *
 * Which values are secret is decided by the model's one list (`provider/model/secrets.ts`): the secret fields of a
 * definition (`predictionInstance.apiKey`, `outputSettings.serverSideEncryption.customerKey`, every http output
 * header value, ...), keys naming a credential anywhere, and credentials inside URLs. A misbehaving server could echo
 * the API token or a request's own secrets back in a message: `redactText` is THE scrubber for every text a server
 * sends that we print or store (error bodies, a job's statusDetails and logs, probe answers, debug lines). It cuts
 * each secret out in the forms a server quotes it in, and makes control characters visible.
 */
import {
  escapeControlCharacters,
  isCredentialParameter,
  isSecretKeyName,
  maskUrlCredentials,
  redactSecrets,
  secretTexts,
  SECRET_MARK,
} from "../model";

export const SECRET_PLACEHOLDER = SECRET_MARK;

/** A deep copy of `value` in which secret values are replaced by "[secret]" (URLs keep all but their credentials). */
export function redactValue(value: unknown): unknown {
  return redactSecrets(value);
}

/** The texts of the secrets held by a request body, to scrub from what the server answers. */
export function requestSecrets(body: unknown): string[] {
  return body === undefined ? [] : secretTexts(body);
}

/** `%2f` for `%2F`: percent-encoding is case-insensitive and servers differ in which case they write. */
const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());

/**
 * The forms in which a server may quote `secret`: as is; JSON-escaped (a message quoting a JSON body, where `"` is
 * `\"` and `\` is `\\`), also twice (JSON quoted inside a JSON string); percent-encoded (a URL or a form body
 * quoting `AbC/dEf+GhI=` as `AbC%2FdEf%2BGhI%3D`, upper or lower hex, a space as `%20` or `+`, or with `encodeURI`,
 * which keeps `/`, `+` and `=`).
 */
export function quotedForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  const json = JSON.stringify(secret).slice(1, -1);
  forms.add(json);
  forms.add(JSON.stringify(json).slice(1, -1));
  for (const encoded of [tryEncode(encodeURIComponent, secret), tryEncode(encodeURI, secret)]) {
    if (encoded === undefined) continue;
    for (const form of [encoded, encoded.replace(/%20/g, "+")]) {
      forms.add(form);
      forms.add(lowerHex(form));
    }
  }
  return [...forms];
}

function tryEncode(encode: (text: string) => string, text: string): string | undefined {
  try {
    return encode(text);
  } catch {
    return undefined; // a lone surrogate: no URL can quote it
  }
}

/**
 * The one scrubber for server text:
 *  1. every occurrence of the given secrets (the API token, a request's secret values), in each of their
 *     `quotedForms`, becomes "[secret]";
 *  2. secrets we were never told, by their shape (the model's rules, secrets.ts): the value of a JSON member whose key
 *     names a credential (`"apiKey":"..."`, also inside a JSON-escaped JSON text), of a `name=value` pair whose name
 *     does (`token=...`, `sig=...`), and the credentials of a URL (`https://user:pass@...`). DataRobot never returns
 *     write-only values such as `predictionInstance.apiKey`, so a run cannot know them, but a server may still quote
 *     them;
 *  3. control and bidirectional-override characters are escaped visibly (`\u001b`), so what a server says cannot
 *     drive a terminal or disguise itself in a log, a JSON document or a review.
 */
export function redactText(text: string, secrets: readonly string[]): string {
  return textScrubber(secrets)(text);
}

/** `redactText` with its secrets prepared once, for scrubbing many texts (every string of a job) with the same list. */
export function textScrubber(secrets: readonly string[]): (text: string) => string {
  const forms = new Set<string>();
  // Very short strings would shred ordinary text; tokens and keys are long.
  for (const secret of secrets)
    if (secret && secret.length >= 4) for (const form of quotedForms(secret)) forms.add(form);
  // Longest first, so that a whole secret is replaced before a part of it.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => scrubWith(text, ordered);
}

function scrubWith(text: string, forms: readonly string[]): string {
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join(SECRET_PLACEHOLDER);
  out = maskSecretJsonMembers(out);
  out = out.replace(NAME_VALUE, (all, name: string) =>
    isSecretKeyName(name) || (isCredentialParameter(name) && !PLAIN_WORDS.has(name.toLowerCase()))
      ? `${name}=${SECRET_PLACEHOLDER}`
      : all,
  );
  out = out.replace(URL_IN_TEXT, (url) => maskUrlCredentials(url));
  return escapeControlCharacters(out);
}

/**
 * Credential query parameters that are ordinary words in a message (`status code=503`): in a `name=value` pair
 * outside a URL they are kept; inside a URL the URL's own masking still hides them.
 */
const PLAIN_WORDS: ReadonlySet<string> = new Set(["code", "key"]);
/** `name=value` in a text: a query parameter, a form field, a log's `token=...`. */
const NAME_VALUE = /(?<![\w.-])([A-Za-z][\w.-]{0,63})=(?!\[secret\])[^\s&;,"'<>]+/g;
/** A URL inside a text, up to whitespace or a quote (the scheme bounded: linear time on `a.a.a.a...`). */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]{0,31}:\/\/[^\s"'<>]+/gi;
/**
 * The start of a JSON member up to its value's opening quote: `"apiKey": "`, and the same JSON-escaped once or more
 * (`\"apiKey\":\"`, a JSON text quoted inside a JSON string). Group 1 is the escape (k backslashes, k = 2^n - 1 at
 * depth n; bounded, so a long run of backslashes costs linear time), group 2 the key.
 */
const JSON_MEMBER = /(\\{0,15})"([\w .-]{1,100})\1"\s*:\s*\1"/g;
/** How far a value's closing quote is looked for: bounds the work on a hostile text. */
const MAX_VALUE_SCAN = 4096;

function maskSecretJsonMembers(text: string): string {
  if (!text.includes('"')) return text;
  let out = "";
  let last = 0;
  for (const match of text.matchAll(JSON_MEMBER)) {
    const at = match.index ?? 0;
    if (at < last || !isSecretKeyName(match[2])) continue;
    const start = at + match[0].length;
    const end = closingQuote(text, start, match[1].length);
    if (end < 0) continue;
    out += text.slice(last, start) + SECRET_PLACEHOLDER;
    last = end;
  }
  return out + text.slice(last);
}

/**
 * Where the string value starting at `from` ends (the index of its closing quote's escape) at escape depth `k`: a
 * quote preceded by r backslashes closes it when r mod 2(k+1) = k (r even at depth 0; at depth 1 `\"` closes it and
 * `\\\"`, an escaped quote inside, does not). -1 when not found within MAX_VALUE_SCAN characters.
 */
function closingQuote(text: string, from: number, k: number): number {
  const limit = Math.min(text.length, from + MAX_VALUE_SCAN);
  for (let i = from; i < limit; i++) {
    if (text[i] !== '"') continue;
    let run = 0;
    while (run < 64 && i - 1 - run >= from && text[i - 1 - run] === "\\") run++;
    if (run % (2 * (k + 1)) === k) return i - k;
  }
  return -1;
}

/** A deep copy of `value` with every string (not the keys) passed through `scrub`: a server's answer, fit to keep. */
export function scrubStrings(value: unknown, scrub: (text: string) => string, depth = 0): unknown {
  if (typeof value === "string") return scrub(value);
  if (depth > 50 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => scrubStrings(item, scrub, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    // defineProperty: a `__proto__` key from JSON stays a key instead of replacing the copy's prototype.
    Object.defineProperty(out, key, {
      value: scrubStrings(inner, scrub, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** JSON for a log line: redacted, and cut to `max` characters so a large body does not flood the log. */
export function redactedJson(value: unknown, secrets: readonly string[], max = 2000): string {
  let text: string;
  try {
    text = JSON.stringify(redactValue(value)) ?? "";
  } catch {
    text = "[unserialisable]";
  }
  text = redactText(text, secrets);
  return text.length > max ? `${text.slice(0, max)}…(${text.length - max} more chars)` : text;
}
