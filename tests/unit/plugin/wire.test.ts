/**
 * The plugin's own protobuf codec (plugin/wire.ts) against the stubs @pulumi/pulumi ships: what the engine sends is
 * read as the stubs read it, and what the plugin answers the stubs read back as written.
 */
import fc from "fast-check";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import {
  CHECK_RESPONSE,
  decodeMessage,
  decodeStruct,
  DIFF_REQUEST,
  DIFF_RESPONSE,
  encodeMessage,
  encodeStruct,
  READ_REQUEST,
  READ_RESPONSE,
} from "../../../plugin/wire";

type Props = Record<string, unknown>;
const stubBytes = (value: Props) => Buffer.from(structproto.Struct.fromJavaScript(value as never).serializeBinary());
const stubRead = (bytes: Uint8Array) => structproto.Struct.deserializeBinary(bytes).toJavaScript();

/** Property bags as the engine carries them: JSON values, with keys and strings of any characters. */
const leaf = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double({ noNaN: true }),
  fc.integer(),
  fc.string({ unit: "binary" }),
);
const { bag } = fc.letrec<{ bag: Props; value: unknown }>((tie) => ({
  bag: fc.dictionary(fc.string({ unit: "binary" }), tie("value"), { maxKeys: 6 }),
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    tie("bag"),
    fc.array(tie("value"), { maxLength: 4 }),
  ),
}));

describe("google.protobuf.Struct", () => {
  it("reads what the stubs write as the stubs read it, key order included", () => {
    fc.assert(
      fc.property(bag, (value) => {
        const bytes = stubBytes(value);
        const ours = decodeStruct(bytes);
        const theirs = stubRead(bytes);
        expect(ours).toEqual(theirs);
        expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs));
      }),
      { numRuns: 500 },
    );
  });

  it("writes what the stubs read back as the value written", () => {
    fc.assert(
      fc.property(bag, (value) => {
        expect(stubRead(encodeStruct(value))).toEqual(stubRead(stubBytes(value)));
      }),
      { numRuns: 500 },
    );
  });

  it("keeps -0, tiny and huge numbers and characters outside the BMP exactly", () => {
    const value = { a: -0, b: 5e-324, c: 1.7976931348623157e308, d: "😀 é \u0000", e: [[], {}, [null]] };
    const read = decodeStruct(encodeStruct(value));
    expect(Object.is(read.a, -0)).toBe(true);
    expect(read).toEqual(value);
    expect(stubRead(encodeStruct(value))).toEqual(value);
  });

  it("drops a __proto__ key and keeps a repeated key's last value, as the stubs' map does", () => {
    const twice = Buffer.concat([stubBytes({ b: true, a: 1 }), stubBytes({ a: 2 })]);
    expect(decodeStruct(twice)).toEqual({ a: 2, b: true });
    expect(decodeStruct(twice)).toEqual(stubRead(twice));
    // Entries out of order on the wire (the engine writes a Go map) come out sorted, as from the stubs.
    const unsorted = Buffer.concat([stubBytes({ z: 1 }), stubBytes({ m: 2 }), stubBytes({ a: 3 })]);
    expect(Object.keys(decodeStruct(unsorted))).toEqual(["a", "m", "z"]);
    expect(Object.keys(decodeStruct(unsorted))).toEqual(Object.keys(stubRead(unsorted)));

    // A map entry whose key is `__proto__` (written by hand: no JavaScript object literal carries one as a key).
    const key = Buffer.from("__proto__");
    const inner = stubBytes({ polluted: true });
    const value = Buffer.concat([Buffer.from([0x2a, inner.length]), inner]); // Value { struct_value: {polluted: true} }
    const entry = Buffer.concat([Buffer.from([0x0a, key.length]), key, Buffer.from([0x12, value.length]), value]);
    const bytes = Buffer.concat([Buffer.from([0x0a, entry.length]), entry, stubBytes({ polluted: false })]);
    const read = decodeStruct(bytes);
    expect(Object.keys(read)).toEqual(["polluted"]);
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(read.polluted).toBe(false);
    expect(stubRead(bytes)).toEqual(read);
  });

  it("skips fields it does not know and refuses bytes cut short, without reading past them", () => {
    // A Value with an unknown varint field 9 before its string: read as the string.
    const text = Buffer.from("kept");
    const value = Buffer.concat([Buffer.from([0x48, 0x96, 0x01, 0x1a, text.length]), text]);
    const entry = Buffer.concat([Buffer.from([0x0a, 0x01, 0x6b, 0x12, value.length]), value]);
    expect(decodeStruct(Buffer.concat([Buffer.from([0x0a, entry.length]), entry]))).toEqual({ k: "kept" });

    const whole = stubBytes({ name: "scoring", schedule: { hour: [1, 2] } });
    for (const cut of [1, 3, 7]) {
      expect(() => decodeStruct(whole.subarray(0, whole.length - cut))).toThrow(/protobuf: /);
    }
  });

  it("refuses what a Struct cannot carry, naming it", () => {
    expect(() => encodeStruct({ gone: undefined })).toThrow('Unexpected struct type: undefined at "gone"');
    expect(() => encodeStruct({ f: () => 1 })).toThrow("Unexpected struct type: function");
  });
});

