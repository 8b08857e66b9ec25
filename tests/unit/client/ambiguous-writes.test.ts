/**
 * Which failures leave a write's outcome unknown (provider/client/ambiguous-writes.ts), and the error a write that
 * may have had its effect ends with. The writes themselves (delete, start a run) are exercised over HTTP in
 * client.test.ts, the create in create-recovery.test.ts.
 */
import {
  ConflictError,
  DataRobotApiError,
  DeadlineExceededError,
  NetworkError,
  RateLimitedError,
  ServerError,
} from "../../../provider/client";
import { isAmbiguousFailure, outcomeUnknownError } from "../../../provider/client/ambiguous-writes";
import { createApiError } from "../../../provider/client/errors";

const at = { method: "POST", path: "/batchPredictions/fromJobDefinition/", apiMessage: "x" };
const network = (code: string, phase: "connect" | "sent") => new NetworkError({ ...at, status: 0, code, phase });

describe("isAmbiguousFailure", () => {
  it.each([
    ["a connection that never opened", network("ECONNREFUSED", "connect"), false],
    ["a connection dropped after sending", network("ECONNRESET", "sent"), true],
    ["a timeout", network("ETIMEDOUT", "sent"), true],
    ["429 (the server refused it)", createApiError({ ...at, status: 429 }), false],
    ["409", createApiError({ ...at, status: 409 }), false],
    ["422", createApiError({ ...at, status: 422 }), false],
    ["500", createApiError({ ...at, status: 500 }), true],
    ["502 (a gateway may have forwarded it)", createApiError({ ...at, status: 502 }), true],
    ["503", createApiError({ ...at, status: 503 }), true],
  ])("%s → %p", (_label, error, ambiguous) => {
    expect(isAmbiguousFailure(error)).toBe(ambiguous);
  });
});

describe("outcomeUnknownError", () => {
  const HINT = "check before starting another";

  it("an ambiguous failure comes back flagged outcomeUnknown, of the same class, with the hint", () => {
    const error = outcomeUnknownError(createApiError({ ...at, status: 502 }), HINT) as DataRobotApiError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toBe(
      "DataRobot API: POST /batchPredictions/fromJobDefinition/ failed with 502 (x). check before starting another",
    );
  });

  it("a deadline ends it as unknown when its last attempt failed ambiguously, and only then", () => {
    const ambiguous = new DeadlineExceededError(network("ECONNRESET", "sent"), 3, 1000, 1000);
    const rebuilt = outcomeUnknownError(ambiguous, HINT) as DeadlineExceededError;
    expect(rebuilt).toBeInstanceOf(DeadlineExceededError);
    expect(rebuilt.outcomeUnknown).toBe(true);
    expect(rebuilt.lastError.outcomeUnknown).toBe(true);
    expect(rebuilt.message).toMatch(/\. check before starting another$/);

    const refused = new DeadlineExceededError(createApiError({ ...at, status: 429 }), 3, 1000, 1000);
    expect(outcomeUnknownError(refused, HINT)).toBe(refused);
  });

  it("a failure the server certainly did not act on, or not an API error at all, is passed on unchanged", () => {
    const conflict = createApiError({ ...at, status: 409 });
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(outcomeUnknownError(conflict, HINT)).toBe(conflict);
    const limited = createApiError({ ...at, status: 429 });
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(outcomeUnknownError(limited, HINT)).toBe(limited);
    const other = new TypeError("bug");
    expect(outcomeUnknownError(other, HINT)).toBe(other);
  });
});
