#!/usr/bin/env bash
# Webhook fan-out benchmark: single-event ingest on a server with five active webhook subscriptions against one with
# none (back to back, same build, same load), and the delay from an event's recordedAt to its arrival at a loopback
# receiver at a steady rate. Figures and method: docs/BENCHMARKS.md, "Webhook fan-out".
#
#   bench/webhooks.sh
#
# Environment: CONNECTIONS=64, DURATION=10s, WARMUP=10s, THREADS=2, ROUNDS=1, RATE=50 (events/s of the latency
# phase), PACED=20 (its seconds), REF=<commit> to measure a committed revision.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-1}
RATE=${RATE:-50}
PACED=${PACED:-20}
source bench/ingest-common.sh

require_packages wrk:wrk curl:curl node:nodejs
publish

results=bench/results/webhooks-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$results"

receiver_port=$(free_port)
node bench/webhooks/receiver.mjs "$receiver_port" >"$work/receiver.log" 2>&1 &
pids+=("$!")

# Both servers may deliver to loopback; only "five" has subscriptions.
for name in none five; do
  start_app "$name" "$work/server/Mudbase.Server.dll" Mudbase__Webhooks__AllowLoopback=true
  register "$name"
  token[$name]=$TOKEN
done
for n in 1 2 3 4 5; do
  curl -fsS -o /dev/null -X POST "${url[five]}/api/compliance/webhooks" -H "Authorization: Bearer ${token[five]}" \
    -H 'content-type: application/json' -d "{\"url\":\"http://127.0.0.1:$receiver_port/hook/$n\",\"description\":\"bench $n\"}" \
    || fail "could not create webhook $n"
done

echo "== delivery delay: $RATE events/s for $PACED s, five subscriptions"
node bench/webhooks/pacer.mjs "${url[five]}" "${token[five]}" "$RATE" "$PACED" >"$results/pacer.json"
sleep 3
curl -fsS "http://127.0.0.1:$receiver_port/stats?phase=paced" >"$results/delivery.json"

echo "== warming up both servers ($WARMUP each, not counted)"
for target in none five; do
  TOKEN=${token[$target]}
  run_wrk "$target" "$CONNECTIONS" "$WARMUP" "$work/$target-warmup.txt"
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
ratios=()
for round in $(seq "$ROUNDS"); do
  for c in $CONNECTIONS; do
    echo "== round $round, $c connections"
    measure none "$c" "$round"; a=$LAST_RPS
    measure five "$c" "$round"; b=$LAST_RPS
    ratios+=("$(awk -v a="$a" -v b="$b" -v c="$c" -v r="$round" \
      'BEGIN { printf "ingest with five subscriptions / none, %s connections, round %s: %.1f %% (difference %.1f %%)", c, r, 100 * b / a, 100 * (a - b) / a }')")
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo
  echo "revision: $revision"
  machine_line
  echo "load average before: $load_before   after: $load_after"
  echo "busiest other processes during the run:"
  ps -eo pcpu,comm --sort=-pcpu | sed -n 2,6p | sed 's/^/  /'
  rows_header
  printf '%s\n' "${rows[@]}"
  printf '%s\n' "${ratios[@]}"
  echo "delivery delay (recordedAt to arrival, ms) at $RATE events/s × 5 subscriptions: $(cat "$results/delivery.json")"
  echo "paced sender: $(cat "$results/pacer.json")"
} | tee "$results/summary.txt"
[ "$errors" -eq 0 ] || fail "some requests failed or the log is short (see above)"
