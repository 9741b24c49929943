#!/usr/bin/env bash
# `npm run bench`: makes sure the servers, the Dapr binaries and the build are there, then runs every
# benchmark with its raw-daprd (or in-process) floor measured in the same run (bench/run.ts). Not part
# of the tests. After each load it samples every sidecar's CPU (5 s windows, until all are below 10%
# of a core or 60 s have passed); it ends with a table of each path against its floor and target, the
# machine's core count above it and Ory's figures under it. Results (with the machine, the sidecar
# samples and the table): bench/results/<timestamp>.json; logs: .run/bench-logs/.
# Tuning (environment):
#   BENCH_DURATION=15           seconds per load
#   BENCH_CONNECTIONS=10        autocannon connections / closed-loop workers / signed-in customers
#   BENCH_BURST=2000            registrations in the event-delivery burst
#   BENCH_BURST_CONCURRENCY=50  burst registrations in flight
#   BENCH_DELIVERY_TIMEOUT=120  seconds to wait for events before counting them missing
#   BENCH_AUTH=0                skip what needs signed-in customers: auth's hot paths (introspection,
#                               refresh, login, session list) and the customer read (early and late),
#                               GET /v1/customers/me and PATCH
#   BENCH_DEGRADATION_REGISTRATIONS=10000  registrations done in the run (A and the burst count; the
#                               rest are made up) before the read is measured again (< 20% change)
#   BENCH_LIFECYCLE=0           skip the segment-evaluation and erasure-reminder figures
#   BENCH_ONLY=lifecycle        only the raw outbox floor and the lifecycle (to iterate on them)
#   BENCH_ERASURES=10000        customers whose erasures come due at once
#   BENCH_SEGMENT_ROWS=100000   directory rows a steady-state segment run evaluates
#   BENCH_SEGMENT_ASSIGNMENTS=1000  new customers a segment run assigns
#   BENCH_ERASURE_GRACE=600     erasure grace period (s) in the bench: longer than scheduling takes
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash scripts/setup.sh
# daprd reads connection strings and hosts from its environment (local env secret store).
export_dapr_secrets
if [[ ${1:-} == profile ]]; then
  # `npm run bench:profile -- <load> [seconds]`: one load alone, with pprof of the sidecars and
  # V8 CPU profiles of the apps (bench/profile/run.ts); files in .run/profiles/<load>/.
  npx tsx bench/profile/run.ts "${@:2}"
else
  npx tsx bench/run.ts
fi
