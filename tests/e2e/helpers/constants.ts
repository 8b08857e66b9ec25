import { randomBytes } from "node:crypto";

/** The type token of BatchPredictionJobDefinition resources in state and engine events. */
export const TYPE_TOKEN = "pulumi-nodejs:dynamic/datarobot-batch:BatchPredictionJobDefinition";

/** The key that marks an encrypted value in Pulumi state: `{ "4dabf…": "1b47…", ciphertext: "…" }`. */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** Config values pointing the provider at an emulator; the token is a secret, as users set it. */
export function emulatorConfig(emu: {
  url: string;
  token: string;
}): Record<string, { value: string; secret?: boolean }> {
  return {
    "datarobot:endpoint": { value: emu.url },
    "datarobot:apiToken": { value: emu.token, secret: true },
  };
}

/** An API token unique to the file's run, so the secret scans (expectNoSecrets) find any copy of it. */
export const freshApiToken = (): string => `e2e-token-${randomBytes(8).toString("hex")}`;

/** A prediction API key (a secret input) unique to the file's run, for the same scans. */
export const freshPredictionApiKey = (): string => `pi-apikey-${randomBytes(8).toString("hex")}`;
