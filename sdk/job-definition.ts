/**
 * `BatchPredictionJobDefinition`: a DataRobot batch prediction job definition as a Pulumi resource.
 *
 * Inputs are the DataRobot create body (flat, camelCase, exactly the API's field names) plus a few provider
 * settings. Types derive from the zod model in `provider/model`, so they cannot drift from the validation.
 */
import * as pulumi from "@pulumi/pulumi";
import { warnAboutInsecureEndpoint } from "./insecure-endpoint";
import {
  type JobDefinitionInputs,
  type CanonicalJobDefinition,
  sanitizeProgramArgs,
  JOB_DEFINITION_FIELDS,
  SECRET_BEARING_FIELDS,
  validateInputs,
} from "../provider/model";
import type { BatchJobStatus } from "../provider/client/job-status";
import type { InputsOf } from "./inputs";
import { JOB_DEFINITION_PROVIDER_TEXT } from "./serialized-provider";
import {
  ADOPTION_PREVIEW_KEY,
  COMPUTED_KEYS,
  pickPayload,
  PROVIDER_KEY,
  PROVIDER_SETTING_KEYS,
  REJECTED_KEY,
  type DataRobotComputedKey,
  type WrittenProviderSettingKey,
} from "../provider/job-definition/fields";
import {
  adoptedWarning,
  adoptionPreviewWarning,
  isAdoptionRecord,
  type AdoptionRecord,
} from "../provider/job-definition/adoption";
import { generatedName } from "../provider/job-definition/operations";
import { isPromiseLike } from "../provider/values";
import { markSecretInputs } from "./secret-inputs";
import { JOB_DEFINITION_TYPE_TOKEN } from "./type-tokens";
import { logTarget } from "./log-target";
import { isolateEngineConnections } from "./engine-connections";

export { PULUMI_MODULE, JOB_DEFINITION_TYPE } from "./type-tokens";

/** Provider settings: how this resource is managed. Never sent to DataRobot. */
export interface BatchPredictionJobDefinitionSettings {
  /**
   * A DataRobot endpoint for this resource only (multi-tenant stacks), e.g. `https://eu.datarobot.com/api/v2`.
   * Defaults to `datarobot:endpoint` / `DATAROBOT_ENDPOINT`. It must be the stack's endpoint or one named in the
   * stack config `datarobot:connections` (whose `apiToken` is used there): the token is never sent to an endpoint
   * the stack's configuration does not name. Changing it replaces the definition (it is a different DataRobot).
   */
  endpoint?: pulumi.Input<string>;
  /**
   * When a definition with the same `name` already exists (created in the UI, or by an interrupted run), take it
   * over and update it to this program's settings instead of failing with a name conflict. Default false.
   */
  adoptExisting?: pulumi.Input<boolean>;
  /**
   * What `pulumi destroy` (or removing the resource) does to a definition this resource adopted: by default it is
   * left in DataRobot and only forgotten by Pulumi, because it was not created by this stack and may still belong to
   * another stack or a person. Set true to delete it like a definition this stack created. Default false.
   */
  deleteAdoptedOnDestroy?: pulumi.Input<boolean>;
  /**
   * When DataRobot refuses a delete because jobs of the definition are running, abort those jobs and delete again.
   * Default false (the delete fails with a message saying so).
   */
  abortRunningJobsOnDelete?: pulumi.Input<boolean>;
}

/**
 * Top-level fields of the DataRobot create body that this package does not model yet (a field DataRobot added after
 * this release, e.g. `explanationsMode`), by their API names. Each is sent to DataRobot as written, stored and
 * compared like any other field, and `pulumi preview` warns that this package does not know it. Nested keys need no
 * such escape: an adapter of a type this package does not know takes any key, and an unknown key of a known object
 * is sent as written too (with a warning).
 */
export type UnmodelledFields = Record<string, pulumi.Input<unknown>>;

