import path from "node:path";
import { fileURLToPath } from "node:url";
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { importX, createNodeResolver } from "eslint-plugin-import-x";

const root = path.dirname(fileURLToPath(import.meta.url));

// The package's own name: a layer that may not import another layer may not reach it through the package name either.
const SELF = ["pulumi-datarobot-batch", "pulumi-datarobot-batch/*"];

// The emulator's rooms, bottom first (emulator/README.md maps them): a room imports only the rooms below it, and the
// top-level files (the server pipeline, the public entry, the CLI, the admin client) import any room, never the reverse.
const EMULATOR_ROOMS = [
  ["http", "emulator/http/ is plumbing (routing, bodies, CSV streams, faults): it knows no rule, state or route"],
  ["rules", "emulator/rules/ holds pure rules of the API (validation, schedules, ids): it knows no state or route"],
  ["state", "emulator/state/ (store, context, users, job lifecycle) is used by the routes, never uses them"],
  ["routes", "emulator/routes/ are wired by server.ts and index.ts: they never import the top-level files"],
];
const emulatorRoomZones = EMULATOR_ROOMS.map(([room, message], index) => ({
  target: `./emulator/${room}`,
  from: [...EMULATOR_ROOMS.slice(index + 1).map(([above]) => `./emulator/${above}/**`), "./emulator/*.ts"],
  message: `${message}; move what both need into the lower room`,
}));

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "build/",
      "node_modules/",
      "**/node_modules/",
      ".demo/",
      ".e2e/",
      "coverage/",
      "examples/*/bin/",
      "generated/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        __dirname: "readonly",
        console: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  // Type-aware rules that catch real bugs: a promise nobody awaits (its rejection is lost, or the step runs out of
  // order), a promise passed where a callback's result is ignored, and `await` on something that is not a promise.
  {
    files: ["**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
    },
  },
  // Layering. Data flows one way: sdk/ → provider/ (model, client, providers, runner); emulator/ stands alone, so
  // the tests that run the client against it mean something. No import cycles anywhere in the shipped code.
  {
    files: [
      "provider/**/*.ts",
      "sdk/**/*.ts",
      "emulator/**/*.ts",
      "plugin/**/*.ts",
      "executable/**/*.ts",
      "scripts/**/*.ts",
    ],
    plugins: { "import-x": importX },
    settings: {
      "import-x/extensions": [".ts", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".js", ".json"] })],
    },
    rules: {
      "import-x/no-restricted-paths": [
        "error",
        {
          basePath: root,
          zones: [
            {
              target: "./emulator",
              from: ["./provider", "./sdk"],
              message: "the emulator is an independent implementation of the API: it imports nothing of the client",
            },
            {
              target: "./provider/values.ts",
              from: ["./provider", "./sdk", "./plugin", "./emulator", "./executable"],
              message: "provider/values.ts holds general value helpers every folder may use: it imports nothing",
            },
            {
              target: "./provider/model",
              from: ["./provider/client", "./provider/job-definition", "./provider/job-run", "./provider/run"],
              message: "the model sits below the client and the providers: it imports none of them",
            },
            // One way into the model from outside it: its index (provider/model/index.ts), so that what the rest of
            // the code uses of the model is the list there. Inside provider/model, files import each other directly.
            {
              target: [
                "./provider/client",
                "./provider/job-definition",
                "./provider/job-run",
                "./provider/run",
                "./provider/config.ts",
                "./provider/connections.ts",
                "./provider/index.ts",
                "./sdk",
                "./plugin",
                "./executable",
                "./scripts",
              ],
              from: "./provider/model",
              except: ["./index.ts"],
              message: "import the model through its index (provider/model), not one of its files",
            },
            {
              target: "./provider",
              from: "./sdk",
              message: "provider/ sits below sdk/: move what both need into provider/ and re-export it from sdk/",
            },
            {
              target: "./plugin",
              from: "./sdk",
              except: ["./type-tokens.ts"],
              message: "plugin/ is the native door to provider/: it shares only the type tokens with the dynamic SDK",
            },
            {
              target: ["./provider", "./sdk", "./emulator"],
              from: "./plugin",
              message: "the native plugin is a front door: nothing below or beside it imports it",
            },
            // executable/ is the single executable's entry: it is the one place where the plugin, the CLI and the
            // emulator meet, so that the plugin executable can also serve the commands without plugin/ importing the
            // CLI (plugin/ keeps its rule above). It only chooses a door; nothing imports it.
            {
              target: ["./provider", "./sdk", "./emulator", "./plugin"],
              from: "./executable",
              message: "executable/ is the single executable's entry: nothing imports it",
            },
            ...emulatorRoomZones,
          ],
        },
      ],
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  // One home for general value helpers (provider/values.ts): a second copy of one of them is a lint error. The
  // emulator is exempt: it stands alone and keeps its own.
  {
    files: ["provider/**/*.ts", "sdk/**/*.ts", "plugin/**/*.ts", "executable/**/*.ts", "scripts/**/*.ts"],
    ignores: ["provider/values.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            ":matches(FunctionDeclaration, VariableDeclarator)[id.name=/^(isPlainObject|isNonArrayObject|isObjectLiteral|isPromiseLike|cut|shorten)$/]",
          message: "general value helpers live in provider/values.ts: import them from there",
        },
      ],
    },
  },
  {
    files: ["provider/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: SELF, message: "provider/ must not import the package's SDK entry points" }] },
      ],
    },
  },
  {
    files: ["emulator/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "zod", message: "the emulator validates with its own check tables, not the client's schemas" },
          ],
          patterns: [{ group: SELF, message: "the emulator imports nothing of the client" }],
        },
      ],
    },
  }, // The CLI answers with the exit codes of sdk/cli/exit-codes.ts (documented in --help and docs/runs.md) and opens
  // stacks only through sdk/cli/stack.ts (one opener, one test seam): a bare number or a second opener would drift.
  {
    files: ["sdk/cli/**/*.ts"],
    ignores: ["sdk/cli/exit-codes.ts", "sdk/cli/stack.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "FunctionDeclaration[id.name=/^main$|Command$/] ReturnStatement > Literal[raw=/^[0-9]+$/], " +
            "FunctionDeclaration[id.name=/^main$|Command$/] ReturnStatement > ConditionalExpression > Literal[raw=/^[0-9]+$/]",
          message: "a command returns an exit code from EXIT (sdk/cli/exit-codes.ts), not a bare number",
        },
        {
          selector:
            "CallExpression[callee.object.name='process'][callee.property.name='exit'] > Literal[raw=/^[0-9]+$/], " +
            "AssignmentExpression[left.property.name='exitCode'] > Literal[raw=/^[0-9]+$/]",
          message: "the process exits with a code from EXIT (sdk/cli/exit-codes.ts), not a bare number",
        },
        {
          selector: "MemberExpression[property.name='LocalWorkspace']",
          message: "open stacks with openStack (sdk/cli/stack.ts): one opener, one test seam (CliIo.openStack)",
        },
      ],
    },
  },
  // Test layers: a layer imports no other layer's files (tests/unit, tests/integration, tests/e2e); what more than one
  // layer uses sits in tests/fixtures/. A layer's test files take its shared helpers from one entry point, its
  // helpers folder's index (tests/<layer>/helpers/index.ts), never from one of the files there; the helpers themselves
  // import each other directly.
  ...[
    ["unit", ["integration", "e2e"]],
    ["integration", ["unit", "e2e"]],
    ["e2e", ["unit", "integration"]],
  ].flatMap(([layer, others]) => {
    const otherLayers = {
      regex: `(^|/)tests/(${others.join("|")})/|^(\\.\\./)+(${others.join("|")})/`,
      message: `tests/${layer} imports no other test layer's files: move what layers share to tests/fixtures/`,
    };
    const helperFiles = {
      regex: "^\\.\\.?/(\\.\\./)*helpers/.",
      message: `import tests/${layer}'s helpers through their index (tests/${layer}/helpers), not one of its files`,
    };
    return [
      { files: [`tests/${layer}/**/*.ts`], rules: { "no-restricted-imports": ["error", { patterns: [otherLayers] }] } },
      {
        files: [`tests/${layer}/**/*.test.ts`],
        rules: { "no-restricted-imports": ["error", { patterns: [otherLayers, helperFiles] }] },
      },
    ];
  }),
);
