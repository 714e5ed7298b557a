#!/usr/bin/env bash
# Where the server's CPU goes under single-event ingest (the load of bench/ingest.sh): a Release server with perf
# maps, wrk at CONNECTIONS for WARMUP + SECONDS_RUN, `perf record -g` on the server for the last SECONDS_RUN.
# Reports like bench/batch/profile.sh's, in bench/results/ingest-profile-*/.
#
#   bench/ingest-profile.sh                 # CONNECTIONS=64 WARMUP=20 SECONDS_RUN=15
#   REF=<commit> bench/ingest-profile.sh    # a committed revision instead of the working tree
#
# Needs perf (linux-perf) and permission to sample the server (root, or kernel.perf_event_paranoid <= 1).
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS=${CONNECTIONS:-64}
SECONDS_RUN=${SECONDS_RUN:-15}
WARMUP=${WARMUP:-20}
THREADS=${THREADS:-2}
PERF=${PERF:-perf}
DURATION=${SECONDS_RUN}s
source bench/ingest-common.sh
command -v "$PERF" >/dev/null || fail "perf is not installed"
require_packages wrk:wrk curl:curl
publish

results=bench/results/ingest-profile-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$results"
# Perf maps name the JIT-compiled methods; without W^X the code is not behind a memfd double mapping perf cannot resolve.
start_app mudbase "$work/server/Mudbase.Server.dll" DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
register mudbase
run_wrk mudbase "$CONNECTIONS" "${WARMUP}s" "$work/warmup.txt"
run_wrk mudbase "$CONNECTIONS" "$((SECONDS_RUN + 3))s" "$results/wrk.txt" &
wrk_job=$!
sleep 1
load_before=$(cut -d' ' -f1 /proc/loadavg)
"$PERF" record -F 499 -g -p "${pid[mudbase]}" -o "$results/perf.data" -- sleep "$SECONDS_RUN" 2>"$results/perf-record.log"
wait "$wrk_job" || fail "wrk failed (see $results/wrk.txt)"
load_after=$(cut -d' ' -f1 /proc/loadavg)
set +o pipefail
"$PERF" report -i "$results/perf.data" --no-children --sort dso,sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -300 >"$results/flat.txt"
"$PERF" report -i "$results/perf.data" --children --sort sym --stdio -g none --percent-limit 0.5 2>/dev/null | grep -v '^#' | grep -v '^$' | head -400 >"$results/inclusive.txt"
"$PERF" report -i "$results/perf.data" --no-children --sort comm --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -30 >"$results/threads.txt"
"$PERF" script -i "$results/perf.data" 2>/dev/null | python3 bench/batch/breakdown.py single >"$results/breakdown.txt" || true
set -o pipefail
{
  echo "$(machine_line); $CONNECTIONS connections; sampled ${SECONDS_RUN}s after ${WARMUP}s of warm-up; load $load_before/$load_after"
  cat "$results/breakdown.txt"
  echo "reports in $results: breakdown.txt (samples by stage), flat.txt (self time by symbol), inclusive.txt (with callees), threads.txt"
} | tee "$results/summary.txt"
