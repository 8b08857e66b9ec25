/**
 * Every rule `validateInputs` applies, as data: the field it concerns, what it requires, whether breaking it is an
 * error (blocks the preview) or a warning (shown, the value is sent as written), and the public source it rests on.
 * docs/validation-rules.md is generated from this registry (`npm run docs`), and tests/unit/model/rules.test.ts
 * checks that every issue the model emits for the test corpora is covered by a rule of the same severity.
 *
 * The policy ("never stricter than DataRobot"): a rule is an error only when a source says the server rejects the
 * value, or when the value can never work (a wrong type, a missing required field, an id that is not an id); a likely
 * mistake that no source says the server rejects is a warning, and so is every limit no source states (limits.ts). Structural rules (types, ranges,
 * allowed values, required keys) are read from the zod schemas (rules-structure.ts); the rest are listed here, with
 * texts that summarise the messages the code gives (the messages themselves live with the code).
 */
import {
  INTAKE_TYPES,
  KNOWN_CLOUD_STORAGE_TYPES,
  KNOWN_FORMATS,
  KNOWN_HTTP_METHODS,
  OUTPUT_TYPES,
  STATEMENT_TYPES,
} from "./adapters";
import { TRINO_MAX_CHUNK_BYTES } from "./cross-field";
import { LIMITS } from "./limits";
import { FORBIDDEN_KEYS, GUARD_FACTS, MAX_DEPTH, MAX_PAYLOAD_BYTES, NAME_PATHS } from "./guards";
import { formatPath } from "./paths";
import { SCHEDULE_FIELDS, SCHEDULE_SPEC } from "./schedule";
import { structuralFacts, type StructuralFact } from "./rules-structure";
import { withThousands } from "../values";

export type RuleSeverity = "error" | "warning";

/** Where a rule comes from. Public sources only; `never-works` and `package` say why no source is needed. */
export type RuleSource =
  | { kind: "sdk"; ref: string }
  | { kind: "openapi"; ref: string }
  | { kind: "terraform"; ref: string }
  | { kind: "docs"; url: string }
  /** A sentence of a DataRobot docs page, quoted (the page is the source listed next to it). */
  | { kind: "docs-quote"; quote: string }
  | { kind: "never-works"; why: string }
  | { kind: "package"; why: string };

export type RuleGroup =
  "structure" | "formats" | "schedule" | "cross-field" | "known values" | "limits" | "unknown keys" | "input guards";

export interface ValidationRule {
  /** Stable name, for tests and links. */
  id: string;
  group: RuleGroup;
  /**
   * The property path the issue names, as a pattern: `intakeSettings.url`, `schedule.hour[]` (any list element),
   * `outputSettings.headers.*` (any map key); "" for the definition as a whole. For `match: "unknown-key"` and
   * `match: "anywhere"` rules, a description instead.
   */
  field: string;
  /** The intake/output/time-series types it applies to (`intake "s3", "azure"`); undefined: always. */
  when?: string;
  rule: string;
  severity: RuleSeverity;
  sources: RuleSource[];
  /**
   * How an issue finds its rule: by `field` as a path pattern (the default); as the unknown-key rule (any key the
   * model does not know at that place); or "anywhere" (input guards, which apply to every value).
   */
  match?: "path" | "unknown-key" | "anywhere";
}

// ------------------------------------------------------------------------------------------------------- sources
const SDK_MODULE = "`datarobot/models/batch_prediction_job.py`";
const sdk = (what: string, module = SDK_MODULE): RuleSource => ({
  kind: "sdk",
  ref: `SDK ${module}: ${what}`,
});
const sdkEnums = (what: string) => sdk(what, "`datarobot/enums.py`");
const openapi = (file: string, what: string): RuleSource => ({
  kind: "openapi",
  ref: `OpenAPI \`datarobot.apicore/R/${file}\`: ${what}`,
});
const terraform = (file: string, what: string): RuleSource => ({
  kind: "terraform",
  ref: `Terraform \`${file}\`: ${what}`,
});
const docs = (page: string): RuleSource => ({ kind: "docs", url: `https://docs.datarobot.com/en/docs/${page}` });
const neverWorks = (why: string): RuleSource => ({ kind: "never-works", why });
const packageRule = (why: string): RuleSource => ({ kind: "package", why });

