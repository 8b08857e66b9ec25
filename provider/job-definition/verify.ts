/**
 * Verifying a write: after every POST/PATCH the response is compared with what the program asked for, so state holds
 * what DataRobot holds and a change the server did not take never passes silently.
 *
 * DataRobot does not document what a PATCH does to job-spec keys it omits, nor whether `null` clears a field. The
 * provider sends the whole written spec (so merge, replace and fill-defaults semantics all end in the same place) and
 * checks the result. The one escalation: a field removed from the program that the server kept is cleared with a
 * second PATCH (the whole spec again, plus that field at its default or `null`), and the result is checked again.
 * Anything still different fails the `up` with each field, what the server holds, and what to do.
 */
import { DataRobotApiError, type ApiJobDefinition, type DataRobotClient } from "../client";
import {
  canonicalFromResponse,
  clearingBody,
  containsSecretValue,
  writeMismatches,
  type CanonicalJobDefinition,
  type WriteMismatch,
  type WrittenJobDefinition,
} from "../model";

/** Thrown when DataRobot holds something else than the program asked for after a write (and its one retry). */
export class WriteNotAppliedError extends Error {
  /** Read by Pulumi's dynamic-provider host: the resource exists with these outputs, and the operation failed. */
  readonly id: string;
  readonly properties: Record<string, unknown>;
  readonly reasons: string[];

  constructor(label: string, id: string, mismatches: WriteMismatch[], properties: Record<string, unknown>, note = "") {
    const lines = mismatches.map(describeMismatch);
    const advice =
      (note ? `${note} ` : "") +
      "Pulumi's state now records what DataRobot holds. Write each field listed above explicitly with the value you " +
      "want (for a field you removed: its default), or correct it in DataRobot and run `pulumi refresh`; then run " +
      "`pulumi up` again.";
    super(
      `DataRobot did not apply this change to ${label} (id ${id}):\n` +
        lines.map((line) => `  - ${line}`).join("\n") +
        `\n${advice}`,
    );
    this.name = "WriteNotAppliedError";
    this.id = id;
    this.properties = properties;
    // The engine shows only these reasons for a resource it records despite the error: they must say it all.
    this.reasons = [`DataRobot did not apply this change to ${label} (id ${id})`, ...lines, advice];
  }
}

/** A value for a message: secrets (the model's one list) masked, long values cut. */
function show(path: string, value: unknown): string {
  if (value === undefined) return "nothing";
  if (containsSecretValue(value, path.split(/[.[\]]/).filter(Boolean))) return "[secret]";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function describeMismatch(m: WriteMismatch): string {
  if (m.removed) {
    const wanted = m.expected === undefined ? "no value" : `its default ${show(m.path, m.expected)}`;
    return `${m.path}: removed from the program (expected ${wanted}), but DataRobot still holds ${show(m.path, m.actual)}`;
  }
  return `${m.path}: the program sets ${show(m.path, m.expected)}, but DataRobot holds ${show(m.path, m.actual)}`;
}

export interface VerifyArgs {
  client: DataRobotClient;
  id: string;
  /** "batch prediction job definition "nightly" " for messages. */
  label: string;
  response: ApiJobDefinition;
  /** What the program writes now. */
  after: WrittenJobDefinition;
  /** What the program wrote before this change ({} on create). */
  before?: WrittenJobDefinition;
  /** The outputs to record for a given response when the write is found not applied. */
  outputsFor(response: ApiJobDefinition): Record<string, unknown>;
}

/** A write DataRobot applied: the response to keep and its canonical form against `after`, which outputs are built from. */
export interface VerifiedWrite {
  response: ApiJobDefinition;
  /** `canonicalFromResponse(response, after)`. */
  actual: CanonicalJobDefinition;
}

function checkWrite(response: ApiJobDefinition, after: WrittenJobDefinition, before: WrittenJobDefinition) {
  const actual = canonicalFromResponse(response, after);
  const mismatches = writeMismatches(actual as unknown as Record<string, unknown>, after, before);
  return { response, actual, mismatches };
}

/** The response to keep once the server holds what the program says; throws WriteNotAppliedError otherwise. */
export async function verifyWrite(args: VerifyArgs): Promise<VerifiedWrite> {
  const before = args.before ?? {};
  let { response, actual, mismatches } = checkWrite(args.response, args.after, before);
  if (mismatches.length === 0) return { response, actual };

  let note = "";
  const removed = [...new Set(mismatches.filter((m) => m.removed && m.path === m.field).map((m) => m.field))];
  if (removed.length > 0) {
    try {
      const cleared = await args.client.updateJobDefinition(args.id, clearingBody(args.after, removed));
      ({ response, actual, mismatches } = checkWrite(cleared, args.after, before));
    } catch (error) {
      if (!(error instanceof DataRobotApiError) || error.status >= 500 || error.status === 0) throw error;
      note = `DataRobot refused to clear ${removed.join(", ")} (${error.status}: ${error.apiMessage}).`;
    }
  }
  if (mismatches.length === 0) return { response, actual };
  throw new WriteNotAppliedError(args.label, args.id, mismatches, args.outputsFor(response), note);
}
