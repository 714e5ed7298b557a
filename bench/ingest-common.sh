# Shared by bench/ingest.sh and bench/ingest-scaleout.sh: publish Release builds, start apps on loopback ports,
# run one bounded wrk load and read its BENCH line. Source it from the repository root after `set -euo pipefail`.

BODY_FILE=$PWD/bench/seed-event.json
LUA=$PWD/bench/ingest.lua
# A fixed key, so a token the server issues also validates on the baseline. Never a production key.
# The write path on its own: detection rules would add events of their own (the log would outgrow the acknowledged
# count), and the default per-organisation ingest limit would throttle a one-organisation load.
export Mudbase__Rules__Evaluate=${Mudbase__Rules__Evaluate:-false}
export Mudbase__RateLimits__IngestPerSecond=${Mudbase__RateLimits__IngestPerSecond:-10000000}
export Mudbase__RateLimits__IngestBurst=${Mudbase__RateLimits__IngestBurst:-10000000}
export Mudbase__RateLimits__AnonymousPerAddress=${Mudbase__RateLimits__AnonymousPerAddress:-100000}
export Mudbase__Jwt__SigningKey=${Mudbase__Jwt__SigningKey:-bench-only-hs256-key-0123456789abcdefghijklmnop}
export Mudbase__Jwt__Issuer=${Mudbase__Jwt__Issuer:-mudbase}
export Mudbase__Jwt__Audience=${Mudbase__Jwt__Audience:-mudbase-api}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
source bench/process-cpu.sh

work=$(mktemp -d -t mudbase-ingest.XXXXXX)
pids=()
# Extra clean-up a script registers (a database cluster, a proxy); runs before the work directory goes.
cleanup_hooks=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for hook in "${cleanup_hooks[@]}"; do eval "$hook" || true; done
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

# Installs Debian packages the run needs when what they provide is missing: a command, or a path pattern.
#   require_packages wrk:wrk '/usr/lib/postgresql/*/bin/initdb:postgresql'
require_packages() {
  local missing=() pair check
  for pair in "$@"; do
    check=${pair%%:*}
    case $check in
      */*) compgen -G "$check" >/dev/null || missing+=("${pair#*:}") ;;
      *) command -v "$check" >/dev/null || missing+=("${pair#*:}") ;;
    esac
  done
  [ ${#missing[@]} -eq 0 ] && return
  echo "== installing ${missing[*]}"
  apt-get install -y "${missing[@]}" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "${missing[@]}" >/dev/null; } \
    || fail "${missing[*]} not installed and apt-get could not install them"
}

# publish: Release builds of the working tree, or of the commit REF names, into $work/server and $work/baseline;
# sets $revision. publish_server DIR alone builds only the server (bench/ingest-compare.sh builds two).
publish() {
  publish_server "$work/server"
  dotnet publish "$source_root/bench/Baseline" -c Release -o "$work/baseline" -nologo -v quiet >"$work/publish-baseline.log" 2>&1 \
    || { cat "$work/publish-baseline.log" >&2; fail "publishing the baseline failed"; }
}

# publish_server DIR: the server of the working tree, or of the commit REF names, into DIR; sets $revision and
# $source_root.
publish_server() {
  source_root=$PWD
  revision=$(git describe --always --dirty 2>/dev/null || echo unknown)
  if [ -n "${REF:-}" ]; then
    source_root=$(mktemp -d "$work/source.XXXXXX")
    git archive "$REF" | tar -x -C "$source_root" || fail "cannot export $REF"
    revision=$(git rev-parse --short "$REF")
  fi
  echo "== publishing a Release build of $revision to $1"
  dotnet publish "$source_root/src/Mudbase.Server" -c Release -o "$1" -nologo -v quiet >"$work/publish-server.log" 2>&1 \
    || { cat "$work/publish-server.log" >&2; fail "publishing Mudbase.Server failed"; }
}

declare -A url pid token tokens

# start_app NAME DLL [VAR=VALUE...]: starts an app on a free loopback port with its own empty data directory,
# logging at Warning, with the given extra environment; sets url[NAME] and pid[NAME].
start_app() {
  local name=$1 dll=$2 port
  shift 2
  port=$(free_port)
  [ -n "$port" ] || fail "no free loopback port"
  mkdir -p "$work/$name-data"
  # From the publish folder, as a deployment runs: it is the content root (appsettings.json, wwwroot).
  (cd "$(dirname "$dll")" && exec env Mudbase__DataDirectory="$work/$name-data" "$@" \
     dotnet "$dll" --urls "http://127.0.0.1:$port" \
       --Logging:LogLevel:Default=Warning --Logging:LogLevel:Microsoft.AspNetCore=Warning \
     >"$work/$name.log" 2>&1) &
  local child=$!
  pids+=("$child")
  for _ in $(seq 600); do
    kill -0 "$child" 2>/dev/null || { cat "$work/$name.log" >&2; fail "$name exited at start"; }
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/alive" 2>/dev/null; then
      url[$name]="http://127.0.0.1:$port" pid[$name]=$child
      return
    fi
    sleep 0.1
  done
  fail "$name did not answer /alive"
}

# run_wrk TARGET CONNECTIONS DURATION OUT: one bounded wrk run; sets RUN_* from the script's BENCH line and
# RUN_cpu_ticks (the CPU the target's processes used, wrk excluded).
run_wrk() {
  local target=$1 connections=$2 duration=$3 out=$4 before
  before=$(cpu_ticks "${pid[$target]}")
  local spread=""
  [ "${ORGS:-1}" -gt 1 ] && [ "$target" != baseline ] && spread=${TOKENS_FILE:-}
  BENCH_METHOD=POST BENCH_BODY_FILE=$BODY_FILE BENCH_TOKEN=$TOKEN BENCH_TOKENS_FILE=$spread \
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

# register TARGET: registers the bench account through TARGET and sets TOKEN. With ORGS > 1 it registers ORGS
# accounts, each owning its own organisation, and sets TOKENS_FILE to their tokens, one a line: the load then spreads
# its requests over the organisations (bench/ingest.lua) and checkpoint_size adds up their logs.
register() {
  local body i email
  TOKENS_FILE=$work/$1.tokens
  : >"$TOKENS_FILE"
  for i in $(seq "${ORGS:-1}"); do
    [ "$i" -eq 1 ] && email=bench@example.org || email=bench$i@example.org
    body=$(curl -fsS -X POST "${url[$1]}/api/auth/register" -H 'content-type: application/json' \
      -d '{"email":"'"$email"'","password":"bench password 1","firstName":"Bench","lastName":"Runner"}') \
      || fail "registration failed"
    TOKEN=$(echo "$body" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
    [ -n "$TOKEN" ] || fail "registration returned no token: $body"
    echo "$TOKEN" >>"$TOKENS_FILE"
  done
  TOKEN=$(head -n 1 "$TOKENS_FILE")
}

# checkpoint_size TARGET: the size of the bench organisation's log, from its latest signed checkpoint; with ORGS > 1
# the sum over the organisations of TOKENS_FILE.
checkpoint_size() {
  local t total=0 size
  for t in $( { [ "${ORGS:-1}" -gt 1 ] && [ -s "${TOKENS_FILE:-}" ] && cat "$TOKENS_FILE"; } || echo "$TOKEN"); do
    size=$(curl -fsS "${url[$1]}/api/compliance/ledger/checkpoint" -H "Authorization: Bearer $t" \
      | sed -n 's/.*"treeSize":\([0-9]*\).*/\1/p')
    [ -n "$size" ] || return 0
    total=$((total + size))
  done
  echo "$total"
}

