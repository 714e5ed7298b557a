#!/usr/bin/env bash
# Single-event ingest of two server builds in one run, for changes too small to see across runs on a noisy machine:
# BASE (a commit) against the working tree, with the load of bench/ingest.sh. Each round runs base and new (in turns
# first) and the baseline back to back, so all three meet the same background load; each row keeps its ratio to the
# baseline, and the summary ends with the median of new/base over the rounds.
#
#   bench/ingest-compare.sh BASE                 # CONNECTIONS=64 DURATION=15s WARMUP=20s ROUNDS=3
#   BASE_ENV="DOTNET_X=1" bench/ingest-compare.sh HEAD   # one build, two environments (VAR=VALUE words)
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:?usage: bench/ingest-compare.sh BASE}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-20s}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-3}
source bench/ingest-common.sh
require_packages wrk:wrk curl:curl

REF=$BASE publish_server "$work/server-base"
base_revision=$revision
REF="" publish

results=bench/results/ingest-compare-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$results"
read -ra base_env <<<"${BASE_ENV:-}"
read -ra new_env <<<"${NEW_ENV:-}"
start_app base "$work/server-base/Mudbase.Server.dll" "${base_env[@]}"
start_app new "$work/server/Mudbase.Server.dll" "${new_env[@]}"
start_app baseline "$work/baseline/Baseline.dll"
for target in base new; do
  register "$target"
  token[$target]=$TOKEN
done

echo "== warming up the three targets ($WARMUP each, not counted)"
for target in base new baseline; do
  run_wrk "$target" "$CONNECTIONS" "$WARMUP" "$work/$target-warmup.txt"
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
ratios=()
for round in $(seq "$ROUNDS"); do
  echo "== round $round"
  # Which build runs first alternates, so neither always follows the baseline's run.
  if [ $((round % 2)) -eq 1 ]; then
    measure base "$CONNECTIONS" "$round"; b=$LAST_RPS
    measure new "$CONNECTIONS" "$round"; n=$LAST_RPS
  else
    measure new "$CONNECTIONS" "$round"; n=$LAST_RPS
    measure base "$CONNECTIONS" "$round"; b=$LAST_RPS
  fi
  measure baseline "$CONNECTIONS" "$round"; c=$LAST_RPS
  ratios+=("$(awk -v b="$b" -v n="$n" -v c="$c" -v r="$round" 'BEGIN {
    printf "round %s: new/base %.3f; base/baseline %.0f %%, new/baseline %.0f %%", r, n / b, 100 * b / c, 100 * n / c }')")
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo
  echo "base: $base_revision ${BASE_ENV:-}"
  echo "new:  $revision ${NEW_ENV:-}"
  machine_line
  echo "load average before: $load_before   after: $load_after"
  rows_header
  printf '%s\n' "${rows[@]}"
  printf '%s\n' "${ratios[@]}"
  printf '%s\n' "${ratios[@]}" | sed -n 's/.*new\/base \([0-9.]*\);.*/\1/p' | sort -n \
    | awk '{ v[NR] = $1 } END { printf "median new/base over %d rounds: %.3f\n", NR, NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
  echo "(cpu ms: the target process's CPU time per request, wrk excluded)"
  if [ "$errors" -ne 0 ]; then
    echo "RESULT: the run had errors (see notes); its figures are not valid"
  else
    echo "RESULT: no errors; every acknowledged event is in the log"
  fi
} | tee "$results/summary.txt"
cp "$work/base.log" "$work/new.log" "$results/"
exit "$errors"
