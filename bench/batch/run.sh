#!/usr/bin/env bash
# Batch ingest benchmark: POST /api/compliance/security-events/batch with 1000-event bodies, durable and
# ledger-included, from CLIENTS concurrent clients for SECONDS; then checks the signed checkpoint covers exactly
# the events acknowledged. See docs/BENCHMARKS.md "Queries and batch ingest".
#
#   bench/batch/run.sh                       # CLIENTS="4 8" SECONDS_RUN=20 WARMUP=3
#   SERVER_SOURCE=/path/src/Mudbase.Server bench/batch/run.sh    # measure another server source tree
#   PROVIDER=postgres bench/batch/run.sh      # on PostgreSQL (a throwaway cluster, a fresh database per run)
#   SEED_EVENTS=1000000 bench/batch/run.sh    # measure on a log that already holds 1M events
#
# SEED_EVENTS=N first posts exactly N events through the same endpoint (not measured, bounded by SEED_SECONDS, 900),
# then waits until the server has been idle for 3 s (the event index and the WAL checkpoints caught up; at most
# SETTLE_SECONDS, 300), so the measured run starts from an indexed log of N events like a server that has been
# running for a while. The ledger check and every per-event figure count only the measured run's events.
#
# Each row also reports the server's CPU time per event (and PostgreSQL's, with PROVIDER=postgres), its bytes written
# per event (/proc/PID/io write_bytes over the run ÷ events the log grew by, WAL and checkpoints included), the CPU
# share that other processes (neither the server, the driver nor PostgreSQL) used during the run and the load average
# before/after; a run where others used more than 10 % is flagged NOISY. The allocation probe (bench/AllocProbe, loaded
# as a startup hook) adds the server's managed bytes allocated per event, its garbage collections during the run
# (gen0/gen1/gen2) and their total pause time; the last columns but two give the server's peak resident memory
# (VmHWM, seeding included). After each run the stored bytes per event of every table and index are printed (SQLite
# dbstat).
#
# Exits non-zero when a request failed or the log does not hold exactly the acknowledged events.
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIENTS=${CLIENTS:-"4 8"}
SECONDS_RUN=${SECONDS_RUN:-20}
WARMUP=${WARMUP:-3}
SEED_EVENTS=${SEED_EVENTS:-0}
SEED_SECONDS=${SEED_SECONDS:-900}
SETTLE_SECONDS=${SETTLE_SECONDS:-300}
source bench/batch/common.sh