/** The resource's arguments: every DataRobot field as a Pulumi input, plus the provider settings. */
export type BatchPredictionJobDefinitionArgs = InputsOf<JobDefinitionInputs> &
  BatchPredictionJobDefinitionSettings & {
    /**
     * Fields this package does not model yet, sent as written (see `UnmodelledFields`), e.g.
     * `unmodelledFields: { explanationsMode: "..." }`. A name this package models is refused: use its typed argument.
     */
    unmodelledFields?: UnmodelledFields;
  };

/** Names `unmodelledFields` must not take: the modelled fields and the provider settings. */
const RESERVED_FIELD_NAMES = new Set<string>([...JOB_DEFINITION_FIELDS, ...PROVIDER_SETTING_KEYS, "unmodelledFields"]);

/**
 * The arguments with `unmodelledFields` merged in at the top level, where the provider reads every payload field.
 * Throws on a name this package models (two values for one field would be ambiguous).
 */
function mergeUnmodelledFields(args: BatchPredictionJobDefinitionArgs): BatchPredictionJobDefinitionArgs {
  const { unmodelledFields, ...rest } = args;
  if (unmodelledFields === undefined) return args;
  const reserved = Object.keys(unmodelledFields).filter((key) => RESERVED_FIELD_NAMES.has(key));
  if (reserved.length > 0) {
    throw new Error(
      `unmodelledFields: ${reserved.join(", ")} ${reserved.length === 1 ? "is a field" : "are fields"} this package models — set ${reserved.length === 1 ? "it" : "them"} as a typed argument instead`,
    );
  }
  return { ...rest, ...unmodelledFields } as BatchPredictionJobDefinitionArgs;
}

/** Values DataRobot computes; null when DataRobot has none (e.g. a definition that never ran). */
export interface BatchPredictionJobDefinitionComputed {
  created: string | null;
  updated: string | null;
  /** The username (e-mail) of the creator. */
  createdBy: string | null;
  updatedBy: string | null;
  nextScheduledRunTime: string | null;
  lastStartedJobStatus: BatchJobStatus | null;
  lastStartedJobTime: string | null;
  lastSuccessfulRunTime: string | null;
  lastFailedRunTime: string | null;
  lastScheduledRunTime: string | null;
}

// Compile-time checks: the type above lists exactly what provider/job-definition/fields.ts says DataRobot computes
// (else this type is `never`, which no class can implement), and the resource class declares each as an output.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// And the settings a program writes are exactly those of provider/job-definition/fields.ts: a setting added there and
// not here (or the reverse) fails to compile.
const SETTINGS_MATCH: SameKeys<keyof BatchPredictionJobDefinitionSettings, WrittenProviderSettingKey> = true;
void SETTINGS_MATCH;
type ComputedOutputs =
  SameKeys<keyof BatchPredictionJobDefinitionComputed, DataRobotComputedKey> extends true
    ? {
        readonly [K in keyof BatchPredictionJobDefinitionComputed]: pulumi.Output<
          BatchPredictionJobDefinitionComputed[K]
        >;
      }
    : never;

/** Payload fields that are always output properties (the declared outputs below); the others when set. */
const DECLARED_PAYLOAD_OUTPUTS = [
  "name",
  "enabled",
  "schedule",
  "deploymentId",
  "intakeSettings",
  "outputSettings",
  "csvSettings",
  "predictionInstance",
] as const;

/**
 * Adoption is never silent: the preview warns which definition will be taken over, the `up` which one was. (The
 * dynamic provider cannot log to the engine, the program can.)
 */
function logAdoption(resource: BatchPredictionJobDefinition, constructedAt: number): void {
  resource.adoptTarget.apply((target) => {
    if (pulumi.runtime.isDryRun() && isAdoptionRecord(target)) {
      // Fire and forget: the runtime keeps the program alive until a log message is sent (all three below).
      void pulumi.log.warn(adoptionPreviewWarning(target), resource);
    }
  });
  resource.adopted.apply((record) => {
    if (pulumi.runtime.isDryRun() || !isAdoptionRecord(record) || !record.at) return;
    // Adopted after this resource object was declared: by this very `up` (a later run of the program declares it anew).
    if (Date.parse(record.at) < constructedAt) return;
    void pulumi.log.warn(adoptedWarning(record), resource);
  });
}

