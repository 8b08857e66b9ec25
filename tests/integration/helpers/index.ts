/**
 * The integration layer's helpers, one entry point: test files import them from "../helpers", never from one of the
 * files here (a lint rule holds it). The helpers import each other directly.
 *  - emulator.ts: `useEmulator()`, the emulator of a file (started, reset before each test, closed);
 *  - http.ts: raw HTTP calls and definition bodies for the emulator's own tests (no client library in between);
 *  - lookup.ts: `loopbackLookup()`, a client `lookup` that resolves one host name to the emulator on 127.0.0.1;
 *  - run-harness.ts: `useRunHarness()`, an emulator on a 60× clock with a client on the same clock, for run tests.
 */
export * from "./emulator";
export * from "./http";
export * from "./lookup";
export * from "./run-harness";
