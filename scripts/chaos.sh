#!/usr/bin/env bash
# `npm run test:chaos`: set-up, then the chaos suite alone (test/chaos): a steady load while Redis and
# PostgreSQL fail mid-burst, checked against the stores and the streams. `npm test` runs it last.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash scripts/setup.sh
export_dapr_secrets
npx mocha --config .mocharc.chaos.json