const BATCH_API_REFERENCE = docs("api/reference/public-api/batch_predictions.html");
const SCHEDULING_DOCS = docs("api/reference/batch-prediction-api/job-scheduling.html");
const OUTPUT_OPTIONS_DOCS = docs("api/reference/batch-prediction-api/output-options.html");
const INTAKE_OPTIONS_DOCS = docs("api/reference/batch-prediction-api/intake-options.html");
const MONITORING_DOCS = docs("api/reference/public-api/monitoring_jobs.html");
const TERRAFORM_VALIDATORS = "pkg/provider/validators.go";

/** Sources of the structural rules that constrain more than a type (ranges, allowed values, lengths). */
const CONSTRAINT_SOURCES: Record<string, RuleSource[]> = {
  "schedule.minute": [openapi("schedule.R", "each list is required and non-empty"), SCHEDULING_DOCS],
  "schedule.hour": [openapi("schedule.R", "each list is required and non-empty"), SCHEDULING_DOCS],
  "schedule.dayOfMonth": [openapi("schedule.R", "each list is required and non-empty"), SCHEDULING_DOCS],
  "schedule.month": [openapi("schedule.R", "each list is required and non-empty"), SCHEDULING_DOCS],
  "schedule.dayOfWeek": [openapi("schedule.R", "each list is required and non-empty"), SCHEDULING_DOCS],
  "intakeSettings.partition": [sdkEnums("the DSS partition values")],
  chunkSize: [
    neverWorks("a chunk of no bytes holds no row"),
    terraform(
      "examples/resources/datarobot_batch_prediction_job_definition/resource.tf",
      "`chunk_size = 10` (no lower bound above 1)",
    ),
  ],
  passthroughColumnsSet: [sdk('only "all"'), terraform(TERRAFORM_VALIDATORS, 'only "all"')],
  maxExplanations: [neverWorks("a negative number of explanations asks for nothing")],
  maxNgramExplanations: [sdk('an integer or "all"')],
  explanationAlgorithm: [terraform(TERRAFORM_VALIDATORS, '"shap" or "xemp"'), BATCH_API_REFERENCE],
  predictionThreshold: [sdk("`Between(0, 1)`"), terraform(TERRAFORM_VALIDATORS, "between 0 and 1")],
  "timeseriesSettings.type": [sdk("the time series settings types"), BATCH_API_REFERENCE],
};

const WRONG_TYPE = neverWorks("a value of another type or shape is not this field");
const REQUIRED = neverWorks("without it the request does not say what to do");
const NOT_AN_ID = neverWorks("DataRobot ids are 24-hex-character ObjectIds; any other string names nothing");

function structuralRule(fact: StructuralFact, index: number): ValidationRule {
  let sources: RuleSource[];
  if (fact.kind === "required") sources = [REQUIRED];
  else if (fact.rule.startsWith("a DataRobot id")) sources = [NOT_AN_ID];
  else if (!fact.constrained) sources = [WRONG_TYPE];
  else {
    const found = CONSTRAINT_SOURCES[fact.field];
    if (!found) {
      throw new Error(`provider/model/rules.ts: no source for the constraint "${fact.rule}" of ${fact.field}`);
    }
    sources = found;
  }
  return {
    id: `structure.${index}.${fact.field}.${fact.kind}`,
    group: "structure",
    field: fact.field,
    ...(fact.when ? { when: fact.when } : {}),
    rule: fact.kind === "required" ? "required" : `must be ${fact.rule}`,
    severity: "error",
    sources,
  };
}

