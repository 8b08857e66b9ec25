/**
 * Marks the secret values of a definition's arguments as Pulumi secrets before the resource registers them, following
 * the model's one list of secrets (`provider/model/secrets.ts`).
 *
 * Why here: a dynamic provider cannot return secrets, and `additionalSecretOutputs` only takes top-level names (it
 * would hide all of `outputSettings`). A secret *input*, however, is kept secret by the engine at its own nested path:
 * in the stored inputs, in the inputs `check` returns, and in the outputs of create/update/refresh (the engine copies
 * the secretness of each input leaf onto the output of the same path). So each secret leaf is wrapped, and the
 * rest of the object stays readable in state, `pulumi preview --diff` and reviews.
 *
 * Values given as Outputs/promises are only known later: a secret field is wrapped as a whole; any other Output is
 * checked once resolved and, when it holds a secret (e.g. a URL with a SAS signature), made secret as a whole (the
 * smallest value Pulumi can mark at that point).
 */
import * as pulumi from "@pulumi/pulumi";
import { containsSecretValue, isSecretPath, isSecretValue, type Path } from "../provider/model";
import { isObjectLiteral, isPromiseLike } from "../provider/values";

/** `value` with every secret leaf at or below `path` wrapped in `pulumi.secret`; other values are returned as is. */
export function markSecretInputs(value: unknown, path: Path = []): unknown {
  if (value === undefined || value === null) return value;
  if (pulumi.Output.isInstance(value) || isPromiseLike(value)) {
    if (isSecretPath(path)) return pulumi.secret(value);
    const resolved = pulumi.output(value) as unknown as pulumi.Output<unknown>;
    return resolved.apply((known) => (containsSecretValue(known, path) ? pulumi.secret(known) : known));
  }
  if (isSecretValue(path, value) && (typeof value !== "object" || value === null)) return pulumi.secret(value);
  if (Array.isArray(value)) {
    // (The engine then stores the whole output list as a secret: outputs of a list are matched as a whole.)
    const items = value.map((item, i) => markSecretInputs(item, [...path, i]));
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  if (isObjectLiteral(value)) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = markSecretInputs(inner, [...path, key]);
      if (out[key] !== inner) changed = true;
    }
    return changed ? out : value;
  }
  return value;
}
