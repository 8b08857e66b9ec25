/**
 * Redaction of secrets before anything reaches a log line or an error message.
 *
 * Which values are secret is decided by the model's one list (`provider/model/secrets.ts`): the secret fields of a
 * definition (`predictionInstance.apiKey`, `outputSettings.serverSideEncryption.customerKey`, every http output
 * header value, ...), keys naming a credential anywhere, and credentials inside URLs. A misbehaving server could echo
 * the API token or a request's own secrets back in a message: `redactText` cuts those out.
 */
import { redactSecrets, secretTexts, SECRET_MARK } from "../model/secrets";

export const SECRET_PLACEHOLDER = SECRET_MARK;

/** A deep copy of `value` in which secret values are replaced by "[secret]" (URLs keep all but their credentials). */
export function redactValue(value: unknown): unknown {
  return redactSecrets(value);
}

/** The texts of the secrets held by a request body, to scrub from what the server answers. */
export function requestSecrets(body: unknown): string[] {
  return body === undefined ? [] : secretTexts(body);
}

/** Replaces every occurrence of the given secrets (e.g. the API token) in a text. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so that a whole secret is replaced before a part of it.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    // Very short strings would shred ordinary text; tokens and keys are long.
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
