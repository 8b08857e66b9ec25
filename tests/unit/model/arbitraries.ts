/**
 * fast-check arbitraries of VALID job definition inputs: every intake/output type, schedules in every spelling,
 * both remapping shapes, optional fields present or not. Cross-field rules are respected by construction.
 */
import fc from "fast-check";
import type { JobDefinitionInputs } from "../../../provider/model";

export const objectIdArb = fc.stringMatching(/^[0-9a-f]{24}$/);
const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
const columns = fc.uniqueArray(word, { minLength: 1, maxLength: 3 });
const url = (scheme: string) => word.map((w) => `${scheme}${w}/input.csv`);
const format = fc.constantFrom("csv", "parquet");
const dateTime = fc
  .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-01-01T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString());

/** fc.record with every key optional except `required`. */
function rec<T extends Record<string, fc.Arbitrary<unknown>>>(shape: T, required: (keyof T)[]) {
  return fc.record(shape, { requiredKeys: required as never[] });
}

// ----------------------------------------------------------------------------------------------- schedule
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const FULL_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const FULL_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const randomCase = (text: string) => fc.boolean().map((upper) => (upper ? text.toUpperCase() : text));

function scheduleList(min: number, max: number, names: string[][] = []) {
  const element: fc.Arbitrary<number | string> = fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min, max }) },
    { weight: 1, arbitrary: fc.integer({ min, max }).map(String) },
    ...names.map((table) => ({
      weight: 2,
      arbitrary: fc.nat({ max: table.length - 1 }).chain((i) => randomCase(table[i])),
    })),
  );
  return fc.oneof(fc.constant(["*"] as (number | string)[]), fc.array(element, { minLength: 1, maxLength: 6 }));
}

export const scheduleArb = fc.record({
  minute: scheduleList(0, 59),
  hour: scheduleList(0, 23),
  dayOfMonth: scheduleList(1, 31),
  month: scheduleList(1, 12, [MONTHS, FULL_MONTHS]),
  dayOfWeek: scheduleList(0, 6, [DAYS, FULL_DAYS]),
});

// ----------------------------------------------------------------------------------------------- adapters
const opt = { credentialId: objectIdArb };
export const intakeArb = fc.oneof(
  rec({ type: fc.constant("localFile"), async: fc.boolean(), multipart: fc.boolean() }, ["type"]),
  rec({ type: fc.constant("s3"), url: url("s3://"), ...opt, endpointUrl: url("https://"), format }, ["type", "url"]),
  rec({ type: fc.constant("azure"), url: url("https://acct.blob.core.windows.net/"), ...opt, format }, ["type", "url"]),
  rec({ type: fc.constant("gcp"), url: url("gs://"), ...opt, format }, ["type", "url"]),
  rec({ type: fc.constant("http"), url: url("https://") }, ["type", "url"]),
  rec({ type: fc.constant("dataset"), datasetId: objectIdArb, datasetVersionId: objectIdArb }, ["type", "datasetId"]),
  rec(
    {
      type: fc.constant("dss"),
      datasetId: objectIdArb,
      projectId: objectIdArb,
      partition: fc.constantFrom("holdout", "validation", "allBacktests"),
    },
    ["type", "datasetId", "projectId"],
  ),
  fc
    .tuple(
      rec(
        {
          type: fc.constantFrom("jdbc", "snowflake", "synapse"),
          dataStoreId: objectIdArb,
          ...opt,
          schema: word,
          externalStage: word,
          externalDataSource: word,
          cloudStorageCredentialId: objectIdArb,
        },
        ["type", "dataStoreId", "externalStage", "externalDataSource"],
      ),
      fc.oneof(fc.record({ table: word }), fc.record({ query: word.map((t) => `SELECT * FROM ${t}`) })),
    )
    .map(([intake, source]) => {
      const out: Record<string, unknown> = { ...intake, ...source };
      if (out.type !== "snowflake") delete out.externalStage;
      if (out.type !== "synapse") delete out.externalDataSource;
      if (out.type === "jdbc") delete out.cloudStorageCredentialId;
      return out;
    }),
  rec({ type: fc.constant("bigquery"), dataset: word, table: word, bucket: word, ...opt }, [
    "type",
    "dataset",
    "table",
    "bucket",
  ]),
  rec({ type: fc.constant("dataStage"), dataStageId: objectIdArb }, ["type", "dataStageId"]),
  rec({ type: fc.constant("fileSystem"), path: word.map((w) => `/data/${w}.csv`) }, ["type", "path"]),
  rec({ type: fc.constant("datasphere"), dataStoreId: objectIdArb, ...opt, schema: word, table: word }, [
    "type",
    "dataStoreId",
  ]),
);

