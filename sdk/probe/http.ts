/**
 * Raw HTTP for the probe: exact status and JSON body of every request, no model validation and no retries (the probe
 * wants to see what the server does, not what a careful client makes of it). The token is held privately, sent only
 * in the Authorization header, and cut out of every text that leaves this module.
 */
import { normaliseEndpoint } from "../../provider/client/endpoint";
import { redactText } from "../../provider/client/redact";

export interface RawResponse {
  status: number;
  /** Parsed JSON, or the raw text when the body is not JSON, or undefined when empty. */
  body: unknown;
}

export type Method = "GET" | "POST" | "PATCH" | "DELETE";

export class ProbeHttpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProbeHttpError";
  }
}

export class ProbeHttp {
  readonly endpoint: string;
  readonly #token: string;
  readonly #timeoutMs: number;
  /** Every request sent, for the report's evidence and for tests. */
  readonly sent: { method: Method; path: string; status: number }[] = [];

  constructor(endpoint: string, token: string, timeoutMs = 30_000, options: { allowInsecureHttp?: boolean } = {}) {
    if (!token.trim()) throw new ProbeHttpError("The DataRobot API token is empty: set DATAROBOT_API_TOKEN");
    this.endpoint = normaliseEndpoint(endpoint, options);
    this.#token = token.trim();
    this.#timeoutMs = timeoutMs;
  }

  scrub(text: string): string {
    return redactText(text, [this.#token]);
  }

  async send(method: Method, path: string, body?: unknown): Promise<RawResponse> {
    let response: Response;
    try {
      response = await fetch(`${this.endpoint}${path}`, {
        method,
        headers: {
          Accept: "application/json",
          Authorization: `Bearer ${this.#token}`,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: "manual",
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new ProbeHttpError(this.scrub(`${method} ${path} failed: ${reason}`));
    }
    const text = this.scrub(await response.text().catch(() => ""));
    let parsed: unknown = undefined;
    if (text.trim() !== "") {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    this.sent.push({ method, path, status: response.status });
    return { status: response.status, body: parsed };
  }
}
