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

rows=()
ratios=()
errors=0

measure() {
  local target=$1 c=$2 round=$3 before=0 after note=""
  [ "$target" = mudbase ] && before=$(checkpoint_size mudbase)
  run_wrk "$target" "$c" "$DURATION" "$results/$target-$c-r$round.txt"
  if [ "$RUN_non2xx" -gt 0 ] || [ "$RUN_socket_errors" -gt 0 ]; then
    note="ERRORS non-2xx=$RUN_non2xx socket=$RUN_socket_errors;"
    errors=1
  fi
  if [ "$target" = mudbase ]; then
    after=$(checkpoint_size mudbase)
    [ -n "$after" ] || fail "could not read the checkpoint after the run"
    # Every 200 leaves only after its commit, so the log grew by at least as many events as wrk counted.
    if [ $((after - before)) -lt "$RUN_ok" ]; then
      note+=" LOST: log +$((after - before)) < $RUN_ok acknowledged"
      errors=1
    else
      note+=" log +$((after - before)) >= $RUN_ok acknowledged"
    fi
  fi
  LAST_RPS=$(awk -v n="$RUN_requests" -v us="$RUN_duration_us" 'BEGIN { printf "%.0f", n / (us / 1e6) }')
  rows+=("$(awk -v t="$target" -v c="$c" -v r="$round" -v rps="$LAST_RPS" -v p50="$RUN_p50_us" -v p99="$RUN_p99_us" \
    -v ticks="$RUN_cpu_ticks" -v hz="$(getconf CLK_TCK)" -v n="$RUN_requests" -v note="$note" \
    'BEGIN { printf "%-9s %5s %5s %9s %8.1f %8.1f %8.3f  %s", t, c, r, rps, p50 / 1000, p99 / 1000, n ? ticks * 1000 / hz / n : 0, note }')")
}

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
  printf '%-9s %5s %5s %9s %8s %8s %8s  %s\n' target conns round 'req/s' 'p50 ms' 'p99 ms' 'cpu ms' notes
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