// -------------------------------------------------------------------------------------------- hand-written rules
const ISO_DATE_FIELDS = [
  ["timeseriesSettings.forecastPoint", 'time series "forecast"'],
  ["timeseriesSettings.predictionsStartDate", 'time series "historical"'],
  ["timeseriesSettings.predictionsEndDate", 'time series "historical"'],
] as const;

const FORMAT_RULES: ValidationRule[] = [
  ...ISO_DATE_FIELDS.map(([field, when]): ValidationRule => ({
    id: `formats.${field}`,
    group: "formats",
    field,
    when,
    rule: 'must be an ISO-8601 date or date-time, e.g. "2025-01-31T00:00:00Z"',
    severity: "error",
    sources: [openapi("batch_prediction_job_time_series_settings_*.R", "`format: date-time`")],
  })),
  {
    id: "formats.csvSettings.delimiter",
    group: "formats",
    field: "csvSettings.delimiter",
    rule: 'must be a single character or the word "tab"',
    severity: "error",
    sources: [openapi("batch_prediction_job_csv_settings.R", 'one character, or "tab"')],
  },
];

function scheduleRules(): ValidationRule[] {
  return SCHEDULE_FIELDS.map((field) => {
    const spec = SCHEDULE_SPEC[field];
    const names = spec.nameExample ? `, or a name such as ${spec.nameExample} (any case)` : "";
    return {
      id: `schedule.${field}`,
      group: "schedule",
      field: `schedule.${field}[]`,
      rule:
        `each item an integer ${spec.min}–${spec.max} (also as a string, "5")${names}; ` +
        `or ["*"] for every ${spec.noun}, "*" alone in its list`,
      severity: "error",
      sources: [openapi("schedule.R", "the five lists and their ranges"), SCHEDULING_DOCS],
    };
  });
}

