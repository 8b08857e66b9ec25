/**
 * Property-based tests of the canonical form over generated valid inputs (arbitraries.ts) and a pure imitation of the
 * server's echo (server-echo.ts). An integration test checks the same against the real emulator.
 */
import fc from "fast-check";
import {
  canonicalFromInputs,
  canonicalFromResponse,
  canonicalize,
  changedPaths,
  diffCanonical,
  JobDefinitionResponseSchema,
  toApiBody,
  UNKNOWN_SENTINEL,
  validateInputs,
  projectOnto,
  toCreateBody,
  writeMismatches,
  writtenFromInputs,
} from "../../../provider/model";
import { inputsArb } from "./arbitraries";
import { echoOptionsArb, serverEcho } from "./server-echo";

const RUNS = { numRuns: 200 };
const json = (value: unknown) => JSON.stringify(value);

/** Every path to a value inside `value` (objects, arrays, leaves), except the root. */
function allPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const children: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : value !== null && typeof value === "object"
      ? Object.entries(value)
      : [];
  return children.flatMap(([key, child]) => [[...path, key], ...allPaths(child, [...path, key])]);
}

function setAt(root: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(root));
  let current = copy;
  for (const segment of path.slice(0, -1)) current = current[segment];
  current[path[path.length - 1]] = replacement;
  return copy;
}

describe("canonical form properties", () => {
  it("generated inputs are valid, and validation returns their canonical form", () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const result = validateInputs(inputs);
        if (!result.ok) throw new Error(JSON.stringify(result.issues));
        expect(json(result.value)).toBe(json(canonicalFromInputs(inputs)));
      }),
      RUNS,
    );
  });

  it("the server's echo of any valid x holds exactly what x writes (extra server keys are not compared)", () => {
    fc.assert(
      fc.property(inputsArb, echoOptionsArb, (inputs, options) => {
        const response = serverEcho(inputs as Record<string, unknown>, options);
        expect(JobDefinitionResponseSchema.safeParse(response).success).toBe(true);
        const written = writtenFromInputs(inputs);
        const actual = canonicalFromResponse(response, written) as unknown as Record<string, unknown>;
        expect(writeMismatches(actual, written)).toEqual([]);
        expect(json(projectOnto(actual, written))).toBe(json(projectOnto(canonicalFromInputs(inputs), written)));
      }),
      RUNS,
    );
  });

  it("the same holds when the body sent is toCreateBody(written(x))", () => {
    fc.assert(
      fc.property(inputsArb, echoOptionsArb, (inputs, options) => {
        const written = writtenFromInputs(inputs);
        const response = serverEcho(toCreateBody(written), options);
        const actual = canonicalFromResponse(response, written) as unknown as Record<string, unknown>;
        expect(writeMismatches(actual, written)).toEqual([]);
      }),
      RUNS,
    );
  });

  it("canonicalisation is idempotent, and the API body round-trips and validates", () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const canonical = canonicalFromInputs(inputs);
        expect(json(canonicalize(canonical))).toBe(json(canonical));
        expect(json(canonicalFromInputs(canonical))).toBe(json(canonical));
        const body = toApiBody(canonical);
        expect(validateInputs(body).ok).toBe(true);
        expect(json(canonicalFromInputs(body))).toBe(json(canonical));
        // A response read without desired inputs is canonical too (idempotent from the response side).
        const fromResponse = canonicalFromResponse(
          serverEcho(body, {
            otherUser: false,
            normaliseSchedule: false,
            serverNumConcurrent: 3,
            fillNestedDefaults: true,
            explicitNulls: true,
            redactSecrets: false,
            extraKeys: true,
            shuffleSeed: 7,
          }),
        );
        expect(json(canonicalize(fromResponse))).toBe(json(fromResponse));
      }),
      RUNS,
    );
  });

  it("does not depend on key order", () => {
    fc.assert(
      fc.property(inputsArb, echoOptionsArb, (inputs, options) => {
        // The echo shuffles keys recursively; reading it back as inputs (flat) must give the same canonical form.
        const shuffled = serverEcho(inputs as Record<string, unknown>, {
          ...options,
          otherUser: false,
          extraKeys: false,
        });
        const job = shuffled.batchPredictionJob as Record<string, unknown>;
        const reordered = Object.fromEntries(Object.entries(inputs).reverse());
        expect(json(canonicalFromInputs(reordered))).toBe(json(canonicalFromInputs(inputs)));
        expect(Object.keys(canonicalFromInputs({ ...job })).join()).toBe(
          [...Object.keys(canonicalFromInputs({ ...job }))].sort().join(),
        );
      }),
      RUNS,
    );
  });

  it("diff helpers: no change against itself; a changed leaf is found at its path", () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const canonical = canonicalFromInputs(inputs);
        expect(diffCanonical(canonical, canonicalFromInputs(inputs))).toEqual([]);
        expect(changedPaths(canonical, canonical)).toEqual([]);
        const changed = { ...canonical, intakeSettings: { ...canonical.intakeSettings, type: "changed" } };
        expect(diffCanonical(canonical, changed as never)).toEqual(["intakeSettings"]);
        expect(changedPaths(canonical, changed)).toEqual(["intakeSettings.type"]);
      }),
      RUNS,
    );
  });

  it("the preview sentinel is accepted in place of any value of a valid input", () => {
    fc.assert(
      fc.property(
        inputsArb.chain((inputs) => {
          const paths = allPaths(inputs);
          return fc.tuple(fc.constant(inputs), fc.constantFrom(...paths));
        }),
        ([inputs, path]) => {
          const withUnknown = setAt(inputs, path, UNKNOWN_SENTINEL);
          const result = validateInputs(withUnknown, { allowUnknowns: true });
          if (!result.ok) throw new Error(`${path.join(".")}: ${JSON.stringify(result.issues)}`);
        },
      ),
      RUNS,
    );
  });
});
