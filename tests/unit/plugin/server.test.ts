/**
 * The plugin's service handlers (plugin/server.ts) in-process: a request read by wire.ts reaches the provider as plain
 * values, the answer goes back as the stubs' bytes, and an answer a Struct cannot carry fails the call with its
 * message (not inside the gRPC library's serializer, where it would become a bare INTERNAL).
 */
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { createService } from "../../../plugin/server";
import type { PluginProvider } from "../../../plugin/provider";
import { decodeMessage, READ_REQUEST } from "../../../plugin/wire";

type Props = Record<string, unknown>;
const URN = "urn:pulumi:dev::p::datarobot-batch:index:BatchPredictionJobDefinition::scoring-1";

function call(handler: unknown, request: Props): Promise<{ error: unknown; value: unknown }> {
  return new Promise((resolve) =>
    (handler as (call: { request: Props }, callback: (error: unknown, value?: unknown) => void) => void)(
      { request },
      (error, value) => resolve({ error, value }),
    ),
  );
}

function readRequestBytes(): Buffer {
  const request = new provproto.ReadRequest();
  request.setId("64b0000000000000000000aa");
  request.setUrn(URN);
  request.setProperties(structproto.Struct.fromJavaScript({ name: "scoring-1" }));
  request.setInputs(structproto.Struct.fromJavaScript({ name: "scoring-1" }));
  return Buffer.from(request.serializeBinary());
}

describe("the plugin's resource handlers", () => {
  it("give the provider the request's plain values and answer the bytes of a ReadResponse", async () => {
    const seen: unknown[] = [];
    const provider = {
      read: async (...args: unknown[]) => {
        seen.push(args);
        return {
          id: "64b0000000000000000000aa",
          outs: { name: "scoring-1", enabled: true },
          inputs: { name: "scoring-1" },
        };
      },
    } as unknown as PluginProvider;
    const service = createService(provider, "1.2.3");
    const { error, value } = await call(service.read, decodeMessage(READ_REQUEST, readRequestBytes()));
    expect(error).toBeNull();
    expect(seen).toEqual([[URN, "64b0000000000000000000aa", { name: "scoring-1" }, { name: "scoring-1" }]]);
    const response = provproto.ReadResponse.deserializeBinary(value as Buffer);
    expect(response.getId()).toBe("64b0000000000000000000aa");
    expect(response.getProperties()?.toJavaScript()).toEqual({ name: "scoring-1", enabled: true });
  });

  it("fail a call whose answer a Struct cannot carry, with the codec's message", async () => {
    const provider = {
      read: async () => ({ id: "x", outs: { size: 10n }, inputs: {} }),
    } as unknown as PluginProvider;
    const { error, value } = await call(createService(provider, "1.2.3").read, { id: "x", urn: URN });
    expect(value).toBeNull();
    expect(error).toMatchObject({ message: "Unexpected struct type: bigint" });
  });
});
