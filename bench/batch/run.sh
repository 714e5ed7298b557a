#!/usr/bin/env bash
# Batch ingest benchmark: POST /api/compliance/security-events/batch with 1000-event bodies, durable and
# ledger-included, from CLIENTS concurrent clients for SECONDS; then checks the signed checkpoint covers exactly
# the events acknowledged. See docs/BENCHMARKS.md "Queries and batch ingest".
#
#   bench/batch/run.sh                       # CLIENTS="4 8" SECONDS_RUN=20 WARMUP=3
#
# Exits non-zero when a request failed or the log does not hold exactly the acknowledged events.
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIENTS=${CLIENTS:-"4 8"}
SECONDS_RUN=${SECONDS_RUN:-20}
WARMUP=${WARMUP:-3}
source bench/batch/common.sh

publish
results=bench/results/batch-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$results"
errors=0
summary=()
for c in $CLIENTS; do
  # A fresh server and log per client count, so each run's ledger check stands alone.
  echo "== $c clients, ${SECONDS_RUN}s (after ${WARMUP}s warm-up)"
  start_server
  register
  before=$(checkpoint_size)
  timeout $((SECONDS_RUN + WARMUP + 120)) dotnet "$work/driver/LoadDriver.dll" batch --url "$SERVER_URL" --token "$TOKEN" \
    --clients "$c" --seconds "$SECONDS_RUN" --warmup "$WARMUP" | tee "$results/clients-$c.txt" || errors=1
  read_bench "$results/clients-$c.txt"
  after=$(checkpoint_size)
  grown=$((after - before))
  if [ "$grown" -eq "$BENCH_acknowledged_total" ]; then
    check="ledger ok: checkpoint treeSize +$grown = $BENCH_acknowledged_total acknowledged"
  else
    check="LEDGER MISMATCH: checkpoint treeSize +$grown but $BENCH_acknowledged_total acknowledged"
    errors=1
  fi
  summary+=("$(printf '%7s %12s %9s %9s %9s %8s  %s' "$c" "$BENCH_events_per_s" "$BENCH_p50_ms" "$BENCH_p99_ms" "$BENCH_requests" "$BENCH_failed" "$check")")
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  rm -rf "$work/data"
done

{
  echo
  echo "machine: $(machine); driver on the same machine"
  printf '%7s %12s %9s %9s %9s %8s  %s\n' clients 'events/s' 'p50 ms' 'p99 ms' requests failed ledger
  printf '%s\n' "${summary[@]}"
  [ "$errors" -eq 0 ] && echo "RESULT: no errors" || echo "RESULT: errors (see above); figures are not valid"
} | tee "$results/summary.txt"
exit "$errors"
