/**
 * Validation of create/PATCH bodies, written from docs/datarobot-api.md §4.1-§4.7, not from any client schema.
 * Every function returns field errors keyed by dotted path ("intakeSettings.url", "schedule.hour"); an empty
 * object means valid. The routes turn a non-empty result into 422 `{message, errors}` (docs/datarobot-api.md §9.1).
 * The adapter tables it walks are in adapters.ts, the value checks both are built from in checks.ts.
 */
import { isPlainObject } from "../http/router";
import { validateSchedule } from "./schedule";
import { INTAKE_ADAPTERS, OUTPUT_ADAPTERS, type Adapter } from "./adapters";
import { type Check, strictOnly, str, bool, strArray, ref, int, num, oneOf, datetime } from "./checks";

export type FieldErrors = Record<string, string>;

/**
 * Knobs for rules whose server behaviour is unknown (docs/datarobot-api.md §13); see emulator/README.md. The defaults
 * are lenient wherever no DataRobot source says the server rejects a value: the emulator must never be stricter than
 * DataRobot, or a client tested against it would refuse what DataRobot accepts. Each strict behaviour stays an option.
 */
export interface ValidationRules {
  /**
   * Unknown keys at the top level and inside nested objects: "keep" (the default: accepted, stored and echoed back
   * in `batchPredictionJob`), "ignore" (accepted and dropped, never stored) or "reject" (422).
   */
  unknownFields: "reject" | "ignore" | "keep";
  /**
   * An intake/output `type` this emulator does not know (DataRobot documents adapters as it adds them): "accept" (the
   * default: stored and echoed with whatever keys it has, unchecked) or "reject" (422 naming the known types).
   */
  unknownAdapterTypes: "accept" | "reject";
  /**
   * Limits no DataRobot source states: "accept" (the default) or "reject" (422, this emulator's former rules): URL
   * scheme prefixes (s3://, https://, gs://), numConcurrent >= 1, maxExplanations <= 100, explanationNumTopClasses
   * 1..10, explanationClassNames 1..10 names, chunkSize strategy names (auto, fixed, dynamic), jdbc fetchSize
   * 1..1000000 and commitInterval 0..86400, a one-character quotechar, retentionPolicy samples/percentage,
   * retentionValue >= 0, batchJobType prediction/monitoring, `name` at most `maxNameLength` characters, no numeric
   * strings ("15") in a schedule, no prediction range on a "training" time series.
   */
  unsourcedLimits: "accept" | "reject";
  /**
   * Integer `chunkSize`: "positive" (any integer >= 1; DataRobot's own Terraform example uses 10) or "recalled" (the
   * unverified 20..41943040 byte range).
   */
  chunkSizeRange: "positive" | "recalled";
  /** jdbc intake must give exactly one of `query` / `table`. */
  strictJdbcIntake: boolean;
  /** `enabled: true` with `localFile` intake is rejected (a scheduled run cannot upload data). */
  rejectScheduledLocalFile: boolean;
  /** Longest accepted `name` under unsourcedLimits "reject". */
  maxNameLength: number;
}

export const DEFAULT_RULES: ValidationRules = {
  unknownFields: "keep",
  unknownAdapterTypes: "accept",
  unsourcedLimits: "accept",
  chunkSizeRange: "positive",
  strictJdbcIntake: false,
  rejectScheduledLocalFile: false,
  maxNameLength: 100,
};