# Seeds SEED_EVENTS events with $1 clients, then waits for the server to go idle (its event index caught up).
seed_log() {
  echo "== seeding $SEED_EVENTS events ($1 clients)"
  timeout $((SEED_SECONDS + 60)) dotnet "$work/driver/LoadDriver.dll" seed --url "$SERVER_URL" --token "$TOKEN" \
    --events "$SEED_EVENTS" --clients "$1" --max-seconds "$SEED_SECONDS" | tee "$results/seed-$1.txt" \
    || fail "seeding did not complete"
  [ "$(checkpoint_size)" -ge "$SEED_EVENTS" ] || fail "the checkpoint covers fewer than the $SEED_EVENTS events seeded"
  wait_until_idle "$SETTLE_SECONDS"
}

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
  [ "$SEED_EVENTS" -gt 0 ] && seed_log "$c"
  before=$(checkpoint_size)
  load_before=$(cut -d' ' -f1 /proc/loadavg)
  probe_read; for v in allocated_bytes gen0 gen1 gen2 pause_ms; do eval "A_$v=\$PROBE_$v"; done
  children_cpu; busy0=$(cpu_busy); server0=$(proc_cpu "$server_pid"); driver0=$CHILDREN_TICKS; pg0=$(postgres_cpu); written0=$(proc_write_bytes "$server_pid"); t0=$(date +%s.%N)
  timeout $((SECONDS_RUN + WARMUP + 120)) dotnet "$work/driver/LoadDriver.dll" batch --url "$SERVER_URL" --token "$TOKEN" \
    --clients "$c" --seconds "$SECONDS_RUN" --warmup "$WARMUP" | tee "$results/clients-$c.txt" || errors=1
  children_cpu; busy1=$(cpu_busy); server1=$(proc_cpu "$server_pid"); driver1=$CHILDREN_TICKS; pg1=$(postgres_cpu); written1=$(proc_write_bytes "$server_pid"); t1=$(date +%s.%N)
  load_after=$(cut -d' ' -f1 /proc/loadavg)
  peak_rss=$(proc_peak_rss_mib "$server_pid")
  probe_read; for v in allocated_bytes gen0 gen1 gen2 pause_ms; do eval "B_$v=\$PROBE_$v"; done
  read_bench "$results/clients-$c.txt"
  after=$(checkpoint_size)
  grown=$((after - before))
  if [ "$grown" -eq "$BENCH_acknowledged_total" ]; then
    check="ledger ok: checkpoint treeSize +$grown = $BENCH_acknowledged_total acknowledged"
  else
    check="LEDGER MISMATCH: checkpoint treeSize +$grown but $BENCH_acknowledged_total acknowledged"
    errors=1
  fi
  # Everything the server wrote during the run (warm-up included) over every event the log grew by.
  bytes_per_event=$(( grown > 0 ? (written1 - written0) / grown : 0 ))
  others=$(others_share $((busy1 - busy0)) $((server1 - server0 + driver1 - driver0 + pg1 - pg0)) "$(echo "$t1 - $t0" | bc)")
  [ "$others" -gt 10 ] && noisy="NOISY" || noisy="clean"
  # Server CPU (user + system) per event: less sensitive to a busy machine than events/s.
  cpu_us=$(( grown > 0 ? (server1 - server0) * 1000000 / $(getconf CLK_TCK) / grown : 0 ))
  pg_us=-
  [ "$PROVIDER" = postgres ] && pg_us=$(( grown > 0 ? (pg1 - pg0) * 1000000 / $(getconf CLK_TCK) / grown : 0 ))
  read -r alloc_per_event gcs pause_ms <<<"$(probe_figures "$grown")"
  summary+=("$(printf '%7s %12s %9s %9s %9s %8s %10s %11s %10s %11s %10s %9s %8s %7s %12s  %s' "$c" "$BENCH_events_per_s" "$BENCH_p50_ms" "$BENCH_p99_ms" \
    "$BENCH_requests" "$BENCH_failed" "$bytes_per_event" "$cpu_us" "$pg_us" "$alloc_per_event" "$gcs" "$pause_ms" "$peak_rss" "$others%" \
    "$load_before/$load_after $noisy" "$check")")
  [ "$PROVIDER" = postgres ] || table_bytes "$work/data/mudbase.db" "$after" | tee -a "$results/clients-$c.txt"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  rm -rf "$work/data"
done

{
  echo
  echo "machine: $(machine); driver on the same machine; storage: $PROVIDER"
  [ "$SEED_EVENTS" -gt 0 ] && echo "each run started on a log seeded with $SEED_EVENTS events (figures count the measured run only)"
  [ "$PROVIDER" = postgres ] && echo "(PostgreSQL on the same machine; B/event counts the server process only, not PostgreSQL's own writes)"
  printf '%7s %12s %9s %9s %9s %8s %10s %11s %10s %11s %10s %9s %8s %7s %12s  %s\n' clients 'events/s' 'p50 ms' 'p99 ms' requests failed 'B/event' 'CPU µs/ev' 'PG µs/ev' \
    'alloc B/ev' 'GCs 0/1/2' 'GC pause' 'peak MiB' others 'load' ledger
  printf '%s\n' "${summary[@]}"
  [ "$errors" -eq 0 ] && echo "RESULT: no errors" || echo "RESULT: errors (see above); figures are not valid"
} | tee "$results/summary.txt"
exit "$errors"
