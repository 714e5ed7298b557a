#!/usr/bin/env bash
# Live stream and detection rules: CLIENTS clients post single events for SECONDS_RUN while one client follows
# GET /api/compliance/security-events/stream; measures ingest and the delay from each event's 200 to its arrival on
# the stream, with rule evaluation off and then on (the events match the built-in repeated-unauthorized-access rule),
# back to back. See docs/BENCHMARKS.md "Live stream and detection rules".
#
#   bench/alerts/run.sh                       # CLIENTS=16 SECONDS_RUN=15
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIENTS=${CLIENTS:-16}
SECONDS_RUN=${SECONDS_RUN:-15}
source bench/batch/common.sh

publish
results=bench/results/alerts-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$results"
errors=0
summary=()
for rules in false true; do
  echo "== rule evaluation $rules: $CLIENTS clients, ${SECONDS_RUN}s"
  export Mudbase__Rules__Evaluate=$rules
  start_server
  register
  timeout $((SECONDS_RUN + 60)) dotnet "$work/driver/LoadDriver.dll" stream --url "$SERVER_URL" --token "$TOKEN" \
    --clients "$CLIENTS" --seconds "$SECONDS_RUN" | tee "$results/rules-$rules.txt" || errors=1
  read_bench "$results/rules-$rules.txt"
  detections=$(curl -fsS "$SERVER_URL/api/compliance/security-events?actor=rules&limit=500" -H "Authorization: Bearer $TOKEN" \
    | { grep -o '"eventId"' || true; } | wc -l)
  summary+=("$(printf '%6s %10s %9s %9s %12s %12s %8s %11s' "$rules" "$BENCH_events_per_s" "$BENCH_ack_p50_ms" "$BENCH_ack_p99_ms" \
    "$BENCH_delivery_p50_ms" "$BENCH_delivery_p99_ms" "$BENCH_missing" "$detections")")
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  rm -rf "$work/data"
done
unset Mudbase__Rules__Evaluate

{
  echo
  echo "machine: $(machine); driver on the same machine; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%6s %10s %9s %9s %12s %12s %8s %11s\n' rules 'events/s' 'ack p50' 'ack p99' 'stream p50' 'stream p99' missing detections
  printf '%s\n' "${summary[@]}"
  [ "$errors" -eq 0 ] && echo "RESULT: no errors" || echo "RESULT: errors (see above); figures are not valid"
} | tee "$results/summary.txt"
exit "$errors"