const statementType = fc.constantFrom(
  "insert",
  "update",
  "insert_update",
  "create_table",
  "insertUpdate",
  "createTable",
);
export const outputArb = fc.oneof(
  fc.constant({ type: "localFile" }),
  fc
    .tuple(
      rec(
        {
          type: fc.constantFrom("s3", "azure", "gcp"),
          ...opt,
          format,
          serverSideEncryption: rec({ algorithm: fc.constant("aws:kms"), kmsKeyId: word, customerKey: word }, []),
        },
        ["type"],
      ),
      fc.oneof(
        fc.record({ path: word.map((w) => `bucket/${w}.csv`) }),
        fc.record({ path: word.map((w) => `bucket/${w}/`), partitionColumns: columns }),
      ),
    )
    .map(([output, { path, ...target }]) => {
      const schemes: Record<string, string> = {
        s3: "s3://",
        azure: "https://acct.blob.core.windows.net/",
        gcp: "gs://",
      };
      const scheme = schemes[String(output.type)];
      const out: Record<string, unknown> = { ...output, ...target, url: `${scheme}${path}` };
      if (out.type !== "s3") delete out.serverSideEncryption;
      return out;
    }),
  rec(
    {
      type: fc.constant("http"),
      url: url("https://"),
      method: fc.constantFrom("POST", "PUT"),
      headers: fc.dictionary(word, word, { maxKeys: 2 }),
    },
    ["type", "url", "method"],
  ),
  fc
    .tuple(
      rec(
        {
          type: fc.constant("jdbc"),
          dataStoreId: objectIdArb,
          table: word,
          statementType,
          ...opt,
          schema: word,
          createTableIfNotExists: fc.boolean(),
          updateColumns: columns,
          commitInterval: fc.integer({ min: 0, max: 86400 }),
        },
        ["type", "dataStoreId", "table", "statementType"],
      ),
      columns,
    )
    .map(([output, where]) =>
      ["update", "insert_update", "insertUpdate"].includes(String(output.statementType))
        ? { ...output, whereColumns: where }
        : output,
    ),
  rec(
    {
      type: fc.constant("snowflake"),
      dataStoreId: objectIdArb,
      externalStage: word,
      statementType,
      table: word,
      cloudStorageType: fc.constantFrom("s3", "azure", "gcp"),
      createTableIfNotExists: fc.boolean(),
    },
    ["type", "dataStoreId", "externalStage", "statementType", "table"],
  ),
  rec(
    { type: fc.constant("synapse"), dataStoreId: objectIdArb, externalDataSource: word, statementType, table: word },
    ["type", "dataStoreId", "externalDataSource", "statementType", "table"],
  ),
  rec({ type: fc.constant("bigquery"), dataset: word, table: word, bucket: word }, [
    "type",
    "dataset",
    "table",
    "bucket",
  ]),
  rec(
    { type: fc.constant("tableau"), url: url("https://"), dataSourceId: word, overwrite: fc.boolean(), siteName: word },
    ["type", "url", "dataSourceId", "overwrite"],
  ),
  rec({ type: fc.constant("fileSystem"), path: word }, ["type", "path"]),
  rec({ type: fc.constant("datasphere"), dataStoreId: objectIdArb, table: word }, ["type", "dataStoreId"]),
);

