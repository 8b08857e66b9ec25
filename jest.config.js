/**
 * Three layers, selectable with `jest --selectProjects <name>` (add `--runTestsByPath <file>` to run one file):
 *  - unit: pure functions, no network beyond in-process servers;
 *  - integration: the provider, client and emulator over real HTTP (and DataRobot's Python SDK against the emulator);
 *  - e2e: the real Pulumi engine through the Automation API (serial; the engine is obtained by scripts/engine.js).
 *
 * Test folder → the sources it covers (a folder's files other than *.test.ts are its shared setup and fixtures):
 *  tests/unit/model                             provider/model (schemas, validation, canonical form, wire bodies)
 *  tests/unit/hostile                           provider/model/guards.ts, and the hostile-input corpus through
 *                                               provider/job-definition's check
 *  tests/unit/client                            provider/client
 *  tests/unit/provider                          provider/config.ts, provider/connections.ts, provider/client/endpoint.ts,
 *                                               provider/job-definition/provider-settings-check.ts, provider/values.ts
 *  tests/unit/run                               provider/run (its steps on a fake clock: session, wait, stop, outcome)
 *  tests/unit/sdk                               sdk/*.ts (resource classes under Pulumi mocks, public surface)
 *  tests/unit/review                            sdk/review, sdk/schedule-next.ts
 *  tests/unit/cli                               sdk/cli
 *  tests/unit/emulator                          emulator/ without a server: rules/ (validation, adapters, schedule),
 *                                               http/csv.ts; core and hardening cover pieces of every room, cli-args.ts
 *  tests/unit/scripts                           scripts/*.js
 *  tests/unit/plugin                           plugin/schema.ts (against the model), plugin/values.ts
 *  tests/unit/executable                       executable/doors.ts (which door a command line opens)
 *  tests/unit/docs                              README.md, CONTRIBUTING.md, docs/, emulator/README.md (blocks compile,
 *                                               links resolve, the emulator's map of rooms),
 *                                               scripts/reference.ts, scripts/validation-rules.ts
 *  tests/unit/lint                              eslint.config.mjs (the layering and promise rules)
 *  tests/integration/emulator                   emulator over HTTP (routes/, the admin routes, cli.ts flags, state/
 *                                               persistence)
 *  tests/integration/client                     provider/client
 *  tests/integration/provider                   provider/job-definition, sdk/serialized-provider.ts
 *  tests/integration/sdk                        sdk/engine-connections.ts (inline programs one after another under the
 *                                               Automation API's language server, against a stand-in engine)
 *  tests/integration/plugin                    plugin/provider.ts (the native plugin's adapter) against the emulator
 *  tests/integration/run                        provider/run, provider/job-run, sdk/run (after-deploy, many)
 *  tests/integration/review                     sdk/schedule-next.ts, sdk/schedule-text.ts against the emulator
 *  tests/integration/cli, .../probe             sdk/cli, sdk/probe
 *  tests/integration/conformance                the emulator as DataRobot's Python SDK sees it (scripts/python-sdk)
 *  tests/e2e                                    everything together through the engine: examples/, scripts/demo.ts,
 *                                               scripts/engine.js (and engine/python-host.js), scripts/plugin-package.js
 *                                               (plugin-commands.test.ts: executable/, the commands without Node.js),
 *                                               the packed package, scripts/python-sdk-gen.js and scripts/codegen
 *                                               (python-sdk.test.ts)
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
