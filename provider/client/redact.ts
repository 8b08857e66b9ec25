/**
 * Redaction of secrets before anything reaches a log line or an error message.
 *
 * Request bodies of job definitions may carry credentials (`predictionInstance.apiKey`, `datarobotKey`), and a
 * misbehaving server could echo the API token back in a message. Both are replaced by "[secret]".
 */

export const SECRET_PLACEHOLDER = "[secret]";

/** Keys whose values are never logged (compared case-insensitively). */
const SECRET_KEYS = new Set(["apikey", "datarobotkey", "token", "password", "secret", "authorization", "accesstoken"]);

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase());
}

/** A deep copy of `value` in which the values of secret keys are replaced by "[secret]". */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 50) return "[too deep]";
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      out[key] =
        isSecretKey(key) && inner !== null && inner !== undefined ? SECRET_PLACEHOLDER : redactValue(inner, depth + 1);
    }
    return out;
  }
  return value;
}

/** Replaces every occurrence of the given secrets (e.g. the API token) in a text. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short strings would shred ordinary text; tokens are long.
    if (secret && secret.length >= 4) out = out.split(secret).join(SECRET_PLACEHOLDER);
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
