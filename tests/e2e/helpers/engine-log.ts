/**
 * Captures everything the engine prints and every engine event of an Automation API operation, so tests can assert
 * on what a person sees (`pulumi preview --diff` text, diagnostics) and prove that no secret ever appears in it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";

export class EngineLog {
  /** Output of every operation captured so far (stdout and stderr chunks, in order). */
  readonly chunks: string[] = [];
  readonly events: EngineEvent[] = [];

  /** @param parent a log that receives everything this one captures too (e.g. one per test file, for secret scans). */
  constructor(private readonly parent?: EngineLog) {}

  /** Options to spread into preview/up/refresh/destroy: `stack.up({...log.capture()})`. */
  capture(): { onOutput: (out: string) => void; onError: (err: string) => void; onEvent: (e: EngineEvent) => void } {
    return {
      onOutput: (out) => this.addChunk(out),
      onError: (err) => this.addChunk(err),
      onEvent: (event) => this.addEvent(event),
    };
  }

  private addChunk(chunk: string): void {
    this.chunks.push(chunk);
    this.parent?.addChunk(chunk);
  }

  private addEvent(event: EngineEvent): void {
    this.events.push(event);
    this.parent?.addEvent(event);
  }

  text(): string {
    return this.chunks.join("");
  }

  /** Everything captured, events included, as one string (for secret scans). */
  everything(): string {
    return this.text() + "\n" + this.events.map((event) => JSON.stringify(event)).join("\n");
  }

  /** resourcePreEvent metadata of the resources of one type, keyed by resource name (last URN segment). */
  preEvents(typeToken: string): Map<string, NonNullable<EngineEvent["resourcePreEvent"]>["metadata"]> {
    const byName = new Map<string, NonNullable<EngineEvent["resourcePreEvent"]>["metadata"]>();
    for (const event of this.events) {
      const metadata = event.resourcePreEvent?.metadata;
      if (!metadata || metadata.type !== typeToken) continue;
      byName.set(metadata.urn.split("::").pop()!, metadata);
    }
    return byName;
  }

  /** Diagnostic messages (errors and warnings) the engine reported. */
  diagnostics(): string[] {
    return this.events.flatMap((event) => (event.diagnosticEvent ? [event.diagnosticEvent.message] : []));
  }
}

/** Fails with the offending excerpt (secret masked) when `text` contains any of `secrets`. */
export function expectNoSecrets(text: string, secrets: string[]): void {
  for (const secret of secrets) {
    const at = text.indexOf(secret);
    if (at >= 0) {
      const excerpt = text
        .slice(Math.max(0, at - 120), at + secret.length + 40)
        .split(secret)
        .join("<SECRET>");
      throw new Error(`a secret appears in plain text: ...${excerpt}...`);
    }
  }
}

/**
 * Engine events carry secret values in one documented place only (docs/engine-notes.md): the Node SDK's own
 * debug-level diagnostics "RegisterResource RPC finished: ... resp: <protobuf>", hidden by the CLI unless --debug.
 * Fails for any other event holding one of `secrets`.
 */
export function expectSecretsOnlyInDebugTraces(events: EngineEvent[], secrets: string[]): void {
  for (const event of events) {
    const text = JSON.stringify(event);
    if (!secrets.some((secret) => text.includes(secret))) continue;
    expect(event.diagnosticEvent?.severity).toBe("debug");
    expect(event.diagnosticEvent?.message).toMatch(/^Register(Resource|ResourceOutputs) RPC finished: /);
  }
}

/**
 * The text of every file of a test stack's work directory: the file backend (state, history, backups), the stack's
 * config file and PULUMI_HOME. This is what lies on disk; `stack.exportStack()` is no substitute for a secret scan,
 * because the Automation API runs `pulumi stack export --show-secrets`.
 */
export function filesText(dir: string): string {
  const parts: string[] = [];
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && fs.statSync(full).size < 20_000_000) parts.push(fs.readFileSync(full, "latin1"));
    }
  };
  walk(dir);
  return parts.join("\n");
}
