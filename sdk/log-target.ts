/**
 * What the resource classes name in `pulumi.log` calls: a stand-in for the resource whose URN always settles.
 *
 * Why not the resource itself: `@pulumi/pulumi/log` sends the messages of the whole process one after another, each
 * chained on one module-level promise and waiting for the URN of the resource it names. When the engine refuses the
 * resource (a failed `check` in a preview or an `up`), the runtime leaves that URN unsettled for good (its
 * `resolveURN` skips the rejection of a cancelled registration). A warning logged against such a resource therefore
 * blocks every later message of the process, including the runtime's own debug message at each registration, and
 * with them the end of every later program: an Automation API process that runs another inline program after such a
 * failed preview hangs. The stand-in's URN is computed as the engine computes it (the type and name under the
 * parent's URN, `pulumi.createUrn`), so the engine still shows each message against the resource.
 */
import * as pulumi from "@pulumi/pulumi";

export function logTarget(type: string, name: string, opts?: pulumi.ResourceOptions): pulumi.Resource {
  return { urn: pulumi.createUrn(name, type, opts?.parent) } as unknown as pulumi.Resource;
}
