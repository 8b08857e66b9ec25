/**
 * Every kind of secret a definition holds, as markers that appear nowhere else, for the files that follow secrets
 * through the engine (secrets.test.ts through the dynamic door, plugin-hostile.test.ts through the plugin): three
 * generations (create, update, a second update) and a header someone adds in DataRobot, outside Pulumi.
 */
import { SEED } from "../../../emulator";

/** The secrets of one generation: each a marker that appears nowhere else (`run` tells the runs of a file apart). */
function secretsOf(run: string, generation: number) {
  const mark = (kind: string) => `${kind}MARK${generation}x${run}`;
  return {
    customerKey: mark("SSEC"),
    authorization: mark("AUTHZ"),
    xApiKey: mark("XAPI"),
    sasSig: mark("SASSIG"),
    urlPassword: mark("URLPASS"),
    apiKey: mark("PIKEY"),
  };
}
export type Secrets = ReturnType<typeof secretsOf>;

export function secretMarkers(run: string): {
  generations: [Secrets, Secrets, Secrets];
  /** A header someone adds in DataRobot, outside Pulumi. */
  addedOutside: string;
  /** Every marker above. */
  all: string[];
} {
  const generations: [Secrets, Secrets, Secrets] = [secretsOf(run, 1), secretsOf(run, 2), secretsOf(run, 3)];
  const addedOutside = `ADDEDMARKx${run}`;
  return { generations, addedOutside, all: [...generations.flatMap((s) => Object.values(s)), addedOutside] };
}

/**
 * The two definitions that hold every kind of secret, named `<prefix>-sse-<run>` and `<prefix>-webhook-<run>`: an S3
 * output with a customer key, and an HTTP output with a password in its URL and secret headers, a SAS `sig=` in the
 * intake URL and a prediction instance's apiKey.
 */
export function definitionsWithSecrets(
  s: Secrets,
  names: { prefix: string; run: string },
): { sse: Record<string, unknown>; webhook: Record<string, unknown> } {
  return {
    sse: {
      name: `${names.prefix}-sse-${names.run}`,
      deploymentId: SEED.deploymentId,
      intakeSettings: { type: "dataset", datasetId: SEED.datasetId },
      outputSettings: {
        type: "s3",
        url: "s3://scoring/out/scores.csv",
        credentialId: SEED.credentialId,
        serverSideEncryption: { algorithm: "AES256", customerKey: s.customerKey },
      },
    },
    webhook: {
      name: `${names.prefix}-webhook-${names.run}`,
      deploymentId: SEED.deploymentId,
      intakeSettings: {
        type: "azure",
        url: `https://acct.blob.core.windows.net/in/data.csv?sv=2022-11-02&sp=r&sig=${s.sasSig}`,
        credentialId: SEED.credentialId,
      },
      outputSettings: {
        type: "http",
        url: `https://bob:${s.urlPassword}@hooks.example.com/scores`,
        method: "PUT",
        headers: { Authorization: `Bearer ${s.authorization}`, "X-Api-Key": s.xApiKey, "X-Team": "ml" },
      },
      predictionInstance: { hostName: "pred.example.com", sslEnabled: true, apiKey: s.apiKey },
    },
  };
}
