// Entry point of the pipeline step (see README.md): `npx tsx index.ts` with the environment below.
import { runPipeline } from "./pipeline";

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`The pipeline needs ${name} (see README.md).`);
    process.exit(2);
  }
  return value;
}

runPipeline({
  stackName: process.env.STACK ?? "prod",
  backendUrl: required("PULUMI_BACKEND_URL"),
  settings: {
    deploymentId: required("DEPLOYMENT_ID"),
    credentialId: required("CREDENTIAL_ID"),
    outputPrefix: process.env.OUTPUT_PREFIX ?? "s3://scoring/output",
  },
}).then(
  (result) => process.exit(result.exitCode),
  (error) => {
    console.error(`pipeline failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
