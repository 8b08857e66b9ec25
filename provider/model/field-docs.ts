/**
 * One sentence per top-level field, for the generated resource reference (docs/resource-reference.md). The type `Record<Field, string>`
 * makes the compiler demand a description for every field of the schema, so a new field cannot go undocumented.
 * Types, ranges, allowed values and defaults are NOT written here: the generator reads them from the zod schemas.
 */
import type { JOB_DEFINITION_FIELDS } from "./inputs";

type Field = (typeof JOB_DEFINITION_FIELDS)[number];

export const FIELD_DOCS: Record<Field, string> = {
  name: "Name of the definition, unique in the DataRobot organization. Generated as `<resource name>-<7 hex>` when omitted.",
  enabled: "Whether DataRobot runs the definition on its `schedule`. `true` requires a `schedule`.",
  schedule:
    'When scheduled runs happen (UTC): `minute`, `hour`, `dayOfMonth`, `month`, `dayOfWeek`, each `["*"]` or a list of numbers (month and weekday names allowed). Day of month and day of week combine as a union.',
  deploymentId: "The deployment that scores the data. Required unless `modelId` or `modelPackageId` is given.",
  modelId: "A leaderboard model to score with, instead of a deployment.",
  modelPackageId: "A registry model package to score with, instead of a deployment.",
  pinnedModelId: "A specific model of the deployment to score with.",
  intakeSettings: "Where the data to score comes from: an object chosen by `type` (see the intake table below).",
  outputSettings: "Where the predictions go: an object chosen by `type` (see the output table below).",
  numConcurrent:
    "Simultaneous requests against the prediction server. When omitted DataRobot chooses (the deployment's cores) and the value is not tracked for drift.",
  chunkSize: 'Size of the chunks sent for scoring: `"auto"`, `"fixed"`, `"dynamic"` or a number of bytes.',
  abortOnError: "Abort the job when too many rows fail.",
  disableRowLevelErrorHandling: "Skip row-by-row error handling.",
  includeProbabilities: "Include class probabilities in the output.",
  includeProbabilitiesClasses: "Only these classes' probabilities (empty: all).",
  includePredictionStatus: "Add a `prediction_status` column.",
  passthroughColumns: "Input columns copied to the output. Excludes `passthroughColumnsSet`.",
  passthroughColumnsSet: 'Copy all input columns to the output (`"all"`). Excludes `passthroughColumns`.',
  maxExplanations: "Number of prediction explanations per row.",
  maxNgramExplanations: 'Text n-gram explanations: a number or `"all"`.',
  explanationAlgorithm: "Explanation algorithm.",
  explanationNumTopClasses: "Multiclass: explain the top N classes. Excludes `explanationClassNames`.",
  explanationClassNames: "Multiclass: explain these classes. Excludes `explanationNumTopClasses`.",
  thresholdHigh: "Explain only predictions above this value.",
  thresholdLow: "Explain only predictions below this value.",
  predictionThreshold: "Binary classification: the class boundary.",
  predictionWarningEnabled: "Regression: add prediction warnings.",
  skipDriftTracking: "Do not track data drift for this job's predictions.",
  columnNamesRemapping:
    "Rename output columns: a map `{input: output}` or a list of `{inputName, outputName}`; `null` as output drops the column.",
  csvSettings: 'CSV dialect of intake and output: `delimiter` (a character or `"tab"`), `quotechar`, `encoding`.',
  timeseriesSettings:
    "Time series predictions: `type` `forecast` (`forecastPoint`), `historical` (`predictionsStartDate`, `predictionsEndDate`), `forecastWithPolicy` or `training`.",
  predictionInstance:
    "A dedicated prediction server: `hostName`, `sslEnabled` (default true), `datarobotKey`, `apiKey`. The keys are stored as secrets (see Secrets).",
  monitoringBatchPrefix: "Prefix of the monitoring batches this job creates.",
  secondaryDatasetsConfigId: "Secondary datasets configuration to score with.",
  batchJobType: 'Kind of batch job, e.g. `"prediction"` or `"monitoring"`.',
  monitoringAggregation:
    'Monitoring jobs: how much data DataRobot keeps, `{retentionPolicy: "samples" | "percentage", retentionValue}`.',
  monitoringColumns:
    "Monitoring jobs: which input columns hold predictions, actuals, association ids and custom metrics (`predictionsColumns`, `actualsValueColumn`, `associationIdColumn`, …).",
  monitoringOutputSettings:
    "Monitoring jobs: `uniqueRowIdentifierColumns` and `monitoredStatusColumn` written back to the output.",
};