describe("the resource messages", () => {
  const outputs = { name: "scoring-1", enabled: false, schedule: { hour: [1], minute: [0] }, created: null };
  const inputs = { name: "scoring-1", enabled: false };

  it("reads a ReadRequest's id, URN and property bags and skips the fields it does not use", () => {
    const request = new provproto.ReadRequest();
    request.setId("64b0000000000000000000aa");
    request.setUrn("urn:pulumi:dev::p::datarobot-batch:index:BatchPredictionJobDefinition::scoring-1");
    request.setProperties(structproto.Struct.fromJavaScript(outputs));
    request.setInputs(structproto.Struct.fromJavaScript(inputs));
    request.setName("scoring-1");
    request.setType("datarobot-batch:index:BatchPredictionJobDefinition");
    request.setTimeout(300);
    request.setResourceStatusAddress("127.0.0.1:1");
    expect(decodeMessage(READ_REQUEST, Buffer.from(request.serializeBinary()))).toEqual({
      id: "64b0000000000000000000aa",
      urn: "urn:pulumi:dev::p::datarobot-batch:index:BatchPredictionJobDefinition::scoring-1",
      properties: outputs,
      inputs,
    });
    // An import's read: the id alone.
    const byId = new provproto.ReadRequest();
    byId.setId("64b0000000000000000000aa");
    expect(decodeMessage(READ_REQUEST, Buffer.from(byId.serializeBinary()))).toEqual({
      id: "64b0000000000000000000aa",
    });
  });

  it("reads a DiffRequest with and without old inputs", () => {
    const request = new provproto.DiffRequest();
    request.setId("x");
    request.setOlds(structproto.Struct.fromJavaScript(outputs));
    request.setNews(structproto.Struct.fromJavaScript(inputs));
    request.setIgnorechangesList(["schedule"]);
    expect(decodeMessage(DIFF_REQUEST, Buffer.from(request.serializeBinary()))).toEqual({
      id: "x",
      olds: outputs,
      news: inputs,
    });
    request.setOldInputs(structproto.Struct.fromJavaScript({}));
    expect(decodeMessage(DIFF_REQUEST, Buffer.from(request.serializeBinary())).oldInputs).toEqual({});
  });

  it("writes a ReadResponse the stubs read back, and an empty one for a definition gone", () => {
    const response = provproto.ReadResponse.deserializeBinary(
      encodeMessage(READ_RESPONSE, { id: "x", properties: outputs, inputs }),
    );
    expect(response.getId()).toBe("x");
    expect(response.getProperties()?.toJavaScript()).toEqual(outputs);
    expect(response.getInputs()?.toJavaScript()).toEqual(inputs);

    const gone = encodeMessage(READ_RESPONSE, {});
    expect(gone.length).toBe(0);
    expect(provproto.ReadResponse.deserializeBinary(gone).getId()).toBe("");
  });

  it("writes a DiffResponse with its detailed diff as the stubs would", () => {
    const Kind = provproto.PropertyDiff.Kind;
    const bytes = encodeMessage(DIFF_RESPONSE, {
      changes: provproto.DiffResponse.DiffChanges.DIFF_SOME,
      replaces: ["endpoint"],
      diffs: ["intakeSettings", "endpoint"],
      hasDetailedDiff: true,
      detailedDiff: [
        { key: "intakeSettings.url", value: { kind: Kind.UPDATE, inputDiff: true } },
        { key: "endpoint", value: { kind: Kind.UPDATE_REPLACE, inputDiff: true } },
        { key: "schedule.hour[0]", value: { kind: Kind.ADD, inputDiff: true } },
      ],
    });
    const ours = provproto.DiffResponse.deserializeBinary(bytes).toObject();

    const expected = new provproto.DiffResponse();
    expected.setChanges(provproto.DiffResponse.DiffChanges.DIFF_SOME);
    expected.setReplacesList(["endpoint"]);
    expected.setDiffsList(["intakeSettings", "endpoint"]);
    expected.setHasdetaileddiff(true);
    for (const [key, kind] of [
      ["intakeSettings.url", Kind.UPDATE],
      ["endpoint", Kind.UPDATE_REPLACE],
      ["schedule.hour[0]", Kind.ADD],
    ] as const) {
      const diff = new provproto.PropertyDiff();
      diff.setKind(kind);
      diff.setInputdiff(true);
      expected.getDetaileddiffMap().set(key, diff);
    }
    expect(ours).toEqual(expected.toObject());

    // No change: DIFF_NONE is the enum's 1, written; nothing else is.
    const none = provproto.DiffResponse.deserializeBinary(
      encodeMessage(DIFF_RESPONSE, {
        changes: provproto.DiffResponse.DiffChanges.DIFF_NONE,
        replaces: [],
        diffs: [],
        hasDetailedDiff: false,
        detailedDiff: [],
      }),
    );
    expect(none.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_NONE);
    expect(none.getDetaileddiffMap().getLength()).toBe(0);
  });

  it("writes a CheckResponse's failures in order", () => {
    const response = provproto.CheckResponse.deserializeBinary(
      encodeMessage(CHECK_RESPONSE, {
        inputs,
        failures: [
          { property: "intakeSettings.url", reason: "must be an s3:// URL" },
          { property: "", reason: "the whole body" },
        ],
      }),
    );
    expect(response.getInputs()?.toJavaScript()).toEqual(inputs);
    expect(response.getFailuresList().map((f) => [f.getProperty(), f.getReason()])).toEqual([
      ["intakeSettings.url", "must be an s3:// URL"],
      ["", "the whole body"],
    ]);
  });
});
