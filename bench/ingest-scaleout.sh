#!/usr/bin/env bash
# Scale-out ingest benchmark: the durable POST of bench/ingest.sh against the JWT-only baseline, on SQLite, on
# PostgreSQL with one node, and on PostgreSQL with NODES nodes behind nginx (round robin, generated config on
# loopback), all in one run with the same load generator. PostgreSQL is a throwaway cluster (tests/throwaway-postgres.sh).
# Figures and method: docs/BENCHMARKS.md and docs/SCALING.md.
#
#   bench/ingest-scaleout.sh
#
#   ORGS=50 bench/ingest-scaleout.sh     # the load spread over 50 organisations instead of one hot one
#   TARGETS="pg1-nginx pg3-nginx" PG_STATEMENTS=1 bench/ingest-scaleout.sh   # only the node comparison, with a
#                                        # statement count per acknowledged request (pg_stat_statements) for each database
#
# Environment: CONNECTIONS="64", DURATION=10s, WARMUP=10s (one warm-up slice, in seconds), WARMUP_MAX=120 (seconds),
# THREADS=2, ROUNDS=1, NODES=3, ORGS=1, REF=<commit>,
# TARGETS (default: baseline sqlite pg1 pg1-nginx pg<NODES>-nginx), PG_STATEMENTS=1, PUBLISHED=<dir with server/,
# baseline/ and revision from an earlier `dotnet publish -c Release`> to skip the build.
# The summary gives the load average and the share of the machine's CPU that processes outside the run used (wrk,
# the servers, nginx and PostgreSQL excluded); runs where it exceeds 10 % are flagged NOISY. For each PostgreSQL
# target it also gives the cluster's CPU and WAL flushes per acknowledged request.
# Exits non-zero when any request failed, or a log holds fewer events than were acknowledged.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
WARMUP_MAX=${WARMUP_MAX:-120}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-1}
NODES=${NODES:-3}
source bench/ingest-common.sh

require_packages wrk:wrk curl:curl nginx:nginx psql:postgresql '/usr/lib/postgresql/*/bin/initdb:postgresql'
if [ -n "${PUBLISHED:-}" ]; then
  # Release builds published earlier (server/, baseline/ and a file revision): back-to-back runs skip the build.
  ln -s "$(realpath "$PUBLISHED/server")" "$work/server"
  ln -s "$(realpath "$PUBLISHED/baseline")" "$work/baseline"
  revision=$(cat "$PUBLISHED/revision")
else
  publish
fi

echo "== starting a throwaway PostgreSQL cluster"
# Outside $work: under root the cluster belongs to the postgres user, who cannot enter the private work directory.
pg_dir=$(mktemp -d -t mudbase-bench-pg.XXXXXX)
cleanup_hooks+=("tests/throwaway-postgres.sh stop '$pg_dir' >/dev/null 2>&1; rm -rf '$pg_dir'")
tests/throwaway-postgres.sh start "$pg_dir" >/dev/null
pg_port=$(cat "$pg_dir/port")
# One statement (or -c and more options) on the cluster's postgres database, unaligned, without headers.
cluster_sql() { psql -qAt -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres "$@"; }
if [ "${PG_STATEMENTS:-0}" = 1 ]; then
  cluster_sql -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
  tests/throwaway-postgres.sh stop "$pg_dir" >/dev/null
  tests/throwaway-postgres.sh start "$pg_dir" >/dev/null
  cluster_sql -c "CREATE EXTENSION pg_stat_statements"
fi
postgres_for() { echo "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$1"; }
for db in bench_one bench_many; do
  cluster_sql -c "CREATE DATABASE $db" || fail "cannot create $db"
done

# Keys from configuration, as production nodes get them from a secret store: every node signs with the same ones.
ledger_key=$(head -c 32 /dev/urandom | base64)
start_app baseline "$work/baseline/Baseline.dll"
start_app sqlite "$work/server/Mudbase.Server.dll"
start_app pg1 "$work/server/Mudbase.Server.dll" Mudbase__Storage__Provider=postgres \
  "ConnectionStrings__Mudbase=$(postgres_for bench_one)" "Mudbase__Ledger__SigningKey=$ledger_key"
