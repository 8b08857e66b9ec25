/**
 * The plain-http warning in `pulumi preview` and `pulumi up`. The provider prints it to its stderr, which the engine
 * does not show; the program can log to the engine, so each resource class calls this once its `endpoint` is known.
 * Reads only the two non-secret settings (reading `datarobot:apiToken` with `Config.get` would itself warn).
 */
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_ALLOW_INSECURE_HTTP, ENV_ALLOW_INSECURE_HTTP, parseBooleanSetting } from "../provider/config";
import { warnIfInsecure } from "../provider/connections";

export function warnAboutInsecureEndpoint(
  endpoint: pulumi.Input<string> | undefined,
  resource: pulumi.Resource,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const check = (own: string | undefined) => {
    const config = new pulumi.Config("datarobot");
    const flag = config.get(CONFIG_ALLOW_INSECURE_HTTP.replace(/^datarobot:/, "")) ?? env[ENV_ALLOW_INSECURE_HTTP];
    if (!flag || parseBooleanSetting(flag) !== true) return;
    const target = own?.trim() || config.get("endpoint")?.trim() || env.DATAROBOT_ENDPOINT?.trim();
    if (!target) return;
    // Once per endpoint and program run, like the provider's own warning.
    warnIfInsecure(
      { endpoint: target, token: "", allowInsecureHttp: true },
      (line) => void pulumi.log.warn(line, resource),
    );
  };
  // A plain string (or none, the common case) is checked at once: no Output per resource in large stacks.
  if (endpoint === undefined || typeof endpoint === "string") check(endpoint);
  else pulumi.output(endpoint).apply(check);
}
