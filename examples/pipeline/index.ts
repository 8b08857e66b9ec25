// Entry point of the pipeline (see README.md), with the environment below:
//   npx tsx index.ts                   deploy, run the definitions, exit 1 on failure (on main)
//   npx tsx index.ts --review FILE     preview and write the review as a pull-request comment to FILE (on PRs)
import * as fs from "node:fs";
import { runPipeline } from "./pipeline";
import { reviewPipeline } from "./review";

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`The pipeline needs ${name} (see README.md).`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<number> {
  // One stack per environment (dev, staging, prod...), all in the shared backend.
  const stackName = process.env.STACK ?? "prod";
  // Secrets in state and config are encrypted with the passphrase, or a KMS key (e.g. awskms://alias/pulumi).
  const secretsProvider = process.env.PULUMI_SECRETS_PROVIDER;
  if (!secretsProvider && !process.env.PULUMI_CONFIG_PASSPHRASE) {
    console.error("The pipeline needs PULUMI_CONFIG_PASSPHRASE or PULUMI_SECRETS_PROVIDER (see README.md).");
    process.exit(2);
  }
  const options = {
    stackName,
    backendUrl: required("PULUMI_BACKEND_URL"),
    ...(secretsProvider ? { workspace: { secretsProvider } } : {}),
    settings: {
      deploymentId: required("DEPLOYMENT_ID"),
      credentialId: required("CREDENTIAL_ID"),
      outputPrefix: process.env.OUTPUT_PREFIX ?? `s3://scoring/output/${stackName}`,
      namePrefix: `pipeline-${stackName}`,
    },
  };
  const reviewIndex = process.argv.indexOf("--review");
  if (reviewIndex >= 0) {
    const file = process.argv[reviewIndex + 1];
    if (!file) throw new Error("--review needs the file to write the Markdown comment to");
    const { markdown, text } = await reviewPipeline(options);
    fs.writeFileSync(file, markdown);
    console.log(text);
    return 0;
  }
  return (await runPipeline(options)).exitCode;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`pipeline failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
