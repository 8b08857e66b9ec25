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
import { escapeControlCharacters } from "../model/guards";
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
 * The one scrubber for server text: every occurrence of the given secrets (the API token, a request's secret
 * values), in each of their `quotedForms`, becomes "[secret]"; then control and bidirectional-override characters are
 * escaped visibly (`\u001b`), so what a server says cannot drive a terminal or disguise itself in a log.
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  const forms = new Set<string>();
  // Very short strings would shred ordinary text; tokens and keys are long.
  for (const secret of secrets)
    if (secret && secret.length >= 4) for (const form of quotedForms(secret)) forms.add(form);
  // Longest first, so that a whole secret is replaced before a part of it.
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join(SECRET_PLACEHOLDER);
  return escapeControlCharacters(out);
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
