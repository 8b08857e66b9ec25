#!/usr/bin/env node
/**
 * The entry scripts/plugin-package.js bundles into the single executable `pulumi-resource-datarobot-batch`: the
 * provider plugin for the engine, this package's commands for a person (doors.ts chooses). No `require.main` guard:
 * in the bundle every module, this one included, runs inside esbuild's module wrapper, where it would be false.
 */
import { start } from "./doors";

start(process.argv.slice(2));