node_pids=""
upstream_many=""
for i in $(seq "$NODES"); do
  start_app "node$i" "$work/server/Mudbase.Server.dll" Mudbase__Storage__Provider=postgres \
    "ConnectionStrings__Mudbase=$(postgres_for bench_many)" "Mudbase__Ledger__SigningKey=$ledger_key"
  node_pids+=" ${pid[node$i]}"
  upstream_many+="    server ${url[node$i]#http://};"$'\n'
done

echo "== starting nginx in front of pg1 and of the $NODES nodes"
proxy=$work/nginx
mkdir -p "$proxy"
chmod 755 "$work" "$proxy"
port_one=$(free_port)
port_many=$(free_port)
# Two unbound picks can return the same port; nginx would then serve both upstreams on one.
while [ "$port_many" = "$port_one" ]; do port_many=$(free_port); done
cat >"$proxy/nginx.conf" <<CONF
worker_processes auto;
pid $proxy/nginx.pid;
error_log $proxy/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $proxy/body;
  proxy_temp_path $proxy/proxy;
  fastcgi_temp_path $proxy/fastcgi;
  uwsgi_temp_path $proxy/uwsgi;
  scgi_temp_path $proxy/scgi;
  upstream mudbase_one {
    server ${url[pg1]#http://};
    keepalive 256;
  }
  upstream mudbase_many {
$upstream_many    keepalive 256;
  }
  server {
    listen 127.0.0.1:$port_one;
    location / { proxy_pass http://mudbase_one; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
  server {
    listen 127.0.0.1:$port_many;
    location / { proxy_pass http://mudbase_many; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
CONF
nginx -t -q -c "$proxy/nginx.conf" -p "$proxy" || fail "nginx rejected its configuration"
nginx -c "$proxy/nginx.conf" -p "$proxy" -g 'daemon off;' >"$proxy/stdout.log" 2>&1 &
pids+=("$!")
for _ in $(seq 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port_many/alive" 2>/dev/null && break
  sleep 0.1
done
nginx_pids="$(cat "$proxy/nginx.pid") $(pgrep -P "$(cat "$proxy/nginx.pid")" | tr '\n' ' ')"
url[pg1-nginx]="http://127.0.0.1:$port_one" pid[pg1-nginx]="${pid[pg1]} $nginx_pids"
url[pg$NODES-nginx]="http://127.0.0.1:$port_many" pid[pg$NODES-nginx]="$node_pids $nginx_pids"

all_targets=(baseline sqlite pg1 pg1-nginx "pg$NODES-nginx")
read -r -a targets <<<"${TARGETS:-${all_targets[*]}}"
for target in "${all_targets[@]}"; do
  # One account (ORGS accounts) per database; the baseline accepts any token the shared JWT key signed.
  case $target in baseline) continue ;; pg1-nginx) token[$target]=${token[pg1]} tokens[$target]=${tokens[pg1]}; continue ;; esac
  register "$target"
  token[$target]=$TOKEN tokens[$target]=$TOKENS_FILE
done
token[baseline]=${token[sqlite]}

results=bench/results/ingest-scaleout-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$results"
declare -A rps

ratio() { awk -v a="${rps[$1]}" -v b="${rps[$2]}" -v label="$3" 'BEGIN { printf "%s: %.0f %%\n", label, 100 * a / b }'; }

# Each process compiles its hot code after enough calls of its own, and each of NODES nodes gets a share of the load
# that one node gets alone: a fixed warm-up would time three nodes still compiling against one that is done. A target
# is warmed in WARMUP slices until its CPU per request is steady (the last three slices within 10 % of each other; a
# plateau of two slices happens while code is still compiling), for at most WARMUP_MAX seconds.
echo "== warming up every target until its CPU per request is steady ($WARMUP slices, at most ${WARMUP_MAX}s each)"
for target in "${targets[@]}"; do
  TOKEN=${token[$target]}
  recent="" slice=0 warmed=0
  while :; do
    slice=$((slice + 1))
    run_wrk "$target" 64 "$WARMUP" "$work/$target-warmup-$slice.txt"
    warmed=$((warmed + ${WARMUP%s}))
    per_request=$(awk -v t="$RUN_cpu_ticks" -v n="$RUN_ok" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.3f", (n > 0 ? 1000 * t / hz / n : 0) }')
    echo "   $target, slice $slice: $RUN_ok requests, $per_request cpu ms each"
    recent=$(echo "$recent $per_request" | awk '{ for (i = NF > 3 ? NF - 2 : 1; i <= NF; i++) printf "%s ", $i }')
    steady=$(echo "$recent" | awk '{ lo = hi = $1; for (i = 2; i <= NF; i++) { if ($i < lo) lo = $i; if ($i > hi) hi = $i }
                                    print ((NF == 3 && lo > 0 && hi / lo < 1.1) ? 1 : 0) }')
    [ "$steady" = 1 ] || [ "$warmed" -ge "$WARMUP_MAX" ] && break
  done
  echo "   $target: ${warmed}s ($([ "$steady" = 1 ] && echo steady || echo "not steady, stopped at WARMUP_MAX"))"
done

# CPU of the whole machine, of this run's processes (servers, nginx, PostgreSQL) and of wrk, over the counted runs.
run_pids() { echo "${pid[baseline]} ${pid[sqlite]} ${pid[pg1]} $node_pids $nginx_pids $(postgres_pids "$pg_dir")"; }
measured_pids() { run_pids; }
statements_reset() {
  [ "${PG_STATEMENTS:-0}" = 1 ] && cluster_sql -c "SELECT pg_stat_statements_reset()" >/dev/null
  return 0
}
statements_report() {
  local db=$1 requests=$2
  [ "${PG_STATEMENTS:-0}" = 1 ] && [ "$requests" -gt 0 ] || return 0
  echo "statements on $db per counted request ($requests requests; calls, rows and execution ms per request):"
  cluster_sql -F ' | ' -c "
    SELECT round(s.calls::numeric / $requests, 3), round(s.rows::numeric / $requests, 2), round((s.total_exec_time / $requests)::numeric, 4),
           left(regexp_replace(s.query, '\s+', ' ', 'g'), 110)
    FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = '$db' ORDER BY s.calls DESC LIMIT 25"
}

# PostgreSQL's side of a counted run, per acknowledged request: the cluster's CPU and its WAL flushes (pg_stat_wal),
# the fsyncs a 200 waited for. Neither moves much with the machine's load. Backends report to pg_stat_wal within a
# second of going idle, hence the pause on each side.
declare -A database_rows
wal_syncs() { sleep 1.5; cluster_sql -c "SELECT wal_sync FROM pg_stat_wal"; }
database_before() {
  [[ $1 == pg* ]] || return 0
  db_wal0=$(wal_syncs) db_cpu0=$(cpu_ticks "$(postgres_pids "$pg_dir")")
}
database_after() {
  [[ $1 == pg* ]] || return 0
  local cpu wal
  cpu=$(cpu_ticks "$(postgres_pids "$pg_dir")") wal=$(wal_syncs)
  database_rows[$1-$2-$3]=$(awk -v t="$1" -v c="$2" -v r="$3" -v n="$RUN_ok" -v ticks="$((cpu - db_cpu0))" -v hz="$(getconf CLK_TCK)" \
    -v syncs="$((wal - db_wal0))" 'BEGIN { printf "%-10s %5s %5s %14.3f %16.3f", t, c, r, n ? ticks * 1000 / hz / n : 0, n ? syncs / n : 0 }')
}
database_report() {
  [ "${#database_rows[@]}" -gt 0 ] || return 0
  echo "PostgreSQL per acknowledged request (the whole cluster):"
  printf '%-10s %5s %5s %14s %16s\n' target conns round 'db cpu ms' 'WAL flushes'
  printf '%s\n' "${database_rows[@]}" | sort
}

statements_reset
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
children_cpu; busy0=$(cpu_busy); ours0=$(cpu_ticks "$(run_pids)"); wrk0=$CHILDREN_TICKS; t0=$(date +%s.%N)
ratios=()
for round in $(seq "$ROUNDS"); do
  for c in $CONNECTIONS; do
    echo "== round $round, $c connections"
    for target in "${targets[@]}"; do
      database_before "$target"
      measure "$target" "$c" "$round"
      rps[$target-$c-$round]=$LAST_RPS
      database_after "$target" "$c" "$round"
    done
    k="$c-$round"
    has() { [[ " ${targets[*]} " == *" $1 "* ]]; }
    has sqlite && has baseline && ratios+=("$(ratio "sqlite-$k" "baseline-$k" "SQLite / baseline, $c connections, round $round")")
    has pg1 && has baseline && ratios+=("$(ratio "pg1-$k" "baseline-$k" "PostgreSQL one node / baseline, $c connections, round $round")")
    has pg1-nginx && has "pg$NODES-nginx" && ratios+=("$(ratio "pg$NODES-nginx-$k" "pg1-nginx-$k" "PostgreSQL $NODES nodes / one node, both behind nginx, $c connections, round $round")")
    has pg1 && has "pg$NODES-nginx" && ratios+=("$(ratio "pg$NODES-nginx-$k" "pg1-$k" "PostgreSQL $NODES nodes behind nginx / one node direct, $c connections, round $round")")
    true
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
children_cpu; busy1=$(cpu_busy); ours1=$(cpu_ticks "$(run_pids)"); wrk1=$CHILDREN_TICKS; t1=$(date +%s.%N)
others=$(others_share $((busy1 - busy0)) $((ours1 - ours0 + wrk1 - wrk0)) "$(echo "$t1 - $t0" | bc)")
[ "$others" -gt 10 ] && noisy="NOISY" || noisy="clean"
requests_of() { local n=0 f; for f in "$results"/$1-[0-9]*-r*.txt; do [ -f "$f" ] && n=$((n + $(sed -n 's/.*BENCH .*requests=\([0-9]*\).*/\1/p' "$f"))); done; echo "$n"; }

server_problems=0
for name in sqlite pg1 $(seq -f 'node%g' "$NODES"); do
  server_problems=$((server_problems + $(grep -cE '^(fail|crit):' "$work/$name.log" || true)))
  cp "$work/$name.log" "$results/"
done

{
  echo
  echo "revision: $revision"
  machine_line
  echo "$("$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/postgres" --version) on the same machine (synchronous_commit on), nginx $(nginx -v 2>&1 | sed 's/.*nginx\///')"
  echo "organisations: ${ORGS:-1}   load average before: $load_before   after: $load_after"
  echo "CPU used by other processes during the counted runs: $others % of the machine ($noisy)"
  rows_header
  printf '%s\n' "${rows[@]}"
  printf '%s\n' "${ratios[@]}"
  echo "(cpu ms: CPU time per request of the target's server processes and nginx; wrk and PostgreSQL excluded)"
  database_report
  for target in "${targets[@]}"; do
    case $target in pg1|pg1-nginx) has_one=1 ;; pg$NODES-nginx) has_many=1 ;; esac
  done
  # Statements are counted per database: bench_one serves pg1 and pg1-nginx, bench_many the nodes.
  [ -n "${has_one:-}" ] && statements_report bench_one "$(( $(requests_of pg1) + $(requests_of pg1-nginx) ))"
  [ -n "${has_many:-}" ] && statements_report bench_many "$(requests_of "pg$NODES-nginx")"
  [ "$server_problems" -eq 0 ] || echo "servers logged $server_problems errors; see $results/*.log"
  if [ "$errors" -ne 0 ]; then
    echo "RESULT: the run had errors (see notes); its figures are not valid"
  else
    echo "RESULT: no errors; every acknowledged event is in its log"
  fi
} | tee "$results/summary.txt"
exit "$errors"