const CROSS_FIELD_RULES: ValidationRule[] = [
  {
    id: "cross.deployment-required",
    group: "cross-field",
    field: "deploymentId",
    rule: "required unless modelPackageId or modelId is set",
    severity: "error",
    sources: [
      neverWorks("with none of the three, nothing makes the predictions"),
      terraform("pkg/provider/batch_prediction_job_definition_resource.go", "`deployment_id` is required"),
    ],
  },
  {
    id: "cross.schedule-when-enabled",
    group: "cross-field",
    field: "schedule",
    rule: "required when enabled is true",
    severity: "error",
    sources: [
      sdk('`enabled`: "If True, schedule is required"'),
      terraform("pkg/provider/batch_prediction_job_definition_resource.go", "the `enabled` description"),
    ],
  },
  {
    id: "cross.local-file-enabled",
    group: "cross-field",
    field: "intakeSettings.type",
    when: 'intake "localFile"',
    rule: '"localFile" intake with enabled: true: a scheduled run has nobody to upload the file and waits',
    severity: "warning",
    sources: [INTAKE_OPTIONS_DOCS, sdk("`_upload_intake_file` (a local-file job starts only after the upload)")],
  },
  {
    id: "cross.passthrough-exclusive",
    group: "cross-field",
    field: "passthroughColumnsSet",
    rule: "must not be set together with passthroughColumns",
    severity: "error",
    sources: [terraform(TERRAFORM_VALIDATORS, "conflicting passthrough settings are rejected")],
  },
  {
    id: "cross.explanation-classes-exclusive",
    group: "cross-field",
    field: "explanationClassNames",
    rule: "must not be set together with explanationNumTopClasses",
    severity: "error",
    sources: [openapi("batch_prediction_job_definitions_create.R", "mutually exclusive with explanationNumTopClasses")],
  },
  {
    id: "cross.table-or-query",
    group: "cross-field",
    field: "intakeSettings.table",
    when: 'intake "jdbc", "snowflake", "synapse"',
    rule: "required unless query is set",
    severity: "error",
    sources: [neverWorks("without a table or a query there is nothing to read"), sdk("give a table or a query")],
  },
  {
    id: "cross.table-and-query",
    group: "cross-field",
    field: "intakeSettings.query",
    when: 'intake "jdbc", "snowflake", "synapse"',
    rule: "set together with table: give one of the two",
    severity: "warning",
    sources: [sdk("the docstring asks for one of table and query; no source says the server rejects both")],
  },
  {
    id: "cross.partition-columns-for-directory",
    group: "cross-field",
    field: "outputSettings.partitionColumns",
    when: 'output "s3", "azure", "gcp"',
    rule: 'required (at least one column) when outputSettings.url ends with "/" (Parquet directory output)',
    severity: "error",
    sources: [openapi("*_output.R", 'at least one partition column when the url ends with "/"'), OUTPUT_OPTIONS_DOCS],
  },
  {
    id: "cross.trino-chunk-size",
    group: "cross-field",
    field: "chunkSize",
    when: 'output "trino"',
    rule: `not a number of bytes up to ${withThousands(TRINO_MAX_CHUNK_BYTES)} (a strategy name, a larger value, or unset)`,
    severity: "warning",
    sources: [
      docs("reference/data-ref/data-sources/dc-trino.html"),
      {
        kind: "docs-quote",
        quote:
          "When using Trino as a batch prediction output destination, set an explicit numeric chunkSize in bytes. " +
          "Named chunk strategies (auto, dynamic, fixed) are not supported. The value must not exceed 1,000,000 bytes " +
          "(1MB) … Exceeding this limit or using a named strategy will cause the job to fail.",
      },
    ],
  },
  {
    id: "cross.where-columns-for-update",
    group: "cross-field",
    field: "outputSettings.whereColumns",
    when: 'output "jdbc"',
    rule: 'not set for statementType "update" or "insert_update"',
    severity: "warning",
    sources: [openapi("*_output.R", '"used in the where clause if statementType is update or upsert"; optional')],
  },
  {
    id: "cross.timeseries-end-with-start",
    group: "cross-field",
    field: "timeseriesSettings.predictionsEndDate",
    when: 'time series "historical"',
    rule: "required when predictionsStartDate is set",
    severity: "error",
    sources: [sdk("the time series settings check: a start date needs an end date")],
  },
  {
    id: "cross.timeseries-start-before-end",
    group: "cross-field",
    field: "timeseriesSettings.predictionsStartDate",
    when: 'time series "historical"',
    rule: "must not be after predictionsEndDate",
    severity: "error",
    sources: [sdk("the time series settings check: start must not be after end")],
  },
  {
    id: "cross.monitoring-columns",
    group: "cross-field",
    field: "monitoringColumns.predictionsColumns",
    rule: 'not set, and neither is actualsValueColumn, for batchJobType "monitoring"',
    severity: "warning",
    sources: [MONITORING_DOCS],
  },
  {
    id: "cross.remapping-unique",
    group: "cross-field",
    field: "columnNamesRemapping[].inputName",
    rule: "each input column remapped at most once",
    severity: "error",
    sources: [neverWorks("two names for one column contradict each other")],
  },
];

const KNOWN_VALUE_FIELDS: [string, string, readonly string[], RuleSource][] = [
  ["intakeSettings.format", 'intake "s3", "azure", "gcp"', KNOWN_FORMATS, sdk("`format` is a plain string")],
  ["outputSettings.format", 'output "s3", "azure", "gcp"', KNOWN_FORMATS, sdk("`format` is a plain string")],
  [
    "intakeSettings.cloudStorageType",
    'intake "snowflake"',
    KNOWN_CLOUD_STORAGE_TYPES,
    sdk("`cloudStorageType` is a plain string"),
  ],
  [
    "outputSettings.cloudStorageType",
    'output "snowflake"',
    KNOWN_CLOUD_STORAGE_TYPES,
    sdk("`cloudStorageType` is a plain string"),
  ],
  ["outputSettings.method", 'output "http"', KNOWN_HTTP_METHODS, sdk("`method` is a plain string")],
  [
    "outputSettings.statementType",
    'output "jdbc", "snowflake", "synapse", "databricks", "trino"',
    STATEMENT_TYPES,
    sdkEnums("`AVAILABLE_STATEMENT_TYPES`, checked by the SDK on its side; no source says the server rejects another"),
  ],
];

