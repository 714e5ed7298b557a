#!/usr/bin/env bash
# Ingest benchmark: durable, ledger-included POST /api/compliance/security-event with a JWT, against bench/Baseline
# (the same Kestrel, JWT validation and JSON binding, storing nothing). Figures and method: docs/BENCHMARKS.md.
#
#   bench/ingest.sh
#
# Environment: CONNECTIONS="64 256", DURATION=10s, WARMUP=15s, THREADS=2, ROUNDS=1, and REF=<commit> to measure a
# committed revision instead of the working tree.
# Exits non-zero when any request failed, or the server's log holds fewer events than it acknowledged.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-"64 256"}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-15s}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-1}
BODY_FILE=$PWD/bench/seed-event.json
LUA=$PWD/bench/ingest.lua
# A fixed key, so a token the server issues also validates on the baseline. Never a production key.
export Mudbase__Jwt__SigningKey=${Mudbase__Jwt__SigningKey:-bench-only-hs256-key-0123456789abcdefghijklmnop}
export Mudbase__Jwt__Issuer=${Mudbase__Jwt__Issuer:-mudbase}
export Mudbase__Jwt__Audience=${Mudbase__Jwt__Audience:-mudbase-api}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

work=$(mktemp -d -t mudbase-ingest.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "ingest: $*" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null && return
  for _ in $(seq 50); do
    local port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

if ! command -v wrk >/dev/null; then
  echo "== installing wrk"
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; } \
    || fail "wrk is not installed and apt-get could not install it"
fi
command -v curl >/dev/null || fail "curl is required"

source_root=$PWD
revision=$(git describe --always --dirty 2>/dev/null || echo unknown)
if [ -n "${REF:-}" ]; then
  mkdir "$work/source"
  git archive "$REF" | tar -x -C "$work/source" || fail "cannot export $REF"
  source_root=$work/source
  revision=$(git rev-parse --short "$REF")
fi

echo "== publishing Release builds of $revision to $work"
dotnet publish "$source_root/src/Mudbase.Server" -c Release -o "$work/server" -nologo -v quiet >"$work/publish-server.log" 2>&1 \
  || { cat "$work/publish-server.log" >&2; fail "publishing Mudbase.Server failed"; }
dotnet publish "$source_root/bench/Baseline" -c Release -o "$work/baseline" -nologo -v quiet >"$work/publish-baseline.log" 2>&1 \
  || { cat "$work/publish-baseline.log" >&2; fail "publishing the baseline failed"; }

