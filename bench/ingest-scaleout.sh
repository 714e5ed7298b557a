#!/usr/bin/env bash
# Scale-out ingest benchmark: the durable POST of bench/ingest.sh against the JWT-only baseline, on SQLite, on
# PostgreSQL with one node, and on PostgreSQL with NODES nodes behind nginx (round robin, generated config on
# loopback), all in one run with the same load generator. PostgreSQL is a throwaway cluster (tests/throwaway-postgres.sh).
# Figures and method: docs/BENCHMARKS.md and docs/SCALING.md.
#
#   bench/ingest-scaleout.sh
#
#   ORGS=50 bench/ingest-scaleout.sh     # the load spread over 50 organisations instead of one hot one
#
# Environment: CONNECTIONS="64", DURATION=10s, WARMUP=10s, THREADS=2, ROUNDS=1, NODES=3, ORGS=1, REF=<commit>.
# Exits non-zero when any request failed, or a log holds fewer events than were acknowledged.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-1}
NODES=${NODES:-3}
source bench/ingest-common.sh

require_packages wrk:wrk curl:curl nginx:nginx psql:postgresql '/usr/lib/postgresql/*/bin/initdb:postgresql'
publish

echo "== starting a throwaway PostgreSQL cluster"
# Outside $work: under root the cluster belongs to the postgres user, who cannot enter the private work directory.
pg_dir=$(mktemp -d -t mudbase-bench-pg.XXXXXX)
cleanup_hooks+=("tests/throwaway-postgres.sh stop '$pg_dir' >/dev/null 2>&1; rm -rf '$pg_dir'")
tests/throwaway-postgres.sh start "$pg_dir" >/dev/null
pg_port=$(cat "$pg_dir/port")
postgres_for() { echo "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$1"; }
for db in bench_one bench_many; do
  psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c "CREATE DATABASE $db" || fail "cannot create $db"
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

targets=(baseline sqlite pg1 pg1-nginx "pg$NODES-nginx")
for target in "${targets[@]}"; do
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

echo "== warming up every target ($WARMUP each, not counted)"
for target in "${targets[@]}"; do
  TOKEN=${token[$target]}
  run_wrk "$target" 64 "$WARMUP" "$work/$target-warmup.txt"
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
ratios=()
for round in $(seq "$ROUNDS"); do
  for c in $CONNECTIONS; do
    echo "== round $round, $c connections"
    for target in "${targets[@]}"; do
      measure "$target" "$c" "$round"
      rps[$target-$c-$round]=$LAST_RPS
    done
    k="$c-$round"
    ratios+=("$(ratio "sqlite-$k" "baseline-$k" "SQLite / baseline, $c connections, round $round")")
    ratios+=("$(ratio "pg1-$k" "baseline-$k" "PostgreSQL one node / baseline, $c connections, round $round")")
    ratios+=("$(ratio "pg$NODES-nginx-$k" "pg1-nginx-$k" "PostgreSQL $NODES nodes / one node, both behind nginx, $c connections, round $round")")
    ratios+=("$(ratio "pg$NODES-nginx-$k" "pg1-$k" "PostgreSQL $NODES nodes behind nginx / one node direct, $c connections, round $round")")
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

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
  rows_header
  printf '%s\n' "${rows[@]}"
  printf '%s\n' "${ratios[@]}"
  echo "(cpu ms: CPU time per request of the target's server processes and nginx; wrk and PostgreSQL excluded)"
  [ "$server_problems" -eq 0 ] || echo "servers logged $server_problems errors; see $results/*.log"
  if [ "$errors" -ne 0 ]; then
    echo "RESULT: the run had errors (see notes); its figures are not valid"
  else
    echo "RESULT: no errors; every acknowledged event is in its log"
  fi
} | tee "$results/summary.txt"
exit "$errors"
