/**
 * The end-to-end layer's helpers, one entry point: test files import them from "./helpers", never from one of the
 * files here (a lint rule holds it). The helpers import each other directly. pipeline-runner.ts and up-child.ts are
 * programs a test starts in a process of its own (by path), not modules to import: only their argument and result
 * types are here.
 */
export * from "./cli";
export * from "./constants";
export * from "./definitions";
export * from "./emulator";
export * from "./emulator-stack";
export * from "./engine-log";
export * from "./minimal-resource";
export * from "./plugin-executable";
export * from "./plugin-launcher";
export * from "./processes";
export * from "./program";
export * from "./public-api";
export * from "./python";
export * from "./secret-markers";
export * from "./snapshot";
export * from "./stack";
export type { RunnerArgs, RunnerResult } from "./pipeline-runner";