function validateAdapter(
  path: string,
  value: unknown,
  adapters: Record<string, Adapter>,
  rules: ValidationRules,
  errors: FieldErrors,
): void {
  if (!isPlainObject(value)) {
    errors[path] = "must be an object with a `type`";
    return;
  }
  const type = value.type;
  const strict = rules.unsourcedLimits === "reject";
  // A type this emulator does not know: stored as sent, its keys unchecked (unknownAdapterTypes "accept").
  if (
    typeof type === "string" &&
    type !== "" &&
    !Object.hasOwn(adapters, type) &&
    rules.unknownAdapterTypes === "accept"
  )
    return;
  if (typeof type !== "string" || !Object.hasOwn(adapters, type)) {
    errors[`${path}.type`] =
      type === undefined
        ? `is required; one of: ${Object.keys(adapters).join(", ")}`
        : `unknown type ${JSON.stringify(type)}; one of: ${Object.keys(adapters).join(", ")}`;
    return;
  }
  const adapter = adapters[type];
  for (const [key, check] of Object.entries(adapter.required)) {
    const field = value[key];
    if (field === undefined || field === null) errors[`${path}.${key}`] = `is required for type ${type}`;
    else {
      const problem = check(field, strict);
      if (problem) errors[`${path}.${key}`] = problem;
    }
  }
  for (const [key, field] of Object.entries(value)) {
    if (key === "type" || Object.hasOwn(adapter.required, key) || field === null) continue;
    const check = Object.hasOwn(adapter.optional, key) ? adapter.optional[key] : undefined;
    if (!check) {
      if (rules.unknownFields === "reject") errors[`${path}.${key}`] = `is not allowed for type ${type}`;
      continue;
    }
    const problem = check(field, strict);
    if (problem) errors[`${path}.${key}`] = problem;
  }
}

function validatePredictionInstance(value: unknown, rules: ValidationRules, errors: FieldErrors): void {
  if (!isPlainObject(value)) {
    errors.predictionInstance = "must be an object";
    return;
  }
  const host = str(value.hostName);
  if (value.hostName === undefined || value.hostName === null) errors["predictionInstance.hostName"] = "is required";
  else if (host) errors["predictionInstance.hostName"] = host;
  for (const key of ["sslEnabled"]) {
    if (value[key] !== undefined && value[key] !== null && bool(value[key]))
      errors[`predictionInstance.${key}`] = "must be a boolean";
  }
  for (const key of ["datarobotKey", "apiKey"]) {
    if (value[key] !== undefined && value[key] !== null && str(value[key]))
      errors[`predictionInstance.${key}`] = "must be a non-empty string";
  }
  for (const key of Object.keys(value)) {
    if (!PREDICTION_INSTANCE_KEYS.includes(key) && rules.unknownFields === "reject")
      errors[`predictionInstance.${key}`] = "is not allowed";
  }
}

function validateTimeseries(value: unknown, rules: ValidationRules, errors: FieldErrors): void {
  if (!isPlainObject(value)) {
    errors.timeseriesSettings = "must be an object";
    return;
  }
  const type = value.type ?? "forecast";
  const allowed: Record<string, string[]> = {
    forecast: ["forecastPoint", "relaxKnownInAdvanceFeaturesCheck"],
    historical: ["predictionsStartDate", "predictionsEndDate", "relaxKnownInAdvanceFeaturesCheck"],
    forecastWithPolicy: ["forecastPointPolicy", "relaxKnownInAdvanceFeaturesCheck"],
    // DataRobot's Python SDK 3.20 allows only the relax flag on "training"; a prediction range is refused only under
    // the strict option (no source says the server rejects it).
    training:
      rules.unsourcedLimits === "reject"
        ? ["relaxKnownInAdvanceFeaturesCheck"]
        : ["predictionsStartDate", "predictionsEndDate", "relaxKnownInAdvanceFeaturesCheck"],
  };
  if (typeof type !== "string" || !Object.hasOwn(allowed, type)) {
    errors["timeseriesSettings.type"] = `must be one of: ${Object.keys(allowed).join(", ")}`;
    return;
  }
  for (const [key, field] of Object.entries(value)) {
    if (key === "type" || field === null) continue;
    const path = `timeseriesSettings.${key}`;
    if (!allowed[type].includes(key)) {
      if (rules.unknownFields === "reject" || rules.unsourcedLimits === "reject")
        errors[path] = `is not allowed for type ${type}`;
    } else if (key === "relaxKnownInAdvanceFeaturesCheck") {
      if (bool(field)) errors[path] = "must be a boolean";
    } else if (key === "forecastPointPolicy") {
      if (!isPlainObject(field) || typeof field.type !== "string") errors[path] = "must be an object with a `type`";
    } else if (datetime(field)) errors[path] = "must be an ISO-8601 datetime string";
  }
  if (type === "forecastWithPolicy" && !value.forecastPointPolicy)
    errors["timeseriesSettings.forecastPointPolicy"] = "is required for type forecastWithPolicy";
  const start = value.predictionsStartDate;
  const end = value.predictionsEndDate;
  if (typeof start === "string" && typeof end === "string" && Date.parse(start) > Date.parse(end))
    errors["timeseriesSettings.predictionsStartDate"] = "must not be after predictionsEndDate";
  if (start != null && end == null && !errors["timeseriesSettings.predictionsStartDate"])
    errors["timeseriesSettings.predictionsEndDate"] = "is required when predictionsStartDate is given";
}

