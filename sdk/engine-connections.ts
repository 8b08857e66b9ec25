/**
 * Keeps each inline program's connections to the engine its own, in a process that runs several programs one after
 * another (the Automation API): a program that failed must not make a later one pass without having run.
 *
 * What happens without it (the Pulumi Node.js runtime and grpc-js, as of @pulumi/pulumi 3.248 and @grpc/grpc-js 1.14):
 *  1. Under the Automation API each program runs in its own runtime store, and the runtime's engine and monitor
 *     clients are created there (runtime/settings.js, getEngine and getMonitor, the `settings.engine` and
 *     `settings.monitor` of the store). Closing them (disconnectSync, called at the end of each run and by
 *     terminateRpcs) closes only the process-wide clients used outside the Automation API: each inline program
 *     leaves its two clients open.
 *  2. When the engine refuses a registration (a failed `check`, in a preview or an `up`) it ends the operation and
 *     exits; the runtime then sends one more debug message about the refused registration to the engine
 *     (runtime/resource.js, "RegisterResource RPC finished"). When that message comes after the engine has exited, its
 *     connection attempt is refused, and the client that nobody closed stays in TRANSIENT_FAILURE for good, trying
 *     again with a backoff that grows to two minutes.
 *  3. grpc-js shares one connection ("subchannel") per address and channel options among all the clients of the
 *     process. When a later engine (or resource monitor) of the same process listens on that port again (the system
 *     hands out the same free ports again now and then), the new program's client gets the failed connection, and its
 *     first call (registering the root stack, Stack.initialize) fails at once with `14 UNAVAILABLE`.
 *  4. The Automation API's language server (automation/server.js) ignores a gRPC error thrown by the program's stack:
 *     the program is reported as successful although it never ran, and the preview or `up` succeeds at once with no
 *     resource at all.
 *
 * With `grpc.use_local_subchannel_pool` each new client of the runtime has connections of its own, so a connection
 * left failing by an earlier program is never reused. This is set on the runtime's client options the first time a
 * resource class of this package is constructed: from then on, the process's later programs are protected (a
 * failed connection can only come from an earlier program). Within one program there is one engine and one monitor
 * client, so nothing is lost by not sharing.
 */

/** The runtime's options for the gRPC clients it creates: grpcClientOptions, or grpcChannelOptions in older versions. */
interface RuntimeGrpcOptions {
  grpcClientOptions?: Record<string, unknown>;
  grpcChannelOptions?: Record<string, unknown>;
}

export const LOCAL_SUBCHANNEL_POOL = "grpc.use_local_subchannel_pool";

let isolated = false;

/** Makes the runtime's later gRPC clients use connections of their own (see above). Idempotent, never throws. */
export function isolateEngineConnections(): void {
  if (isolated) return;
  isolated = true;
  try {
    // Internal to the runtime (not in its typings): read when first needed, and without failing when it is missing.
    const settings = require("@pulumi/pulumi/runtime/settings") as RuntimeGrpcOptions;
    const options = settings.grpcClientOptions ?? settings.grpcChannelOptions;
    if (options && typeof options === "object") options[LOCAL_SUBCHANNEL_POOL] = 1;
  } catch {
    // A runtime without these options: nothing to set.
  }
}
