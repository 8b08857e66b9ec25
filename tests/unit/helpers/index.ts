/**
 * The unit layer's helpers, one entry point: test files import them from "../helpers", never from one of the files
 * here (a lint rule holds it). The helpers import each other directly. A folder's own fixtures (the model's spec
 * examples, arbitraries and server echo) stay next to its tests.
 *  - script-server.ts: `useScriptServer()`, a scripted HTTP server for the client's tests, a fake clock, and the
 *    collector of every error and log line seen (to prove the token never leaks);
 *  - run-fakes.ts: a clock that never waits and a scripted client, for the steps of a run without a server;
 *  - markdown.ts: small Markdown readers for the documentation tests.
 */
export * from "./markdown";
export * from "./run-fakes";
export * from "./script-server";
