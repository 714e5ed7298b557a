#!/usr/bin/env bash
# Ingest benchmark: durable, ledger-included POST /api/compliance/security-event with a JWT, against bench/Baseline
# (the same Kestrel, JWT validation and JSON binding, storing nothing). Figures and method: docs/BENCHMARKS.md.
#
#   bench/ingest.sh
#
# Environment: CONNECTIONS="64 256", DURATION=10s, WARMUP=15s, THREADS=2, ROUNDS=1, and REF=<commit> to measure a
# committed revision instead of the working tree.
# Exits non-zero when any request failed, or the server's log holds fewer events than it acknowledged.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-"64 256"}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-15s}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-1}
source bench/ingest-common.sh

require_packages wrk:wrk curl:curl
publish

ratios=()

results=bench/results/ingest-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$results"

start_app mudbase "$work/server/Mudbase.Server.dll"
start_app baseline "$work/baseline/Baseline.dll"
register mudbase

echo "== warming up both targets ($WARMUP each, not counted)"
for target in mudbase baseline; do
  run_wrk "$target" 64 "$WARMUP" "$work/$target-warmup.txt"
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# Each connection count runs Mudbase then the baseline back to back, so both meet the same background load.
for round in $(seq "$ROUNDS"); do
  for c in $CONNECTIONS; do
    echo "== round $round, $c connections"
    measure mudbase "$c" "$round"; m=$LAST_RPS
    measure baseline "$c" "$round"; b=$LAST_RPS
    ratios+=("$(awk -v m="$m" -v b="$b" -v c="$c" -v r="$round" \
      'BEGIN { printf "ratio Mudbase/baseline, %s connections, round %s: %.0f %%", c, r, 100 * m / b }')")
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

server_problems=$(grep -cE '^(fail|crit|warn):' "$work/mudbase.log" || true)

{
  echo
  echo "revision: $revision"
  machine_line
  echo "load average before: $load_before   after: $load_after"
  rows_header
  printf '%s\n' "${rows[@]}"
  printf '%s\n' "${ratios[@]}"
  echo "(cpu ms: the target process's CPU time per request, wrk excluded)"
  [ "$server_problems" -eq 0 ] || echo "server logged $server_problems warnings or errors; see $results/mudbase.log"
  if [ "$errors" -ne 0 ]; then
    echo "RESULT: the run had errors (see notes); its figures are not valid"
  else
    echo "RESULT: no errors; every acknowledged event is in the log"
  fi
} | tee "$results/summary.txt"
cp "$work/mudbase.log" "$work/baseline.log" "$results/"
exit "$errors"
