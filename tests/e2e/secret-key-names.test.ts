/**
 * Secrets that only the loose rules find, through the real engine: credential-like keys in a free-form setting
 * (`sasToken`, `aws_secret_access_key`, `connectionString`, `passphrase`) and a SAS URL with whitespace around it
 * (previewed only: like DataRobot, the emulator refuses it on create).
 * `preview --diff` and `up` print none of the values, the state stores each encrypted at its own path, and a key that
 * only looks like one (`tokenizer`) or references one (`credentialId`) stays readable.
 */
import { randomBytes } from "node:crypto";
import { SEED } from "../../emulator";
import { definitionsProgram, EngineLog, expectNoSecrets, filesText, useEmulatorStack } from "./helpers";

jest.setTimeout(240_000);

const RUN = randomBytes(4).toString("hex");
const mark = (kind: string) => `${kind}MARK${RUN}`;
const CONFIGURATION = {
  sasToken: mark("SASTOKEN"),
  aws_secret_access_key: mark("AWSSECRET"),
  connectionString: mark("CONNSTR"),
  passphrase: mark("PASSPHRASE"),
  tokenizer: "whitespace",
};
const SIG = mark("LEADSPACESIG");
const SECRETS = [
  CONFIGURATION.sasToken,
  CONFIGURATION.aws_secret_access_key,
  CONFIGURATION.connectionString,
  CONFIGURATION.passphrase,
  SIG,
];

let tokenizer = "whitespace";
/** The emulator (like DataRobot's URL check) refuses the leading space on create: it is only previewed. */
let leading = " ";

const t = useEmulatorStack({
  projectName: "secret-key-names",
  program: definitionsProgram(() => [
    {
      resource: "loose",
      args: {
        name: `e2e-secret-keys-${RUN}`,
        enabled: false,
        deploymentId: SEED.deploymentId,
        intakeSettings: {
          type: "azure",
          url: `${leading}https://acct.blob.core.windows.net/in/data.csv?sv=2022-11-02&sp=r&sig=${SIG}`,
          credentialId: SEED.credentialId,
        },
        outputSettings: { type: "s3", url: "s3://bucket/out.csv", credentialId: SEED.credentialId },
        timeseriesSettings: {
          type: "forecastWithPolicy",
          forecastPointPolicy: { type: "custom", configuration: { ...CONFIGURATION, tokenizer } },
        },
      },
    },
  ]),
  destroyAfterAll: true,
});

it("preview --diff and up print no value of a loosely named credential key or of a URL's sig; state encrypts them", async () => {
  const log = new EngineLog();
  await t.stack.preview({ diff: true, ...log.capture() });
  expect(log.text()).toMatch(/url\s*: \[secret\]/); // the leading-space URL is a Pulumi secret
  leading = "";
  const up = await t.stack.up({ diff: true, ...log.capture() });
  expect(up.summary.result).toBe("succeeded");
  tokenizer = "unigram";
  await t.stack.preview({ diff: true, ...log.capture() });

  // What the engine printed (its event stream carries secret values in their secret wrappers, as designed).
  const printed = log.text();
  expectNoSecrets(printed, SECRETS);
  // The harmless key is shown: its change reads as a plain value.
  expect(printed).toContain('"unigram"');

  const state = await t.stack.exportStack();
  const resource = (state.deployment.resources as { type: string; outputs?: Record<string, unknown> }[]).find((r) =>
    r.type.endsWith(":BatchPredictionJobDefinition"),
  );
  const settings = resource?.outputs?.timeseriesSettings as {
    forecastPointPolicy: { configuration: Record<string, unknown> };
  };
  const configuration = settings.forecastPointPolicy.configuration;
  for (const key of ["sasToken", "aws_secret_access_key", "connectionString", "passphrase"])
    expect(Object.keys(configuration[key] as object)).toContain("plaintext"); // a secret wrapper
  expect(configuration.tokenizer).toBe("whitespace");
  expect(Object.keys((resource?.outputs?.intakeSettings as { url: object }).url)).toContain("plaintext");
  expect(resource?.outputs?.outputSettings).toMatchObject({ url: "s3://bucket/out.csv" });
  // And none of the values is on disk in clear (the stack file, its backups and history are encrypted).
  expectNoSecrets(filesText(t.workDir), SECRETS);
});