const columnNamesRemapping: Check = (v) => {
  if (isPlainObject(v)) {
    return Object.values(v).every((out) => out === null || typeof out === "string")
      ? undefined
      : "must map input names to output names (string or null)";
  }
  if (Array.isArray(v)) {
    return v.every(
      (item) =>
        isPlainObject(item) &&
        typeof item.inputName === "string" &&
        (item.outputName === null || typeof item.outputName === "string"),
    )
      ? undefined
      : "must be an array of {inputName, outputName}";
  }
  return "must be an object or an array of {inputName, outputName}";
};

function chunkSize(rules: ValidationRules): Check {
  return (v) => {
    // The SDK: "Chunk size strategy or fixed size in bytes", any string; the three names are the docs' (Trino page).
    if (typeof v === "string" && rules.unsourcedLimits !== "reject") return str(v);
    if (typeof v === "string")
      return ["auto", "fixed", "dynamic"].includes(v) ? undefined : 'must be "auto", "fixed", "dynamic" or an integer';
    // Integer bounds unknown, see docs/datarobot-api.md §4.1: only "positive" has a source (DataRobot's Terraform
    // example uses 10; its Trino docs ask for a number up to 1000000); the 20..41943040 range was recalled and is kept
    // as an option.
    return rules.chunkSizeRange === "recalled" ? int(20, 41_943_040)(v) : int(1)(v);
  };
}
const maxNgramExplanations: Check = (v) => (v === "all" ? undefined : int(0)(v));

/** Plain top-level job-spec fields and their checks (nested objects are handled separately). */
const SPEC_FIELDS: Record<string, Check> = {
  deploymentId: ref,
  modelId: ref,
  modelPackageId: ref,
  pinnedModelId: ref,
  numConcurrent: strictOnly(int(1), int(-Number.MAX_SAFE_INTEGER)),
  abortOnError: bool,
  disableRowLevelErrorHandling: bool,
  includeProbabilities: bool,
  includeProbabilitiesClasses: strArray,
  includePredictionStatus: bool,
  passthroughColumns: strArray, // blank names too: the SDK's `String(allow_blank=True)`
  passthroughColumnsSet: oneOf("all"),
  maxExplanations: strictOnly(int(0, 100), int(0)),
  maxNgramExplanations,
  explanationAlgorithm: oneOf("shap", "xemp"),
  explanationNumTopClasses: strictOnly(int(1, 10), int(-Number.MAX_SAFE_INTEGER)),
  // The SDK: `t.List(t.String)`, an empty list included.
  explanationClassNames: strictOnly(
    (v) =>
      strArray(v) ??
      ((v as string[]).length < 1 || (v as string[]).length > 10 ? "must have 1 to 10 class names" : undefined),
    strArray,
  ),
  thresholdHigh: num(),
  thresholdLow: num(),
  predictionThreshold: num(0, 1),
  predictionWarningEnabled: bool,
  skipDriftTracking: bool,
  columnNamesRemapping,
  monitoringBatchPrefix: str,
  secondaryDatasetsConfigId: ref,
  batchJobType: strictOnly(oneOf("prediction", "monitoring"), str),
};

const PREDICTION_INSTANCE_KEYS = ["hostName", "sslEnabled", "datarobotKey", "apiKey"];

/** A nested object of documented keys, each with its check (csvSettings, the monitoring settings). */
type ObjectShape = Record<string, Check>;

