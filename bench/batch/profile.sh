#!/usr/bin/env bash
# Where the server's CPU goes during batch ingest: a Release server with perf maps, driven by the batch load
# driver; after WARMUP seconds (tiering done) `perf record -g` samples the server for SECONDS_RUN seconds and the
# report (by DSO and symbol, self time) is written to bench/results/profile-*/report.txt.
#
#   bench/batch/profile.sh                   # CLIENTS=8 WARMUP=40 SECONDS_RUN=20
#   SERVER_SOURCE=/path/src/Mudbase.Server bench/batch/profile.sh
#
# Needs perf (linux-perf) and permission to sample the server (root, or kernel.perf_event_paranoid <= 1).
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIENTS=${CLIENTS:-8}
SECONDS_RUN=${SECONDS_RUN:-20}
WARMUP=${WARMUP:-40}
PERF=${PERF:-perf}
source bench/batch/common.sh
command -v "$PERF" >/dev/null || fail "perf is not installed"

publish
results=bench/results/profile-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$results"
# Perf maps name the JIT-compiled methods; without W^X the code is not behind a memfd double mapping perf cannot
# resolve. Threads are named, so `--sort comm` separates GC, tiering, thread pool and the writer.
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
start_server
register
# The driver runs for warm-up + the sampled window + a margin, so perf sees steady load from start to end.
dotnet "$work/driver/LoadDriver.dll" batch --url "$SERVER_URL" --token "$TOKEN" --clients "$CLIENTS" \
  --seconds $((SECONDS_RUN + 5)) --warmup "$WARMUP" >"$results/driver.txt" 2>&1 &
driver_pid=$!
sleep "$WARMUP"
load_before=$(cut -d' ' -f1 /proc/loadavg)
busy0=$(cpu_busy); server0=$(proc_cpu "$server_pid"); t0=$(date +%s.%N)
"$PERF" record -F 499 -g -p "$server_pid" -o "$results/perf.data" -- sleep "$SECONDS_RUN" 2>"$results/perf-record.log"
busy1=$(cpu_busy); server1=$(proc_cpu "$server_pid"); t1=$(date +%s.%N)
wait "$driver_pid" || true
load_after=$(cut -d' ' -f1 /proc/loadavg)
cat "$results/driver.txt"
# (head may close a pipe early: the reports are best effort under pipefail.)
set +o pipefail
"$PERF" report -i "$results/perf.data" --no-children --sort dso,sym --stdio 2>/dev/null | grep -v '^$' | head -400 >"$results/report.txt"
"$PERF" report -i "$results/perf.data" --no-children --sort dso,sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -300 >"$results/flat.txt"
"$PERF" report -i "$results/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -30 >"$results/dso.txt"
"$PERF" report -i "$results/perf.data" --no-children --sort comm --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -30 >"$results/threads.txt"
set -o pipefail
{
  echo "machine: $(machine); clients $CLIENTS; sampled ${SECONDS_RUN}s after ${WARMUP}s warm-up"
  echo "server CPU during the window: $(( (server1 - server0) * 100 / $(getconf CLK_TCK) / ${SECONDS_RUN} )) % of one core;" \
    "machine busy $(awk -v b=$((busy1 - busy0)) -v w="$(echo "$t1 - $t0" | bc)" -v hz="$(getconf CLK_TCK)" -v c="$(nproc)" 'BEGIN { printf "%.0f", 100 * b / (w * hz * c) }') %;" \
    "load $load_before/$load_after"
  echo "reports in $results: flat.txt (self time by symbol), report.txt (with call graphs), dso.txt, threads.txt"
} | tee "$results/summary.txt"
