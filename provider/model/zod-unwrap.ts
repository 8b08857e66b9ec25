/**
 * The one place that looks through zod's wrapper schemas, by their public classes and methods (no private fields):
 * the error map (messages.ts) and the generated reference (scripts/reference.ts) both need the schema doing the
 * real work behind `.optional()`, `.nullable()`, `.default()` and refinements. A zod upgrade that changes the
 * wrappers is fixed here.
 */
import { z } from "zod";

/** Unwraps optional/nullable/default/effects wrappers to the schema doing the real work. */
export function unwrapSchema(schema: z.ZodTypeAny): z.ZodTypeAny {
  for (;;) {
    if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) schema = schema.unwrap();
    else if (schema instanceof z.ZodDefault) schema = schema.removeDefault();
    else if (schema instanceof z.ZodEffects) schema = schema.innerType();
    else return schema;
  }
}
