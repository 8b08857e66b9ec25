/**
 * Three layers, selectable with `jest --selectProjects <name>`:
 *  - unit: pure functions, no network beyond in-process servers;
 *  - integration: the provider, client and emulator over real HTTP (and DataRobot's Python SDK against the emulator);
 *  - e2e: the real Pulumi engine through the Automation API (serial; the engine is obtained by scripts/engine.mjs).
 */
// Type checking is `npm run typecheck`; tests compile file by file (isolatedModules) to stay fast on 2 cores.
const tsJest = ["ts-jest", { tsconfig: "tsconfig.jest.json" }];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: "unit",
      testMatch: ["<rootDir>/tests/unit/**/*.test.ts"],
      transform: { "^.+\\.ts$": tsJest },
      testEnvironment: "node",
    },
    {
      displayName: "integration",
      testMatch: ["<rootDir>/tests/integration/**/*.test.ts"],
      transform: { "^.+\\.ts$": tsJest },
      testEnvironment: "node",
    },
    {
      displayName: "e2e",
      testMatch: ["<rootDir>/tests/e2e/**/*.test.ts"],
      transform: { "^.+\\.ts$": tsJest },
      testEnvironment: "node",
      globalSetup: "<rootDir>/tests/e2e/global-setup.js",
    },
  ],
};
