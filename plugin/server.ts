/**
 * Pulumi's `ResourceProviderService` over gRPC, served with the stubs `@pulumi/pulumi` ships (as its own dynamic
 * provider host does), not with `@pulumi/pulumi/provider`'s server: that one drops Configure's request (the plugin
 * would never see its endpoint and token) and cannot answer the Read of `pulumi import`. The methods of a resource's
 * life (check, diff, create, read, update, delete) are read and answered as plain values by the plugin's own codec
 * (wire.ts); the others go through the stubs' messages. This file only marshals: every decision is PluginProvider's.
 */
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { PluginProvider, pluginConfigSource, type LogSink, type PartialFailure } from "./provider";
import { buildSchema } from "./schema";
import { redactSecrets } from "../provider/model";
import {
  CHECK_REQUEST,
  CHECK_RESPONSE,
  CREATE_REQUEST,
  CREATE_RESPONSE,
  decodeMessage,
  DELETE_REQUEST,
  DIFF_REQUEST,
  DIFF_RESPONSE,
  encodeMessage,
  type MessageSpec,
  READ_REQUEST,
  READ_RESPONSE,
  UPDATE_REQUEST,
  UPDATE_RESPONSE,
} from "./wire";

// The gRPC and protobuf runtimes the generated stubs were built against, imported by name as the stubs import them
// (npm installs them once, as @pulumi/pulumi's dependencies, so both resolve to the same copy and the messages and
// services are the same classes). Static imports on purpose: scripts/plugin-package.js bundles the plugin into a
// single executable, where `require` loads only what the bundle holds and `require.resolve` does not exist.
import * as grpc from "@grpc/grpc-js";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as anyproto from "google-protobuf/google/protobuf/any_pb";

type Props = Record<string, unknown>;
type Callback = (error: unknown, value?: unknown, metadata?: unknown) => void;
interface Call<T> {
  request: T;
}

// google-protobuf's Struct map (jspb.Map) stores entries by assignment, so a `__proto__` key is gone before this
// runs: the plugin never sees one (docs/plugin.md). Nothing of it reaches the inputs' prototypes either.
const toJs = (struct: structproto.Struct | undefined): Props => (struct ? (struct.toJavaScript() as Props) : {});
const toStruct = (value: Props): structproto.Struct =>
  structproto.Struct.fromJavaScript(value as Record<string, structproto.JavaScriptValue>);

const KIND = {
  add: provproto.PropertyDiff.Kind.ADD,
  delete: provproto.PropertyDiff.Kind.DELETE,
  update: provproto.PropertyDiff.Kind.UPDATE,
};
const REPLACE_KIND = {
  add: provproto.PropertyDiff.Kind.ADD_REPLACE,
  delete: provproto.PropertyDiff.Kind.DELETE_REPLACE,
  update: provproto.PropertyDiff.Kind.UPDATE_REPLACE,
};

/**
 * An error for the engine. One carrying a resource id (a write DataRobot did not apply, with the outputs it holds)
 * becomes ErrorResourceInitFailed, so the engine records the resource and shows the reasons.
 */
function grpcError(error: unknown): { code: number; message: string; metadata: grpc.Metadata } {
  const e = error as Partial<PartialFailure> & { message?: string };
  const message = String(e?.message ?? error);
  const metadata = new grpc.Metadata();
  if (e && typeof e.id === "string" && e.id) {
    const detail = new provproto.ErrorResourceInitFailed();
    detail.setId(e.id);
    detail.setProperties(toStruct(e.properties ?? {}));
    detail.setReasonsList(e.reasons ?? []);
    const status = new statusproto.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    const any = new anyproto.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    status.addDetails(any as never);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, message, metadata };
}