/** An adapter type outside the known ones: sent as written, with a warning (adapters.ts). */
const ADAPTER_TYPE_RULES: ValidationRule[] = (
  [
    [
      "intakeSettings.type",
      INTAKE_TYPES,
      INTAKE_OPTIONS_DOCS,
      '"Wrangler Recipe (preview)", whose type the page does not show',
    ],
    ["outputSettings.type", OUTPUT_TYPES, OUTPUT_OPTIONS_DOCS, '"Databricks write" and "Trino write"'],
  ] as const
).map(([field, known, page, newer]) => ({
  id: `known.${field}`,
  group: "known values",
  field,
  rule:
    `a type other than ${known.map((k) => JSON.stringify(k)).join(", ")} is sent as written (its other fields ` +
    'unchecked), with "did you mean" for a near miss',
  severity: "warning",
  sources: [
    sdkEnums("`IntakeAdapters`/`OutputAdapters` lag the API: the docs list adapters they lack"),
    page,
    { kind: "docs-quote", quote: `the page documents ${newer}` },
  ],
}));

/** The limits no source states: warnings (limits.ts). */
const LIMIT_RULES: ValidationRule[] = LIMITS.map((limit) => ({
  id: `limits.${limit.field}`,
  group: "limits",
  field: limit.field,
  ...(limit.when ? { when: limit.when } : {}),
  rule: `usually ${limit.expected}; anything else is sent as written`,
  severity: "warning",
  sources: [packageRule(`no DataRobot source states it: ${limit.why}`)],
}));

const KNOWN_VALUE_RULES: ValidationRule[] = KNOWN_VALUE_FIELDS.map(([field, when, known, source]) => ({
  id: `known.${field}`,
  group: "known values",
  field,
  when,
  rule:
    `a value other than ${known.map((k) => JSON.stringify(k)).join(", ")} is sent as written, ` +
    'with "did you mean" for a near miss',
  severity: "warning",
  sources: [source],
}));

const UNKNOWN_KEY_RULES: ValidationRule[] = [
  {
    id: "unknown-key.close",
    group: "unknown keys",
    field: "any key this package does not know, close to a known one",
    rule:
      'a likely typo: sent as written, with a warning and "did you mean" — close means the same but for case, at ' +
      "most two edits away, or an abbreviation (3+ characters) of a known key of that object",
    severity: "warning",
    sources: [
      terraform(
        "internal/client/batch_prediction_service.go",
        "the request struct has `maxNGramExplanations`: a real field may sit close to a known one",
      ),
    ],
    match: "unknown-key",
  },
  {
    id: "unknown-key.far",
    group: "unknown keys",
    field: "any other key this package does not know",
    rule:
      "sent to DataRobot as written, with a warning (a field DataRobot added after this release, or a key of " +
      "another intake/output type)",
    severity: "warning",
    sources: [
      sdk("its settings dicts lag the API: a field missing there is not proof the API lacks it"),
      BATCH_API_REFERENCE,
    ],
    match: "unknown-key",
  },
];