const CSV_SETTINGS: ObjectShape = {
  delimiter: (v) =>
    v === "tab" || (typeof v === "string" && v.length === 1) ? undefined : 'must be a single character or "tab"',
  // The SDK: `quotechar: String()`, no length.
  quotechar: strictOnly(
    (v) => (typeof v === "string" && v.length === 1 ? undefined : "must be a single character"),
    str,
  ),
  encoding: str,
};

const predictionsColumns: Check = (v) => {
  if (typeof v === "string") return str(v);
  return Array.isArray(v) &&
    v.every((item) => isPlainObject(item) && typeof item.className === "string" && typeof item.columnName === "string")
    ? undefined
    : "must be a column name or an array of {className, columnName}";
};

/** Monitoring job-spec objects (batchJobType "monitoring"): the keys DataRobot's "Monitoring jobs API" docs list. */
const MONITORING_OBJECTS: Record<string, ObjectShape> = {
  // The SDK closes retentionPolicy on its side; no source says the server does.
  monitoringAggregation: {
    retentionPolicy: strictOnly(oneOf("samples", "percentage"), str),
    retentionValue: strictOnly(int(0), int(-Number.MAX_SAFE_INTEGER)),
  },
  monitoringColumns: {
    predictionsColumns,
    associationIdColumn: str,
    actualsValueColumn: str,
    actualsTimestampColumn: str,
    actedUponColumn: str,
    customMetricId: str,
    customMetricTimestampColumn: str,
    customMetricTimestampFormat: str,
    customMetricValueColumn: str,
    monitoredStatusColumn: str,
    reportDrift: bool,
    reportPredictions: bool,
    uniqueRowIdentifierColumns: strArray,
  },
  monitoringOutputSettings: { monitoredStatusColumn: str, uniqueRowIdentifierColumns: strArray },
};

/** Nested job-spec objects with a closed key list, checked by validateShape. */
const OBJECT_SHAPES: Record<string, ObjectShape> = { csvSettings: CSV_SETTINGS, ...MONITORING_OBJECTS };

function validateShape(
  path: string,
  value: unknown,
  shape: ObjectShape,
  rules: ValidationRules,
  errors: FieldErrors,
): void {
  if (!isPlainObject(value)) {
    errors[path] = "must be an object";
    return;
  }
  for (const [key, field] of Object.entries(value)) {
    if (field === null) continue;
    const check = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (!check) {
      if (rules.unknownFields === "reject")
        errors[`${path}.${key}`] = `is not allowed; allowed keys: ${Object.keys(shape).join(", ")}`;
      continue;
    }
    const problem = check(field, rules.unsourcedLimits === "reject");
    if (problem) errors[`${path}.${key}`] = problem;
  }
}

const NESTED_FIELDS = [
  "intakeSettings",
  "outputSettings",
  "csvSettings",
  "timeseriesSettings",
  "predictionInstance",
  ...Object.keys(MONITORING_OBJECTS),
];
export const SPEC_KEYS = [...Object.keys(SPEC_FIELDS), "chunkSize", ...NESTED_FIELDS];
export const TOP_LEVEL_KEYS = ["name", "enabled", "schedule"];

/**
 * Field-level checks of a create or PATCH body on its own (types, ranges, adapters, schedule). `null` for an
 * optional field means "unset" and is accepted here. Cross-field rules run later on the merged result.
 */
