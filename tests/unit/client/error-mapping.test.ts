/**
 * Error mapping (provider/client/error-mapping.ts) without a server: which text of a failed answer becomes the
 * message, how field errors are flattened, what a failure without a response says, and that every text taken from
 * the server or from Node goes through the scrub. errors.test.ts checks the same mapping end to end over HTTP.
 */
import * as util from "node:util";
import {
  ConflictError,
  DataRobotApiError,
  NetworkError,
  NotFoundError,
  ServerError,
  ValidationError,
} from "../../../provider/client";
import { flattenFieldErrors, networkError, responseError } from "../../../provider/client/error-mapping";

const REQUEST = { method: "PATCH", path: "/batchPredictionJobDefinitions/d1/" };
const SECRET = "AK-very-secret-value";
const scrub = (text: string) => text.split(SECRET).join("[secret]");
const noScrub = (text: string) => text;

describe("flattenFieldErrors", () => {
  it("nested objects become dotted paths; lists of scalars are joined; lists of objects are indexed", () => {
    expect(
      flattenFieldErrors({
        intakeSettings: { url: "bad url" },
        schedule: { hour: ["not an hour", "too large"] },
        outputSettings: [{ table: "required" }, { schema: "required" }],
      }),
    ).toEqual({
      "intakeSettings.url": "bad url",
      "schedule.hour": "not an hour; too large",
      "outputSettings[0].table": "required",
      "outputSettings[1].schema": "required",
    });
  });

  it("a scalar or a list of scalars at the top is filed under 'body'; null and undefined give nothing", () => {
    expect(flattenFieldErrors("invalid")).toEqual({ body: "invalid" });
    expect(flattenFieldErrors(["a", 1, null])).toEqual({ body: "a; 1; null" });
    expect(flattenFieldErrors(null)).toEqual({});
    expect(flattenFieldErrors(undefined)).toEqual({});
  });
});

describe("responseError: which text becomes the message", () => {
  const message = (data: unknown, status = 422, location?: unknown) =>
    responseError(REQUEST, { status, data, retryAfterMs: undefined, location }, noScrub).apiMessage;

  it("message, else detail, else a text body (trimmed, first 200 characters), else the status text", () => {
    expect(message({ message: "Invalid field data", detail: "ignored" })).toBe("Invalid field data");
    expect(message({ message: "  ", detail: "Not allowed here" })).toBe("Not allowed here");
    expect(message(`  <html>${"x".repeat(300)}</html>  `)).toBe(`<html>${"x".repeat(194)}`);
    expect(message(undefined, 404)).toBe("Not Found");
    expect(message({ errors: {} }, 422)).toBe("Unprocessable Entity");
    expect(message(undefined, 499)).toBe("unexpected status");
  });

  it("a redirect names where it pointed (the client never follows one)", () => {
    expect(message(undefined, 301, "https://elsewhere/api/v2/x/")).toBe(
      "unexpected redirect to https://elsewhere/api/v2/x/",
    );
    expect(message(undefined, 302)).toBe("unexpected redirect to ?");
  });

  it("keeps the status's class, the field errors, errorName and Retry-After", () => {
    const error = responseError(
      REQUEST,
      {
        status: 409,
        data: { message: "Name taken", errorName: "DuplicateName", errors: { name: ["taken"] } },
        retryAfterMs: 2000,
      },
      noScrub,
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({
      status: 409,
      method: "PATCH",
      path: "/batchPredictionJobDefinitions/d1/",
      apiMessage: "Name taken",
      fieldErrors: { name: "taken" },
      errorName: "DuplicateName",
      retryAfterMs: 2000,
    });
    expect(responseError(REQUEST, { status: 404, data: {}, retryAfterMs: undefined }, noScrub)).toBeInstanceOf(
      NotFoundError,
    );
    expect(responseError(REQUEST, { status: 400, data: {}, retryAfterMs: undefined }, noScrub)).toBeInstanceOf(
      ValidationError,
    );
    expect(responseError(REQUEST, { status: 503, data: {}, retryAfterMs: undefined }, noScrub)).toBeInstanceOf(
      ServerError,
    );
  });

  it("scrubs the message and every field error (a server may quote a secret back)", () => {
    const error = responseError(
      REQUEST,
      {
        status: 422,
        data: { message: `apiKey ${SECRET} rejected`, errors: { predictionInstance: { apiKey: `bad: ${SECRET}` } } },
        retryAfterMs: undefined,
      },
      scrub,
    );
    expect(error.apiMessage).toBe("apiKey [secret] rejected");
    expect(error.fieldErrors).toEqual({ "predictionInstance.apiKey": "bad: [secret]" });
    expect(error.message).not.toContain(SECRET);
  });

  it("scrubs the field paths and errorName too: they are server text as well", () => {
    const error = responseError(
      REQUEST,
      { status: 422, data: { errors: { [`x${SECRET}`]: "bad" }, errorName: `E ${SECRET}` }, retryAfterMs: undefined },
      scrub,
    );
    expect(error.fieldErrors).toEqual({ "x[secret]": "bad" });
    expect(error.errorName).toBe("E [secret]");
  });
});

describe("networkError: a failure without a response", () => {
  it.each([
    ["ECONNREFUSED", "connect", "connection refused (ECONNREFUSED)"],
    ["ENOTFOUND", "connect", "host not found (ENOTFOUND)"],
    ["EADDRNOTAVAIL", "connect", "boom (EADDRNOTAVAIL)"],
    ["ECONNRESET", "sent", "connection closed before a response was received (ECONNRESET)"],
    ["EPIPE", "sent", "connection closed while sending (EPIPE)"],
    ["ECONNABORTED", "sent", "timed out: no response within 1500 ms (ECONNABORTED)"],
    ["ETIMEDOUT", "sent", "timed out: no response within 1500 ms (ETIMEDOUT)"],
    ["ESOMETHING", "sent", "boom (ESOMETHING)"],
  ])("%s → phase %s, %p", (code, phase, text) => {
    const error = networkError({ code, message: "boom" }, REQUEST, 1500, noScrub);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ status: 0, code, phase, apiMessage: text, retryable: true });
  });

  it("without a code it is UNKNOWN and may have been sent; without a message it says 'request failed'", () => {
    expect(networkError(null, REQUEST, 1, noScrub)).toMatchObject({
      code: "UNKNOWN",
      phase: "sent",
      apiMessage: "request failed (UNKNOWN)",
    });
  });

  it("keeps nothing of the thrown object but its code and scrubbed message", () => {
    const thrown = Object.assign(new Error(`socket hang up near ${SECRET}`), {
      code: "ECONNRESET2",
      config: { headers: { Authorization: `Bearer ${SECRET}` } },
    });
    const error: DataRobotApiError = networkError(thrown, REQUEST, 1, scrub);
    expect(error.apiMessage).toBe("socket hang up near [secret] (ECONNRESET2)");
    expect(error.cause).toBeUndefined();
    expect(JSON.stringify(error)).not.toContain(SECRET);
    expect(util.inspect(error, { depth: 10, showHidden: true })).not.toContain(SECRET);
  });
});