rows=()
errors=0

# measure TARGET CONNECTIONS ROUND: one counted run. Appends a row to rows[], sets LAST_RPS, and sets errors=1 on any
# failed request or when a server's log (any target but the baseline) grew by less than the 200s wrk counted.
# A script that keeps one account per database sets token[TARGET]; otherwise $TOKEN is used.
measure() {
  local target=$1 c=$2 round=$3 before=0 after note="" busy0 ours0 wrk0 t0 others
  TOKEN=${token[$target]:-$TOKEN}
  TOKENS_FILE=${tokens[$target]:-${TOKENS_FILE:-}}
  [ "$target" = baseline ] || before=$(checkpoint_size "$target")
  children_cpu; busy0=$(cpu_busy); ours0=$(cpu_ticks "$(measured_pids)"); wrk0=$CHILDREN_TICKS; t0=$(date +%s.%N)
  run_wrk "$target" "$c" "$DURATION" "$results/$target-$c-r$round.txt"
  children_cpu
  others=$(others_share $(($(cpu_busy) - busy0)) $(($(cpu_ticks "$(measured_pids)") - ours0 + CHILDREN_TICKS - wrk0)) \
    "$(echo "$(date +%s.%N) - $t0" | bc)")
  [ "$others" -gt 10 ] && note="NOISY;"
  if [ "$RUN_non2xx" -gt 0 ] || [ "$RUN_socket_errors" -gt 0 ]; then
    note+=" ERRORS non-2xx=$RUN_non2xx socket=$RUN_socket_errors;"
    errors=1
  fi
  if [ "$target" != baseline ]; then
    after=$(checkpoint_size "$target")
    [ -n "$after" ] || fail "could not read the checkpoint of $target after the run"
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
    -v ticks="$RUN_cpu_ticks" -v hz="$(getconf CLK_TCK)" -v n="$RUN_requests" -v others="$others%" -v note="$note" \
    'BEGIN { printf "%-10s %5s %5s %9s %8.1f %8.1f %8.3f %6s  %s", t, c, r, rps, p50 / 1000, p99 / 1000, n ? ticks * 1000 / hz / n : 0, others, note }')")
}

# The processes a counted run measures; the rest of the machine's CPU is "others". A script that starts processes
# of its own outside pids[] (nginx, a PostgreSQL cluster) redefines it.
measured_pids() { echo "${pids[*]}"; }

# The header of the rows measure() prints.
rows_header() {
  printf '%-10s %5s %5s %9s %8s %8s %8s %6s  %s\n' target conns round 'req/s' 'p50 ms' 'p99 ms' 'cpu ms' others notes
}

machine_line() {
  echo "machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), wrk -t$THREADS -d$DURATION on the same machine"
}
