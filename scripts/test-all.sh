#!/usr/bin/env bash
# `npm test`: every check and every test layer, failing on the first failure.
#   lint + format check → typecheck → build (e2e programs load the compiled package) → engine (built from Go modules
#   if missing) → workflow check (actionlint, built from its Go module if missing) → unit and integration tests
#   (parallel) → PostgreSQL (installed if missing, for the state-backend suite) → end-to-end tests through the real
#   engine, the packed package's test included (serial).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "lint"
npm run -s lint
step "typecheck"
npm run -s typecheck
step "build"
npm run -s build
node scripts/link-self.js >/dev/null # Pulumi's provider process loads this package by name, as in a user's program
step "engine"
node scripts/engine.js
step "workflows (actionlint)"
node scripts/actionlint.js
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
step "unit and integration tests"
npx jest --selectProjects unit integration --ci --json --outputFile="$results/fast.json"
step "PostgreSQL (the e2e suite starts its own server)"
node scripts/postgres.js
step "end-to-end tests (real Pulumi engine)"
npx jest --selectProjects e2e --ci --runInBand --json --outputFile="$results/e2e.json"
# One plain closing line for CI logs, counted over both jest runs.
node -e '
  const runs = process.argv.slice(1).map((f) => require(f));
  const sum = (k) => runs.reduce((n, r) => n + r[k], 0);
  console.log(`tests: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed`);
' "$results/fast.json" "$results/e2e.json"
