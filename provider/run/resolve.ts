/**
 * Turns what the caller has into a definition id: an id, an exact name, or a resource output (anything with an
 * `id` that is a string, a promise or a Pulumi Output). Pulumi is not imported: an Output is recognised by its
 * `apply` method, so the CLI does not load the Pulumi SDK.
 */
import { NotFoundError } from "../client/errors";
import type { DataRobotClient } from "../client/client";
import type { ApiJobDefinition } from "../client/types";
import { OBJECT_ID_PATTERN } from "../model";
import { isPromiseLike } from "../values";
import { DefinitionNotFoundError } from "./errors";

/** Something that eventually yields a string: a plain value, a promise, or a Pulumi Output. */
export type Eventually<T> = T | PromiseLike<T> | { apply<U>(f: (value: T) => U): unknown };

/** An id (24 hex digits), an exact name, or a resource (e.g. a `BatchPredictionJobDefinition`) with an `id`. */
export type DefinitionReference = Eventually<string> | { id: Eventually<string> };

export interface ResolvedDefinition {
  id: string;
  name?: string;
  /** The definition as read while resolving (its intake/output types decide about local files). */
  definition?: ApiJobDefinition;
}

function isOutputLike(value: unknown): value is { apply<U>(f: (v: string) => U): unknown } {
  return value !== null && typeof value === "object" && typeof (value as { apply?: unknown }).apply === "function";
}

async function settle(value: unknown): Promise<unknown> {
  if (isPromiseLike(value)) return value;
  // An Output's value is only reachable through apply; it never calls back while unknown (preview).
  if (isOutputLike(value)) return new Promise((resolve) => value.apply((inner) => resolve(inner)));
  return value;
}

/** The string the reference stands for (awaiting promises and Outputs). */
export async function referenceText(reference: DefinitionReference): Promise<string> {
  let value: unknown = reference;
  if (value !== null && typeof value === "object" && !isPromiseLike(value) && !isOutputLike(value) && "id" in value) {
    value = (value as { id: unknown }).id;
  }
  value = await settle(value);
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(
      `runJobDefinition: expected a job definition id, name or resource, got ${JSON.stringify(value)}`,
    );
  }
  return value.trim();
}

/**
 * Finds the definition: by id when the text looks like one (falling back to a name lookup, since a name could be
 * 24 hex digits too), otherwise by exact name.
 */
export async function resolveDefinition(
  client: DataRobotClient,
  reference: DefinitionReference,
): Promise<ResolvedDefinition> {
  const text = await referenceText(reference);
  if (OBJECT_ID_PATTERN.test(text)) {
    try {
      // The client refuses an answer about another id; the id asked for is the one kept either way.
      const definition = await client.getJobDefinition(text);
      return { id: text, name: definition.name, definition };
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    const byName = await client.findJobDefinitionByName(text);
    if (byName) return { id: byName.id, name: byName.name, definition: byName };
    throw new DefinitionNotFoundError(text, "id or name");
  }
  const byName = await client.findJobDefinitionByName(text);
  if (!byName) throw new DefinitionNotFoundError(text, "name");
  return { id: byName.id, name: byName.name, definition: byName };
}