function unimplemented(name: string) {
  return (_call: unknown, callback: Callback) =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not implemented by this provider` });
}

/** Runs `handler` and answers its value, or its error (never an unhandled rejection). */
function answer<T>(callback: Callback, handler: () => Promise<T>): void {
  handler().then(
    (value) => callback(null, value),
    (error: unknown) => {
      const response = grpcError(error);
      callback(response, null, response.metadata);
    },
  );
}

export function createService(provider: PluginProvider, version: string) {
  const schemaText = JSON.stringify(buildSchema(version));
  return {
    getPluginInfo: (_call: unknown, callback: Callback) => {
      const info = new plugproto.PluginInfo();
      info.setVersion(version);
      callback(null, info);
    },
    getSchema: (_call: unknown, callback: Callback) => {
      const response = new provproto.GetSchemaResponse();
      response.setSchema(schemaText);
      callback(null, response);
    },
    checkConfig: (call: Call<provproto.CheckRequest>, callback: Callback) =>
      answer(callback, async () => {
        const response = new provproto.CheckResponse();
        response.setInputs(call.request.getNews());
        return response;
      }),
    diffConfig: (call: Call<provproto.DiffRequest>, callback: Callback) =>
      answer(callback, async () => {
        const response = new provproto.DiffResponse();
        const same = JSON.stringify(toJs(call.request.getOlds())) === JSON.stringify(toJs(call.request.getNews()));
        response.setChanges(
          same ? provproto.DiffResponse.DiffChanges.DIFF_NONE : provproto.DiffResponse.DiffChanges.DIFF_SOME,
        );
        return response;
      }),
    configure: (call: Call<provproto.ConfigureRequest>, callback: Callback) =>
      answer(callback, async () => {
        provider.configure(pluginConfigSource(new Map(call.request.getVariablesMap().toObject())));
        const response = new provproto.ConfigureResponse();
        // Secrets arrive as secrets and leave as secrets (values.ts): the engine stores exactly what is returned.
        response.setAcceptsecrets(true);
        response.setSupportspreview(false);
        return response;
      }),
    // The resource methods take plain values and answer bytes, both by wire.ts (see SERVICE below): an answer is
    // encoded here, so that a value it cannot carry fails this call with its message, as any other error.
    check: (call: Call<Props>, callback: Callback) =>
      answer(callback, async () => {
        const { urn, olds, news } = call.request;
        const result = await provider.check(text(urn), bag(olds), bag(news));
        return encodeMessage(CHECK_RESPONSE, {
          inputs: result.inputs,
          failures: result.failures.map((f) => ({ property: f.property, reason: f.reason })),
        });
      }),
    diff: (call: Call<Props>, callback: Callback) =>
      answer(callback, async () => {
        const { urn, id, olds, news, oldInputs } = call.request;
        const result = await provider.diff(
          text(urn),
          text(id),
          bag(olds),
          bag(news),
          oldInputs === undefined ? undefined : bag(oldInputs),
        );
        return encodeMessage(DIFF_RESPONSE, {
          changes: result.changes
            ? provproto.DiffResponse.DiffChanges.DIFF_SOME
            : provproto.DiffResponse.DiffChanges.DIFF_NONE,
          replaces: result.replaces,
          diffs: [...new Set(Object.keys(result.detailedDiff).map((p) => p.split(/[.[]/)[0]!))],
          hasDetailedDiff: result.changes,
          detailedDiff: Object.entries(result.detailedDiff).map(([key, { kind, replace }]) => ({
            key,
            value: { kind: replace ? REPLACE_KIND[kind] : KIND[kind], inputDiff: true },
          })),
        });
      }),
    create: (call: Call<Props>, callback: Callback) =>
      answer(callback, async () => {
        const result = await provider.create(text(call.request.urn), bag(call.request.properties));
        return encodeMessage(CREATE_RESPONSE, { id: result.id, properties: result.outs });
      }),
    read: (call: Call<Props>, callback: Callback) =>
      answer(callback, async () => {
        const { urn, id, properties, inputs } = call.request;
        // `pulumi import` sends no properties and no inputs: the id alone.
        const result = await provider.read(text(urn), text(id), bag(properties), bag(inputs));
        // Gone: an empty answer (no id), and the engine drops it from state.
        if (result.id === undefined) return encodeMessage(READ_RESPONSE, {});
        return encodeMessage(READ_RESPONSE, {
          id: result.id,
          properties: result.outs ?? {},
          inputs: result.inputs ?? {},
        });
      }),
    update: (call: Call<Props>, callback: Callback) =>
      answer(callback, async () => {
        const { urn, id, olds, news } = call.request;
        return encodeMessage(UPDATE_RESPONSE, {
          properties: await provider.update(text(urn), text(id), bag(olds), bag(news)),
        });
      }),
    delete: (call: Call<Props>, callback: Callback) =>
      answer(callback, async () => {
        const { urn, id, properties } = call.request;
        await provider.delete(text(urn), text(id), bag(properties));
        return new emptyproto.Empty();
      }),
    cancel: (_call: unknown, callback: Callback) => {
      provider.cancel();
      callback(null, new emptyproto.Empty());
    },
    invoke: unimplemented("Invoke"),
    streamInvoke: unimplemented("StreamInvoke"),
    call: unimplemented("Call"),
    construct: unimplemented("Construct"),
    handshake: unimplemented("Handshake"),
    parameterize: unimplemented("Parameterize"),
    attach: unimplemented("Attach"),
    getMapping: unimplemented("GetMapping"),
    getMappings: unimplemented("GetMappings"),
    list: (call: { emit(event: string, error: unknown): void }) =>
      call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: "List is not implemented by this provider" }),
  };
}

/** A log sink to the engine's log service: messages show in the CLI against the resource's URN. */
export function engineLog(engineAddress: string | undefined): LogSink {
  if (!engineAddress) return (severity, message) => process.stderr.write(`${severity}: ${message}\n`);
  const client = new engrpc.EngineClient(engineAddress, grpc.credentials.createInsecure() as never);
  const severities = {
    info: engproto.LogSeverity.INFO,
    warning: engproto.LogSeverity.WARNING,
    error: engproto.LogSeverity.ERROR,
  };
  return (severity, message, urn) => {
    const request = new engproto.LogRequest();
    request.setSeverity(severities[severity]);
    // A secret must never reach a log line, whatever a message embeds.
    request.setMessage(String(redactSecrets(message)));
    request.setUrn(urn ?? "");
    client.log(request, (error) => {
      if (error) process.stderr.write(`${severity}: ${message}\n`);
    });
  };
}

/** A field absent from a request: protobuf's defaults, an empty string and an empty property bag. */
const text = (value: unknown): string => (typeof value === "string" ? value : "");
const bag = (value: unknown): Props => (value as Props | undefined) ?? {};

type MethodDefinition = (typeof provrpc.ResourceProviderService)[keyof typeof provrpc.ResourceProviderService];

/**
 * A method whose request wire.ts reads as plain values, and whose handler answers the bytes wire.ts wrote (unless
 * `stubAnswer`: Delete answers the stubs' Empty).
 */
function plain(method: MethodDefinition, request: MessageSpec, stubAnswer = false): MethodDefinition {
  return {
    ...method,
    requestDeserialize: (bytes: Buffer) => decodeMessage(request, bytes),
    ...(stubAnswer ? {} : { responseSerialize: (bytes: Buffer) => bytes }),
  } as unknown as MethodDefinition;
}

/**
 * The service: the stubs' definition, with the methods of a resource's life read and answered by wire.ts rather
 * than through google-protobuf's message objects (a quarter of the plugin's CPU on a refresh). Delete answers an
 * Empty, which the stubs write.
 */
const SERVICE = {
  ...provrpc.ResourceProviderService,
  check: plain(provrpc.ResourceProviderService.check, CHECK_REQUEST),
  diff: plain(provrpc.ResourceProviderService.diff, DIFF_REQUEST),
  create: plain(provrpc.ResourceProviderService.create, CREATE_REQUEST),
  read: plain(provrpc.ResourceProviderService.read, READ_REQUEST),
  update: plain(provrpc.ResourceProviderService.update, UPDATE_REQUEST),
  delete: plain(provrpc.ResourceProviderService.delete, DELETE_REQUEST, true),
};

/** Serves the provider on 127.0.0.1 (a free port) and resolves with the port, which the engine reads from stdout. */
export async function serve(provider: PluginProvider, version: string): Promise<number> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 1024 * 1024 * 400 });
  server.addService(SERVICE as never, createService(provider, version) as never);
  return new Promise((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve(port),
    );
  });
}
