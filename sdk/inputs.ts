/**
 * Turns a plain payload type (derived from the zod model) into Pulumi's input type: every property, at every level,
 * may be a plain value, a promise or an Output.
 */
import type * as pulumi from "@pulumi/pulumi";

type Primitive = string | number | boolean | null | undefined;

export type DeepInput<T> = T extends Primitive
  ? T
  : T extends readonly (infer Item)[]
    ? pulumi.Input<DeepInput<Item>>[]
    : { [K in keyof T]: pulumi.Input<DeepInput<T[K]>> };

/** Each top-level property of T as a (deep) Pulumi input. */
export type InputsOf<T> = { [K in keyof T]: pulumi.Input<DeepInput<T[K]>> };
