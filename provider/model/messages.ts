/**
 * The message texts of zod issues, per issue kind: what is wrong, then how to fix it.
 *
 * zod's own texts ("Required", "Expected string, received number") name neither the adapter type nor the fix, so
 * `validateInputs` parses with the error map built here. It knows the whole input, so a missing `url` can say
 * `required for intake type "s3" — set it to the S3 URL to score, e.g. "s3://bucket/input.csv"`.
 * Explicit messages written in the schemas (refinements, cross-field rules) are kept as they are. Turning the issues
 * into one per problem, at the most precise path, is flatten.ts's job.
 */
import { z } from "zod";
import { ADAPTER_SECTIONS, adapterContext } from "./adapter-context";
import { hintFor, TYPE_HINTS } from "./hints";
import { getAt } from "./paths";
import { isNonArrayObject } from "../values";

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const withHint = (text: string, hint: string | undefined) => (hint ? `${text} — ${hint}` : text);

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** The error map for one validation run over `root` (the input being validated). */
export function makeErrorMap(root: unknown): z.ZodErrorMap {
  return (issue, ctx) => {
    const { label, type } = adapterContext(root, issue.path);
    const hint = hintFor(issue.path, type);
    switch (issue.code) {
      case z.ZodIssueCode.invalid_type:
        if (issue.received === "undefined") return { message: withHint(`required${label}`, hint ?? "set it") };
        return {
          message: withHint(
            `must be ${article(issue.expected)}, not ${issue.received}`,
            hint ?? TYPE_HINTS[issue.expected],
          ),
        };
      case z.ZodIssueCode.invalid_literal:
        return { message: withHint(`must be ${JSON.stringify(issue.expected)}, not ${preview(ctx.data)}`, hint) };
      case z.ZodIssueCode.invalid_enum_value:
        return {
          message: `${preview(issue.received)} is not allowed${label} — use one of: ${issue.options.map((o) => JSON.stringify(o)).join(", ")}`,
        };
      case z.ZodIssueCode.invalid_union_discriminator: {
        const section = ADAPTER_SECTIONS[String(issue.path[0])];
        const kind = section ? `${section.kind} type` : "type";
        const options = issue.options.filter((o) => o !== undefined).map((o) => JSON.stringify(o));
        const given = getAt(ctx.data, ["type"]);
        const what =
          given === undefined ? `required — choose the ${kind}` : `${preview(given)} is not a supported ${kind}`;
        return { message: `${what}; use one of: ${options.join(", ")}` };
      }
      case z.ZodIssueCode.too_small:
        if (issue.type === "string" && issue.minimum === 1)
          return { message: withHint("must not be empty", hint ?? "set a value, or remove the field") };
        if (issue.type === "array")
          return {
            message: withHint(`must list at least ${issue.minimum} item${issue.minimum === 1 ? "" : "s"}`, hint),
          };
        return {
          message: withHint(
            `${preview(ctx.data)} is too small: must be ${issue.inclusive ? "at least" : "more than"} ${issue.minimum}`,
            hint,
          ),
        };
      case z.ZodIssueCode.too_big:
        if (issue.type === "array") return { message: withHint(`must list at most ${issue.maximum} items`, hint) };
        return {
          message: withHint(
            `${preview(ctx.data)} is too large: must be ${issue.inclusive ? "at most" : "less than"} ${issue.maximum}`,
            hint,
          ),
        };
      case z.ZodIssueCode.invalid_string:
        if (issue.validation === "regex")
          return {
            message: withHint(`${preview(ctx.data)} is not a valid DataRobot id`, hint ?? "use 24 hex characters"),
          };
        return { message: withHint(ctx.defaultError, hint) };
      case z.ZodIssueCode.invalid_union:
        // An adapter (a known type, or any other: adapters.ts) is an object whatever its type.
        if (issue.path.length === 1 && ADAPTER_SECTIONS[String(issue.path[0])] && !isNonArrayObject(ctx.data))
          return {
            message: withHint(`must be an object, not ${Array.isArray(ctx.data) ? "array" : typeof ctx.data}`, hint),
          };
        return { message: withHint(`${preview(ctx.data)} is not valid`, hint) };
      case z.ZodIssueCode.custom:
        return { message: ctx.defaultError };
      default:
        return { message: withHint(ctx.defaultError, hint) };
    }
  };
}
