/**
 * Default fixtures a fresh emulator starts with, under fixed ids so tests and demos can reference them.
 */
import type { Fixtures } from "./store";

export const SEED = {
  deploymentId: "64b000000000000000000d01",
  secondDeploymentId: "64b000000000000000000d02",
  datasetId: "64b000000000000000000da1",
  credentialId: "64b000000000000000000c01",
  dataStoreId: "64b000000000000000000e01",
  ownerUserId: "64b000000000000000000a01",
  otherUserId: "64b000000000000000000a02",
  organizationId: "64b000000000000000000f01",
} as const;

export function seedFixtures(): Fixtures {
  return {
    deployments: [
      { id: SEED.deploymentId, label: "Emulated churn model" },
      { id: SEED.secondDeploymentId, label: "Emulated fraud model" },
    ],
    datasets: [{ id: SEED.datasetId, name: "emulated-scoring-data.csv" }],
    credentials: [{ id: SEED.credentialId, name: "emulated-s3-credential", credentialType: "s3" }],
    dataStores: [{ id: SEED.dataStoreId, canonicalName: "emulated-postgres", type: "jdbc" }],
  };
}