# Starts an app on a free loopback port with its own empty data directory, logging at Warning.
start_app() {
  local name=$1 dll=$2 port
  port=$(free_port)
  [ -n "$port" ] || fail "no free loopback port"
  mkdir -p "$work/$name-data"
  # From the publish folder, as a deployment runs: it is the content root (appsettings.json, wwwroot).
  (cd "$(dirname "$dll")" && exec env Mudbase__DataDirectory="$work/$name-data" \
     dotnet "$dll" --urls "http://127.0.0.1:$port" \
       --Logging:LogLevel:Default=Warning --Logging:LogLevel:Microsoft.AspNetCore=Warning \
     >"$work/$name.log" 2>&1) &
  local child=$!
  pids+=("$child")
  for _ in $(seq 300); do
    kill -0 "$child" 2>/dev/null || { cat "$work/$name.log" >&2; fail "$name exited at start"; }
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/alive" 2>/dev/null; then
      url[$name]="http://127.0.0.1:$port" pid[$name]=$child
      return
    fi
    sleep 0.1
  done
  fail "$name did not answer /alive"
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# One bounded wrk run against a target; sets RUN_* from the script's BENCH line and RUN_cpu_ticks.
run_wrk() {
  local target=$1 connections=$2 duration=$3 out=$4 before
  before=$(cpu_ticks "${pid[$target]}")
  BENCH_METHOD=POST BENCH_BODY_FILE=$BODY_FILE BENCH_TOKEN=$TOKEN \
    timeout 120 wrk -t"$THREADS" -c"$connections" -d"$duration" --timeout 10s --latency -s "$LUA" \
      "${url[$target]}/api/compliance/security-event" >"$out" 2>&1 \
    || { cat "$out" >&2; fail "wrk failed against $target"; }
  RUN_cpu_ticks=$(( $(cpu_ticks "${pid[$target]}") - before ))
  local line
  line=$(grep '^BENCH ' "$out") || { cat "$out" >&2; fail "wrk printed no BENCH line"; }
  eval "$(echo "${line#BENCH }" | tr ' ' '\n' | sed 's/^/RUN_/')"
  RUN_ok=$((RUN_requests - RUN_non2xx))
  RUN_socket_errors=$((RUN_connect + RUN_read + RUN_write + RUN_timeout))
}

checkpoint_size() {
  curl -fsS "${url[mudbase]}/api/compliance/ledger/checkpoint" -H "Authorization: Bearer $TOKEN" \
    | sed -n 's/.*"treeSize":\([0-9]*\).*/\1/p'
}

declare -A url pid
rows=()
ratios=()
errors=0

measure() {
  local target=$1 c=$2 round=$3 before=0 after note=""
  [ "$target" = mudbase ] && before=$(checkpoint_size)
  run_wrk "$target" "$c" "$DURATION" "$results/$target-$c-r$round.txt"
  if [ "$RUN_non2xx" -gt 0 ] || [ "$RUN_socket_errors" -gt 0 ]; then
    note="ERRORS non-2xx=$RUN_non2xx socket=$RUN_socket_errors;"
    errors=1
  fi
  if [ "$target" = mudbase ]; then
    after=$(checkpoint_size)
    [ -n "$after" ] || fail "could not read the checkpoint after the run"
    # Every 200 leaves only after its commit, so the log grew by at least as many events as wrk counted.
    if [ $((after - before)) -lt "$RUN_ok" ]; then
      note+=" LOST: log +$((after - before)) < $RUN_ok acknowledged"
      errors=1
    else
      note+=" log +$((after - before)) >= $RUN_ok acknowledged"
    fi
  fi
  LAST_RPS=$(awk -v n="$RUN_requests" -v us="$RUN_duration_us" 'BEGIN { printf "%.0f", n / (us / 1e6) }')
  rows+=("$(awk -v t="$target" -v c="$c" -v r="$round" -v rps="$LAST_RPS" -v p50="$RUN_p50_us" -v p99="$RUN_p99_us" \
    -v ticks="$RUN_cpu_ticks" -v hz="$(getconf CLK_TCK)" -v n="$RUN_requests" -v note="$note" \
    'BEGIN { printf "%-9s %5s %5s %9s %8.1f %8.1f %8.3f  %s", t, c, r, rps, p50 / 1000, p99 / 1000, n ? ticks * 1000 / hz / n : 0, note }')")
}

results=bench/results/ingest-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$results"

start_app mudbase "$work/server/Mudbase.Server.dll"
start_app baseline "$work/baseline/Baseline.dll"
register=$(curl -fsS -X POST "${url[mudbase]}/api/auth/register" -H 'content-type: application/json' \
  -d '{"email":"bench@example.org","password":"bench password 1","firstName":"Bench","lastName":"Runner"}') \
  || fail "registration failed"
TOKEN=$(echo "$register" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$TOKEN" ] || fail "registration returned no token: $register"

echo "== warming up both targets ($WARMUP each, not counted)"
for target in mudbase baseline; do
  run_wrk "$target" 64 "$WARMUP" "$work/$target-warmup.txt"
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# Each connection count runs Mudbase then the baseline back to back, so both meet the same background load.
for round in $(seq "$ROUNDS"); do
  for c in $CONNECTIONS; do
    echo "== round $round, $c connections"
    measure mudbase "$c" "$round"; m=$LAST_RPS
    measure baseline "$c" "$round"; b=$LAST_RPS
    ratios+=("$(awk -v m="$m" -v b="$b" -v c="$c" -v r="$round" \
      'BEGIN { printf "ratio Mudbase/baseline, %s connections, round %s: %.0f %%", c, r, 100 * m / b }')")
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

server_problems=$(grep -cE '^(fail|crit|warn):' "$work/mudbase.log" || true)

{
  echo
  echo "revision: $revision"
  echo "machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), wrk -t$THREADS -d$DURATION on the same machine"
  echo "load average before: $load_before   after: $load_after"
  printf '%-9s %5s %5s %9s %8s %8s %8s  %s\n' target conns round 'req/s' 'p50 ms' 'p99 ms' 'cpu ms' notes
  printf '%s\n' "${rows[@]}"
  printf '%s\n' "${ratios[@]}"
  echo "(cpu ms: the target process's CPU time per request, wrk excluded)"
  [ "$server_problems" -eq 0 ] || echo "server logged $server_problems warnings or errors; see $results/mudbase.log"
  if [ "$errors" -ne 0 ]; then
    echo "RESULT: the run had errors (see notes); its figures are not valid"
  else
    echo "RESULT: no errors; every acknowledged event is in the log"
  fi
} | tee "$results/summary.txt"
cp "$work/mudbase.log" "$work/baseline.log" "$results/"
exit "$errors"
