#!/usr/bin/env bash
# Query benchmark: seeds EVENTS events into one organisation through the batch endpoint (the same load driver as
# bench/batch), then times every query shape of GET /api/compliance/security-events, REQUESTS requests each, one
# at a time and at CONCURRENCY, and reports p50/p95/p99 per shape. See docs/BENCHMARKS.md "Queries and batch ingest".
#
#   bench/query/run.sh                      # EVENTS=1000000 SEED_CLIENTS=4 REQUESTS=300 CONCURRENCY=8
#   KEEP_DATA=/tmp/mudbase-1m bench/query/run.sh
#       seeds into KEEP_DATA and leaves it there; a later run with the same KEEP_DATA skips the seeding
#       (the server applies any new migration to it on start).
#
#   SHAPES=userId KEEP_DATA=/tmp/mudbase-1m bench/query/run.sh   # only the shapes whose name contains "userId"
#
# Each phase also reports the server's CPU time per request (from /proc, unaffected by other processes' load), the
# share of the machine other processes used (above 10 % the phase is flagged NOISY) and the load average.
#
# Bounded: seeding stops after SEED_SECONDS (900; 1M events take about 8 to 15 minutes on a 2-core machine), the
# query phase after 7 minutes (each shape phase after SHAPE_SECONDS), so a run on kept data takes under 10 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS=${EVENTS:-1000000}
SEED_CLIENTS=${SEED_CLIENTS:-4}
SEED_SECONDS=${SEED_SECONDS:-900}
REQUESTS=${REQUESTS:-300}
CONCURRENCY=${CONCURRENCY:-8}
SHAPE_SECONDS=${SHAPE_SECONDS:-8}
export BENCH_EMAIL=query-bench@example.org
source bench/batch/common.sh

publish
results=bench/results/query-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$results"
data=${KEEP_DATA:-$work/data}
seeded=no
[ -f "$data/mudbase.db" ] && seeded=yes
mkdir -p "$data"
start_server "$data"
if [ "$seeded" = yes ]; then
  echo "== reusing the log in $data"
  register login
else
  register
  echo "== seeding $EVENTS events through the batch endpoint ($SEED_CLIENTS clients)"
  timeout $((SEED_SECONDS + 60)) dotnet "$work/driver/LoadDriver.dll" seed --url "$SERVER_URL" --token "$TOKEN" \
    --events "$EVENTS" --clients "$SEED_CLIENTS" --max-seconds "$SEED_SECONDS" | tee "$results/seed.txt" \
    || fail "seeding did not complete"
  size=$(checkpoint_size)
  [ "$size" -ge "$EVENTS" ] || fail "the checkpoint covers $size events, fewer than the $EVENTS seeded"
  echo "ledger ok: checkpoint treeSize $size"
fi
# The shapes are timed on an indexed log, as a server that has been running meets them (not on the unindexed tail
# a seeding leaves behind, nor during an index rebuild after an upgrade).
wait_until_idle 300

echo "== query shapes: $REQUESTS requests each, sequential and at $CONCURRENCY concurrent"
timeout 420 dotnet "$work/driver/LoadDriver.dll" query --url "$SERVER_URL" --token "$TOKEN" \
  --requests "$REQUESTS" --concurrency "$CONCURRENCY" --max-seconds "$SHAPE_SECONDS" --server-pid "$server_pid" \
  ${SHAPES:+--shapes "$SHAPES"} | tee "$results/queries.txt" \
  || fail "a query failed (see above)"
echo "machine: $(machine); driver on the same machine" | tee -a "$results/queries.txt"