export { generatedName };

/**
 * Shows the model's warnings (likely mistakes that DataRobot may still accept, fields this package does not know) in
 * `pulumi preview` and `pulumi up`, against this resource (`target`, see log-target.ts). The dynamic provider's `check`
 * can only fail, not warn, so the resource class does it once the inputs are known. Never blocks.
 */
function warnAboutInputs(args: BatchPredictionJobDefinitionArgs, resource: pulumi.Resource): void {
  const warn = (resolved: Record<string, unknown>) => {
    const result = validateInputs(pickPayload(resolved), { allowUnknowns: true });
    for (const warning of result.warnings) void pulumi.log.warn(`${warning.path}: ${warning.message}`, resource);
  };
  // The common case (every value known when the program runs) is validated at once: an `apply` over the whole
  // argument object costs the Pulumi runtime several promises per nested value, which showed in the program's CPU
  // time at N = 1000 (bench/README.md).
  if (isKnownValue(args)) warn(args as unknown as Record<string, unknown>);
  else pulumi.output(args as unknown as Record<string, unknown>).apply((resolved) => warn(resolved));
}

/** Whether `value` holds no Output or promise anywhere (so it can be read as it is). */
function isKnownValue(value: unknown): boolean {
  if (value === null || typeof value !== "object") return true;
  if (pulumi.Output.isInstance(value) || isPromiseLike(value)) return false;
  return Object.values(value as Record<string, unknown>).every(isKnownValue);
}

/**
 * A dynamic resource: registered as `pulumi.dynamic.Resource` registers one (its type token, the `pulumi-nodejs`
 * provider), with a hand-written provider text instead of the closure serializer's (sdk/serialized-provider.ts).
 */
export class BatchPredictionJobDefinition extends pulumi.CustomResource implements ComputedOutputs {
  /** The definition's name (given, or generated as `<resource name>-<suffix>`). */
  declare readonly name: pulumi.Output<string>;
  declare readonly enabled: pulumi.Output<boolean>;
  declare readonly schedule: pulumi.Output<CanonicalJobDefinition["schedule"]>;
  declare readonly deploymentId: pulumi.Output<string>;
  declare readonly intakeSettings: pulumi.Output<CanonicalJobDefinition["intakeSettings"]>;
  declare readonly outputSettings: pulumi.Output<CanonicalJobDefinition["outputSettings"]>;
  declare readonly csvSettings: pulumi.Output<CanonicalJobDefinition["csvSettings"]>;
  declare readonly predictionInstance: pulumi.Output<CanonicalJobDefinition["predictionInstance"]>;
  declare readonly created: pulumi.Output<string | null>;
  declare readonly updated: pulumi.Output<string | null>;
  declare readonly createdBy: pulumi.Output<string | null>;
  declare readonly updatedBy: pulumi.Output<string | null>;
  declare readonly nextScheduledRunTime: pulumi.Output<string | null>;
  declare readonly lastStartedJobStatus: pulumi.Output<BatchPredictionJobDefinitionComputed["lastStartedJobStatus"]>;
  declare readonly lastStartedJobTime: pulumi.Output<string | null>;
  declare readonly lastSuccessfulRunTime: pulumi.Output<string | null>;
  declare readonly lastFailedRunTime: pulumi.Output<string | null>;
  declare readonly lastScheduledRunTime: pulumi.Output<string | null>;
  /** The existing definition this resource took over (adoptExisting), or undefined when it created its own. */
  declare readonly adopted: pulumi.Output<AdoptionRecord | undefined>;
  /** During a preview: the existing definition an adoptExisting create would take over. */
  declare readonly adoptTarget: pulumi.Output<AdoptionRecord | undefined>;