export function validateBody(body: Record<string, unknown>, rules: ValidationRules): FieldErrors {
  const errors: FieldErrors = {};
  const strict = rules.unsourcedLimits === "reject";
  for (const [key, value] of Object.entries(body)) {
    if (key === "name") {
      if (typeof value !== "string" || value.trim().length === 0) errors.name = "must be a non-empty string";
      else if (strict && value.length > rules.maxNameLength)
        errors.name = `must be at most ${rules.maxNameLength} characters`;
    } else if (key === "enabled") {
      if (typeof value !== "boolean") errors.enabled = "must be a boolean";
    } else if (key === "schedule") {
      if (value !== null) Object.assign(errors, validateSchedule(value, !strict));
    } else if (value === null) {
      if (!SPEC_KEYS.includes(key) && rules.unknownFields === "reject") errors[key] = "is not allowed";
    } else if (key === "intakeSettings") validateAdapter(key, value, INTAKE_ADAPTERS, rules, errors);
    else if (key === "outputSettings") validateAdapter(key, value, OUTPUT_ADAPTERS, rules, errors);
    else if (key === "predictionInstance") validatePredictionInstance(value, rules, errors);
    else if (key === "timeseriesSettings") validateTimeseries(value, rules, errors);
    else if (Object.hasOwn(OBJECT_SHAPES, key)) validateShape(key, value, OBJECT_SHAPES[key], rules, errors);
    else if (key === "chunkSize") {
      const problem = chunkSize(rules)(value);
      if (problem) errors.chunkSize = problem;
    } else if (Object.hasOwn(SPEC_FIELDS, key)) {
      const problem = SPEC_FIELDS[key](value, strict);
      if (problem) errors[key] = problem;
    } else if (rules.unknownFields === "reject") errors[key] = "is not allowed";
  }
  return errors;
}

/** The documented keys of a nested job-spec object, or undefined when the object has no closed key list here. */
function knownNestedKeys(key: string, value: Record<string, unknown>): string[] | undefined {
  const adapters = key === "intakeSettings" ? INTAKE_ADAPTERS : key === "outputSettings" ? OUTPUT_ADAPTERS : undefined;
  if (adapters) {
    const adapter =
      typeof value.type === "string" && Object.hasOwn(adapters, value.type) ? adapters[value.type] : undefined;
    return adapter ? ["type", ...Object.keys(adapter.required), ...Object.keys(adapter.optional)] : undefined;
  }
  if (key === "predictionInstance") return PREDICTION_INSTANCE_KEYS;
  if (Object.hasOwn(OBJECT_SHAPES, key)) return Object.keys(OBJECT_SHAPES[key]);
  return undefined;
}

/**
 * The body without the keys this server does not know, top level and one level down (unknownFields "ignore": an
 * accepted unknown key is dropped, never stored or echoed).
 */
export function withoutUnknownKeys(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!TOP_LEVEL_KEYS.includes(key) && !SPEC_KEYS.includes(key)) continue;
    const known = isPlainObject(value) ? knownNestedKeys(key, value) : undefined;
    out[key] =
      known && isPlainObject(value)
        ? Object.fromEntries(Object.entries(value).filter(([k]) => known.includes(k)))
        : value;
  }
  return out;
}

/** The definition as it would be stored after the request: the input of the cross-field rules. */
export interface MergedDefinition {
  enabled: boolean;
  schedule: Record<string, unknown> | null;
  spec: Record<string, unknown>;
}

/** Cross-field rules (docs/datarobot-api.md §4.7) on the merged definition (stored state + this request). */
export function validateMerged(merged: MergedDefinition, rules: ValidationRules): FieldErrors {
  const errors: FieldErrors = {};
  const spec = merged.spec;
  if (spec.deploymentId == null && spec.modelId == null && spec.modelPackageId == null)
    errors.deploymentId = "is required (or give modelId / modelPackageId)";
  if (spec.passthroughColumns != null && spec.passthroughColumnsSet != null)
    errors.passthroughColumnsSet = "passthroughColumns and passthroughColumnsSet are mutually exclusive";
  if (spec.explanationNumTopClasses != null && spec.explanationClassNames != null)
    errors.explanationClassNames = "explanationNumTopClasses and explanationClassNames are mutually exclusive";
  if (merged.enabled && merged.schedule == null) errors.enabled = "a schedule is required when enabled is true";
  const intake = spec.intakeSettings as Record<string, unknown> | null | undefined;
  if (rules.strictJdbcIntake && intake?.type === "jdbc" && (intake.query == null) === (intake.table == null))
    errors["intakeSettings.query"] = "give exactly one of query or table for jdbc intake";
  if (rules.rejectScheduledLocalFile && merged.enabled && intake?.type === "localFile")
    errors["intakeSettings.type"] = "localFile intake cannot be used by an enabled (scheduled) definition";
  return errors;
}
