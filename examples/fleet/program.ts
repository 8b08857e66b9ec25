/**
 * One definition per deployment, all sharing the same settings: how teams with many models really use job
 * definitions. Adding a deployment to the list adds a definition; removing one deletes only that definition.
 */
import * as datarobot from "pulumi-datarobot-batch";

export interface FleetDeployment {
  /** Short, stable label: it names the resource and the definition ("scoring-<label>"). */
  label: string;
  deploymentId: string;
}

export interface FleetSettings {
  deployments: FleetDeployment[];
  s3CredentialId: string;
  /** Input and output prefixes; each deployment reads and writes `<prefix>/<label>.csv`. */
  inputPrefix: string;
  outputPrefix: string;
}

export function fleet(settings: FleetSettings) {
  const definitions = settings.deployments.map(
    (deployment, index) =>
      new datarobot.BatchPredictionJobDefinition(`scoring-${deployment.label}`, {
        name: `scoring-${deployment.label}`,
        deploymentId: deployment.deploymentId,
        intakeSettings: {
          type: "s3",
          url: `${settings.inputPrefix}/${deployment.label}.csv`,
          credentialId: settings.s3CredentialId,
        },
        outputSettings: {
          type: "s3",
          url: `${settings.outputPrefix}/${deployment.label}.csv`,
          credentialId: settings.s3CredentialId,
        },
        passthroughColumnsSet: "all",
        // Stagger the nightly runs over the small hours so they do not all start at once.
        schedule: {
          minute: [(index * 7) % 60],
          hour: [1 + (index % 4)],
          dayOfMonth: ["*"],
          month: ["*"],
          dayOfWeek: ["*"],
        },
        enabled: false,
      }),
  );
  return { definitionIds: definitions.map((definition) => definition.id) };
}