// ----------------------------------------------------------------------------------------------- settings
const remappingArb = fc
  .uniqueArray(fc.tuple(word, fc.option(word, { nil: null })), { selector: ([input]) => input, maxLength: 4 })
  .chain((pairs) =>
    fc.constantFrom(
      Object.fromEntries(pairs) as Record<string, string | null>,
      pairs.map(([inputName, outputName]) => ({ inputName, outputName })),
    ),
  );

const timeseriesArb = fc.oneof(
  rec({ type: fc.constant("forecast"), forecastPoint: dateTime, relaxKnownInAdvanceFeaturesCheck: fc.boolean() }, []),
  fc.tuple(dateTime, dateTime, fc.boolean()).map(([a, b, relax]) => ({
    type: "historical",
    predictionsStartDate: a < b ? a : b,
    predictionsEndDate: a < b ? b : a,
    relaxKnownInAdvanceFeaturesCheck: relax,
  })),
  fc.record({ type: fc.constant("forecastWithPolicy"), forecastPointPolicy: fc.record({ type: word }) }),
);

const csvArb = rec(
  {
    delimiter: fc.constantFrom(",", ";", "|", "tab", "\t"),
    quotechar: fc.constantFrom('"', "'"),
    encoding: fc.constantFrom("utf-8", "latin_1", "shift_jis"),
  },
  [],
);

const predictionInstanceArb = rec(
  { hostName: word.map((w) => `${w}.example.com`), sslEnabled: fc.boolean(), datarobotKey: word, apiKey: word },
  ["hostName"],
);

export const inputsArb: fc.Arbitrary<JobDefinitionInputs> = fc
  .tuple(
    rec(
      {
        name: word,
        enabled: fc.boolean(),
        schedule: scheduleArb,
        deploymentId: objectIdArb,
        intakeSettings: intakeArb,
        outputSettings: outputArb,
        numConcurrent: fc.integer({ min: 1, max: 32 }),
        chunkSize: fc.oneof(fc.constantFrom("auto", "fixed", "dynamic"), fc.integer({ min: 20, max: 41943040 })),
        abortOnError: fc.boolean(),
        disableRowLevelErrorHandling: fc.boolean(),
        includeProbabilities: fc.boolean(),
        includeProbabilitiesClasses: fc.array(word, { maxLength: 3 }),
        includePredictionStatus: fc.boolean(),
        maxExplanations: fc.integer({ min: 0, max: 100 }),
        maxNgramExplanations: fc.oneof(fc.nat({ max: 50 }), fc.constant("all")),
        explanationAlgorithm: fc.constantFrom("shap", "xemp"),
        thresholdHigh: fc.double({ min: 0, max: 1, noNaN: true }),
        thresholdLow: fc.double({ min: 0, max: 1, noNaN: true }),
        predictionThreshold: fc.double({ min: 0, max: 1, noNaN: true }),
        predictionWarningEnabled: fc.option(fc.boolean(), { nil: null }),
        skipDriftTracking: fc.boolean(),
        columnNamesRemapping: remappingArb,
        csvSettings: csvArb,
        timeseriesSettings: timeseriesArb,
        predictionInstance: predictionInstanceArb,
        monitoringBatchPrefix: word,
        batchJobType: fc.constantFrom("prediction", "monitoring"),
      },
      ["deploymentId", "intakeSettings"],
    ),
    // Mutually exclusive pairs: at most one side of each.
    fc.oneof(
      fc.constant({}),
      fc.record({ passthroughColumns: columns }),
      fc.constant({ passthroughColumnsSet: "all" }),
    ),
    fc.oneof(
      fc.constant({}),
      fc.record({ explanationNumTopClasses: fc.integer({ min: 1, max: 10 }) }),
      fc.record({ explanationClassNames: columns }),
    ),
  )
  .map(([fields, passthrough, explanations]) => {
    const inputs: Record<string, unknown> = { ...fields, ...passthrough, ...explanations };
    // enabled needs a schedule and a remote intake (docs/datarobot-api.md §4.7 and this model's rule).
    const intake = inputs.intakeSettings as { type: string };
    if (inputs.enabled === true && (inputs.schedule === undefined || intake.type === "localFile"))
      inputs.enabled = false;
    return inputs as JobDefinitionInputs;
  });
