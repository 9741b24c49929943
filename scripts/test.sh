#!/usr/bin/env bash
# `npm test`: set-up, lint, unit tests (no runtime), integration tests through real sidecars (the
# mocha global fixture starts the event bus, sentry, placement, scheduler and every app with its
# daprd), then the chaos suite (test/chaos, also `npm run test:chaos`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

export TEST_SUMMARY_FILE="$RUN_DIR/test-summary"
mkdir -p "$RUN_DIR" && : >"$TEST_SUMMARY_FILE"
# One closing line over both mocha runs, printed however the run ends.
summary() { awk '{ p += $1; f += $2 } END { printf "%d passed, %d failed\n", p, f }' "$TEST_SUMMARY_FILE"; }
trap summary EXIT

bash scripts/setup.sh
npx eslint .
npx tsc -p tsconfig.tests.json
npx mocha --config .mocharc.unit.json
export_dapr_secrets
npx mocha --config .mocharc.integration.json
# The chaos suite last, on a runtime of its own: it stops Redis and PostgreSQL mid-burst.
npx mocha --config .mocharc.chaos.json
