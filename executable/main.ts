#!/usr/bin/env node
/**
 * The entry scripts/plugin-package.js bundles into the single executable `pulumi-resource-datarobot-batch`: the
 * provider plugin for the engine, this package's commands for a person (doors.ts chooses). It starts without a
 * `require.main` guard because this file is only ever an entry; the modules it reaches keep theirs, which are false
 * inside the bundle (esbuild wraps each module of tsc's CommonJS output), so only the chosen door starts.
 */
import { start } from "./doors";

start(process.argv.slice(2));
