/**
 * Every rule `validateInputs` applies, as data: the field it concerns, what it requires, whether breaking it is an
 * error (blocks the preview) or a warning (shown, the value is sent as written), and the public source it rests on.
 * docs/validation-rules.md is generated from this registry (`npm run docs`), and tests/unit/model/rules.test.ts
 * checks that every issue the model emits for the test corpora is covered by a rule of the same severity.
 *
 * The policy (issue 14, "never stricter than DataRobot"): a rule is an error only when a source says the server
 * rejects the value, or when the value can never work (a wrong type, a missing required field, an id that is not an
 * id); a likely mistake that no source says the server rejects is a warning. Structural rules (types, ranges,
 * allowed values, required keys) are read from the zod schemas (rules-structure.ts); the rest are listed here, with
 * texts that summarise the messages the code gives (the messages themselves live with the code).
 */
import { KNOWN_CLOUD_STORAGE_TYPES, KNOWN_FORMATS, KNOWN_HTTP_METHODS } from "./adapters";
import { FORBIDDEN_KEYS, GUARD_FACTS, MAX_DEPTH, MAX_PAYLOAD_BYTES, NAME_PATHS } from "./guards";
import { formatPath } from "./paths";
import { SCHEDULE_FIELDS, SCHEDULE_SPEC } from "./schedule";
import { structuralFacts, type StructuralFact } from "./rules-structure";

export type RuleSeverity = "error" | "warning";

/** Where a rule comes from. Public sources only; `never-works` and `package` say why no source is needed. */
export type RuleSource =
  | { kind: "sdk"; ref: string }
  | { kind: "openapi"; ref: string }
  | { kind: "terraform"; ref: string }
  | { kind: "docs"; url: string }
  | { kind: "never-works"; why: string }
  | { kind: "package"; why: string };

export type RuleGroup =
  "structure" | "formats" | "schedule" | "cross-field" | "known values" | "unknown keys" | "input guards";

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
  "intakeSettings.type": [
    sdkEnums("`IntakeAdapters`"),
    openapi("*_intake.R", "one schema per intake type"),
    INTAKE_OPTIONS_DOCS,
  ],
  "outputSettings.type": [
    sdkEnums("`OutputAdapters`"),
    openapi("*_output.R", "one schema per output type"),
    OUTPUT_OPTIONS_DOCS,
  ],
  "intakeSettings.partition": [sdkEnums("the DSS partition values")],
  "intakeSettings.fetchSize": [BATCH_API_REFERENCE],
  "outputSettings.statementType": [sdkEnums("`AVAILABLE_STATEMENT_TYPES`"), BATCH_API_REFERENCE],
  "outputSettings.commitInterval": [BATCH_API_REFERENCE],
  numConcurrent: [BATCH_API_REFERENCE],
  chunkSize: [
    sdk("the chunk size strategies"),
    terraform(
      "examples/resources/datarobot_batch_prediction_job_definition/resource.tf",
      "`chunk_size = 10` (no lower bound above 1)",
    ),
  ],
  passthroughColumnsSet: [sdk('only "all"'), terraform(TERRAFORM_VALIDATORS, 'only "all"')],
  maxExplanations: [BATCH_API_REFERENCE],
  maxNgramExplanations: [sdk('an integer or "all"')],
  explanationAlgorithm: [terraform(TERRAFORM_VALIDATORS, '"shap" or "xemp"'), BATCH_API_REFERENCE],
  explanationNumTopClasses: [BATCH_API_REFERENCE],
  explanationClassNames: [neverWorks("an empty list names no class to explain")],
  predictionThreshold: [sdk("`Between(0, 1)`"), terraform(TERRAFORM_VALIDATORS, "between 0 and 1")],
  "timeseriesSettings.type": [sdk("the time series settings types"), BATCH_API_REFERENCE],
  "monitoringAggregation.retentionValue": [MONITORING_DOCS],
  "monitoringColumns.predictionsColumns": [MONITORING_DOCS],
  "monitoringOutputSettings.uniqueRowIdentifierColumns": [MONITORING_DOCS],
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
  {
    id: "formats.csvSettings.quotechar",
    group: "formats",
    field: "csvSettings.quotechar",
    rule: "must be a single character",
    severity: "error",
    sources: [openapi("batch_prediction_job_csv_settings.R", "one character")],
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
    id: "cross.where-columns-for-update",
    group: "cross-field",
    field: "outputSettings.whereColumns",
    when: 'output "jdbc"',
    rule: 'not set for statementType "update", "insert_update" or "insertUpdate"',
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
];

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
      'a likely typo: an error with "did you mean" — close means the same but for case, at most two edits away, ' +
      "or an abbreviation (3+ characters) of a known key of that object",
    severity: "error",
    sources: [neverWorks("the field meant is never set: DataRobot ignores or rejects the misspelt key")],
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
      rule: `the definition is at most ${MAX_PAYLOAD_BYTES.toLocaleString("en-US")} bytes (1 MB) of JSON`,
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

let cached: readonly ValidationRule[] | undefined;

/** Every rule, in the order of the generated document. Built on first use (not when the provider loads). */
export function validationRules(): readonly ValidationRule[] {
  cached ??= [
    ...CROSS_FIELD_RULES,
    ...KNOWN_VALUE_RULES,
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
