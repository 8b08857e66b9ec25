/**
 * Every example program runs preview, up and destroy through the real engine against the emulator (as inline
 * programs; local-programs.test.ts runs the same folders through the pulumi CLI).
 */
import { SEED } from "../../emulator";
import { quickstart } from "../../examples/quickstart/program";
import { scheduledS3ToSnowflake } from "../../examples/scheduled-s3-to-snowflake/program";
import { fleet } from "../../examples/fleet/program";
import { createInlineStack, emulatorConfig, useEmulator } from "./helpers";
import type { PulumiFn } from "@pulumi/pulumi/automation";

jest.setTimeout(300_000);

const emu = useEmulator({}, { resetBeforeEach: true });

async function previewUpDestroy(projectName: string, program: PulumiFn, definitions: number) {
  const t = await createInlineStack({
    projectName,
    program,
    config: emulatorConfig(emu),
  });
  try {
    const preview = await t.stack.preview();
    expect(preview.changeSummary).toEqual({ create: definitions + 1 });
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: definitions + 1 });
    expect(await emu.admin.definitions()).toHaveLength(definitions);
    const again = await t.stack.preview();
    expect(again.changeSummary).toEqual({ same: definitions + 1 });
    const destroy = await t.stack.destroy();
    expect(destroy.summary.resourceChanges).toEqual({ delete: definitions + 1 });
    expect(await emu.admin.definitions()).toEqual([]);
    return up.outputs;
  } finally {
    await t.cleanup();
  }
}

describe("examples", () => {
  it("quickstart: dataset in, JDBC insert out, probabilities, status, all passthrough columns", async () => {
    const outputs = await previewUpDestroy(
      "example-quickstart",
      async () =>
        quickstart({
          deploymentId: SEED.deploymentId,
          datasetId: SEED.datasetId,
          dataStoreId: SEED.dataStoreId,
          credentialId: SEED.credentialId,
        }),
      1,
    );
    expect(outputs.definitionName.value).toBe("quickstart-scoring");
    expect(outputs.schedule.value).toEqual({
      minute: [0],
      hour: [2],
      dayOfMonth: ["*"],
      month: ["*"],
      dayOfWeek: ["*"],
    });
    expect(outputs.nextScheduledRunTime.value).toMatch(/T02:00:00/);
  });

  it("scheduled-s3-to-snowflake: an enabled nightly schedule", async () => {
    const outputs = await previewUpDestroy(
      "example-s3-snowflake",
      async () =>
        scheduledS3ToSnowflake({
          deploymentId: SEED.deploymentId,
          s3CredentialId: SEED.credentialId,
          inputUrl: "s3://scoring/customers.csv",
          snowflakeDataStoreId: SEED.dataStoreId,
          snowflakeCredentialId: SEED.credentialId,
          externalStage: "SCORING_STAGE",
          table: "CUSTOMER_SCORES",
          hour: 1,
        }),
      1,
    );
    expect(outputs.nextScheduledRunTime.value).toMatch(/T01:00:00/);
  });

  it("fleet: 50 definitions, one per deployment", async () => {
    const deployments = Array.from({ length: 50 }, (_, i) => ({ label: `model-${i + 1}`, deploymentId: "" }));
    const fixtures = await emu.admin.addFixtures({
      deployments: deployments.map((d) => ({ label: d.label })),
    });
    fixtures.deployments.forEach((created: { id: string }, i: number) => (deployments[i].deploymentId = created.id));
    await previewUpDestroy(
      "example-fleet",
      async () =>
        fleet({
          deployments,
          s3CredentialId: SEED.credentialId,
          inputPrefix: "s3://scoring/input",
          outputPrefix: "s3://scoring/output",
        }),
      50,
    );
  });
});