function guardRules(): ValidationRule[] {
  return [
    {
      id: "guards.object",
      group: "input guards",
      field: "",
      rule: "the definition must be an object of its fields",
      severity: "error",
      sources: [WRONG_TYPE],
    },
    {
      id: "guards.finite-numbers",
      group: "input guards",
      field: "every number",
      rule: "must be finite (not Infinity or NaN)",
      severity: "error",
      sources: [neverWorks("JSON cannot carry Infinity or NaN: it would be sent as null")],
      match: "anywhere",
    },
    {
      id: "guards.prototype-keys",
      group: "input guards",
      field: "every key",
      rule: `must not be ${[...FORBIDDEN_KEYS].map((k) => `\`${k}\``).join(", ")}`,
      severity: "error",
      sources: [packageRule("these keys change the prototype of objects while a program's values are serialized")],
      match: "anywhere",
    },
    ...NAME_PATHS.map((path): ValidationRule => ({
      id: `guards.printable.${formatPath(path)}`,
      group: "input guards",
      field: formatPath(path),
      rule: "must not contain control characters (C0, C1, DEL) or bidirectional overrides (U+202A–E, U+2066–9)",
      severity: "error",
      sources: [packageRule("a name is shown in UIs and logs and sent in headers; NUL truncates, CR/LF splits")],
    })),
    {
      id: "guards.depth",
      group: "input guards",
      field: "every object and list",
      rule: `nested at most ${MAX_DEPTH} levels deep`,
      severity: "error",
      sources: [packageRule("a limit on hostile input: free-form settings accept any object")],
      match: "anywhere",
    },
    {
      id: "guards.size",
      group: "input guards",
      field: "",
      rule: `the definition is at most ${withThousands(MAX_PAYLOAD_BYTES)} bytes (1 MB) of JSON`,
      severity: "error",
      sources: [packageRule("a limit on hostile input: DataRobot definitions are a few kilobytes")],
    },
    ...GUARD_FACTS.map((fact): ValidationRule => ({
      id: fact.id,
      group: "input guards",
      field: fact.field,
      rule: fact.rule,
      severity: fact.severity,
      sources: [fact.kind === "never-works" ? neverWorks(fact.why) : packageRule(fact.why)],
    })),
  ];
}

// ------------------------------------------------------------------------------------------------------ defaults
/** A default the canonical form assumes for an unset field (canonical.ts), with the source that states it. */
export interface DefaultFact {
  field: string;
  value: string;
  sources: RuleSource[];
}

const RESOURCE_GO = "pkg/provider/batch_prediction_job_definition_resource.go";
const UPDATE_R = "batch_prediction_job_definitions_update.R";
const BATCH_API_GUIDE = docs("api/reference/batch-prediction-api/index.html");
const LOCAL_FILE_DEFAULT_QUOTE: RuleSource = {
  kind: "docs-quote",
  quote: "For both, the defaults are local file intake and output.",
};

/** Every default of canonical.ts (SERVER_DEFAULTS and the nested ones); tests check the two lists agree. */
export const DEFAULT_FACTS: readonly DefaultFact[] = [
  {
    field: "enabled",
    value: "false",
    sources: [sdk("`enabled` defaults to False"), terraform(RESOURCE_GO, "default false")],
  },
  {
    field: "abortOnError",
    value: "true",
    sources: [terraform(RESOURCE_GO, "default true"), openapi(UPDATE_R, "`abortOnError = TRUE`")],
  },
  {
    field: "disableRowLevelErrorHandling",
    value: "false",
    sources: [openapi(UPDATE_R, "`disableRowLevelErrorHandling = FALSE`")],
  },
  {
    field: "includeProbabilities",
    value: "true",
    sources: [terraform(RESOURCE_GO, "default true"), openapi(UPDATE_R, "`includeProbabilities = TRUE`")],
  },
  {
    field: "includeProbabilitiesClasses",
    value: "[]",
    sources: [terraform(RESOURCE_GO, '"Defaults to []"'), openapi(UPDATE_R, "`includeProbabilitiesClasses = []`")],
  },
  {
    field: "includePredictionStatus",
    value: "false",
    sources: [terraform(RESOURCE_GO, "default false"), openapi(UPDATE_R, "`includePredictionStatus = FALSE`")],
  },
  {
    field: "skipDriftTracking",
    value: "false",
    sources: [terraform(RESOURCE_GO, "default false"), openapi(UPDATE_R, "`skipDriftTracking = FALSE`")],
  },
  {
    field: "maxExplanations",
    value: "0",
    sources: [terraform(RESOURCE_GO, "default 0"), openapi(UPDATE_R, "`maxExplanations = 0`")],
  },
  {
    field: "csvSettings",
    value: '{delimiter: ",", quotechar: \'"\', encoding: "utf-8"}',
    sources: [terraform(RESOURCE_GO, "the csv_settings defaults")],
  },
  {
    field: "intakeSettings",
    value: '{type: "localFile"}',
    sources: [
      BATCH_API_GUIDE,
      LOCAL_FILE_DEFAULT_QUOTE,
      sdk('fills `{"type": "localFile"}` when none is given', "`datarobot/models/batch_job.py`"),
    ],
  },
  {
    field: "outputSettings",
    value: '{type: "localFile"}',
    sources: [BATCH_API_GUIDE, LOCAL_FILE_DEFAULT_QUOTE, terraform(RESOURCE_GO, "default `{type: localFile}`")],
  },
  {
    field: "intakeSettings.async",
    value: 'true (intake "localFile")',
    sources: [sdk("a missing `async` is taken as True", "`datarobot/models/batch_job.py`")],
  },
  {
    field: "timeseriesSettings.type",
    value: '"forecast"',
    sources: [terraform(RESOURCE_GO, "\"Default is 'forecast'\"")],
  },
  {
    field: "timeseriesSettings.relaxKnownInAdvanceFeaturesCheck",
    value: "false",
    sources: [terraform(RESOURCE_GO, "default false")],
  },
  { field: "predictionInstance.sslEnabled", value: "true", sources: [terraform(RESOURCE_GO, "default true")] },
];

/**
 * Fields whose value, when the program leaves them unset, is the server's to choose (no source states a default):
 * shown when the program sets them, never drift when it does not (from-response.ts).
 */
export const SERVER_CHOSEN_DOC: readonly { field: string; why: string }[] = [
  { field: "name", why: "the SDK: a name is generated when none is given" },
  { field: "numConcurrent", why: 'Terraform: "Defaults to the available number of cores of the deployment"' },
  { field: "chunkSize", why: 'no source states a default ("auto" appears only as an example value)' },
  { field: "explanationAlgorithm", why: "Terraform's default (xemp) and the docs' example (shap) differ" },
  { field: "explanationNumTopClasses", why: "no source states a default" },
  { field: "predictionInstance", why: "the deployment's prediction server" },
  { field: "predictionWarningEnabled", why: "no source states a default" },
  { field: "batchJobType", why: "no source states a default" },
  { field: "outputSettings.commitInterval", why: "no source states a default (the SDK and Terraform give none)" },
  { field: "outputSettings.createTableIfNotExists", why: "no source states a default (Terraform leaves it null)" },
];

let cached: readonly ValidationRule[] | undefined;

/** Every rule, in the order of the generated document. Built on first use (not when the provider loads). */
export function validationRules(): readonly ValidationRule[] {
  cached ??= [
    ...CROSS_FIELD_RULES,
    ...ADAPTER_TYPE_RULES,
    ...KNOWN_VALUE_RULES,
    ...LIMIT_RULES,
    ...UNKNOWN_KEY_RULES,
    ...scheduleRules(),
    ...FORMAT_RULES,
    ...structuralFacts().map(structuralRule),
    ...guardRules(),
  ];
  return cached;
}

/** `schedule.hour[2]` → `schedule.hour[]`: the form of a path that rule patterns use. */
export function rulePathOf(path: string): string {
  return path.replace(/\[\d+\]/g, "[]");
}

function matchesPattern(pattern: string, path: string): boolean {
  const split = (text: string) => text.split(".");
  const want = split(pattern);
  const got = split(rulePathOf(path));
  return want.length === got.length && want.every((segment, i) => segment === "*" || segment === got[i]);
}

/** The path rules whose field pattern names `path` (an issue's formatted path). */
export function rulesAtPath(path: string): ValidationRule[] {
  return validationRules().filter((rule) => (rule.match ?? "path") === "path" && matchesPattern(rule.field, path));
}