  /**
   * Reads an existing definition into the program without managing it (`pulumi refresh` keeps it current).
   * To manage a definition created elsewhere, declare it with `adoptExisting: true` instead (dynamic providers
   * cannot be imported; see docs/resource-reference.md, "Adopting existing definitions").
   */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    opts?: pulumi.CustomResourceOptions,
  ): BatchPredictionJobDefinition {
    // No arguments: the engine reads the definition by id (the provider's read) instead of creating one.
    return new BatchPredictionJobDefinition(name, undefined as unknown as BatchPredictionJobDefinitionArgs, {
      ...opts,
      id,
    });
  }

  constructor(name: string, args: BatchPredictionJobDefinitionArgs, opts?: pulumi.CustomResourceOptions) {
    // So that a failed program of this process cannot make a later one pass without running (engine-connections.ts).
    isolateEngineConnections();
    // The declared outputs are listed even when unset, so that each becomes an output property; other payload fields
    // become outputs when they are set. Not registering all 35 payload fields on every resource keeps large stacks
    // fast: the Pulumi runtime creates several promises per output property (bench/README.md has the figures).
    const props: Record<string, unknown> = {};
    for (const field of DECLARED_PAYLOAD_OUTPUTS) props[field] = undefined;
    for (const field of COMPUTED_KEYS) props[field] = undefined;
    props[ADOPTION_PREVIEW_KEY] = undefined;
    const constructedAt = Date.now();
    if (args) args = mergeUnmodelledFields(args);
    if (args) {
      // Checked here, before Pulumi serializes the arguments: serialization drops prototype keys (or turns them into
      // prototypes) and overflows the stack on deeply nested values. What is left out is reported by `check`, like
      // every other input problem, with its property path.
      const sanitized = sanitizeProgramArgs(args);
      args = sanitized.args;
      if (sanitized.problems.length > 0) props[REJECTED_KEY] = sanitized.problems;
      // Secret leaves (keys, header values, URLs with credentials) become Pulumi secrets; the engine keeps them
      // secret at the same paths in the stored inputs and outputs (see secret-inputs.ts).
      Object.assign(props, markSecretInputs(args));
      if (args.name === undefined) {
        props.autoName = generatedName(name, pulumi.getProject(), pulumi.getStack());
      }
    }
    // A definition read with `get` has no inputs whose secrets the engine could follow: every field that may hold a
    // secret is stored encrypted whole. mergeOptions concatenates lists, so a caller's own list is kept.
    const secretOptions: pulumi.CustomResourceOptions = args
      ? {}
      : { additionalSecretOutputs: [...SECRET_BEARING_FIELDS] };
    // The Pulumi runtime records `new Error().stack` on each of the promises it makes per output property, only to
    // show them when a promise leaks (PULUMI_DEBUG_PROMISE_LEAKS). With source maps on (ts-node, tsx) formatting
    // those stacks was two thirds of the program's CPU time in a large stack (bench/README.md). Registration does not
    // need them: the resource's own source position is captured by Pulumi with its own stack limit. Errors are created
    // later (asynchronously, after the limit is restored) and keep their stacks, except one thrown during `super`.
    const stackTraceLimit = Error.stackTraceLimit;
    if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS) Error.stackTraceLimit = 0;
    try {
      props[PROVIDER_KEY] = JOB_DEFINITION_PROVIDER_TEXT;
      super(JOB_DEFINITION_TYPE_TOKEN, name, props, pulumi.mergeOptions(opts, secretOptions));
    } catch (error) {
      // Thrown while registering, so created without a stack (the limit above): give it this call's stack, whose top
      // frame is the program line that declared the resource.
      Error.stackTraceLimit = stackTraceLimit;
      if (error instanceof Error) Error.captureStackTrace(error, BatchPredictionJobDefinition);
      throw error;
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    // Warnings name a stand-in with the same URN: one logged against a resource the engine then refuses (a failed
    // check) would block every later log message, and program, of the process (log-target.ts).
    const target = logTarget(JOB_DEFINITION_TYPE_TOKEN, name, opts);
    if (args) warnAboutInputs(args, target);
    if (args) warnAboutInsecureEndpoint(args.endpoint, target);
    // Only a resource that may adopt has anything to say: the two applies are skipped for the rest (most of a stack).
    if (args && args.adoptExisting !== undefined && args.adoptExisting !== false) {
      // (These log only once the resource's outputs are known, so after its registration succeeded.)
      logAdoption(this, constructedAt);
    }
  }
}
