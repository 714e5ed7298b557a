# Shared by bench/batch/run.sh and bench/query/run.sh: publish, start one server on a fresh data directory on
# loopback, register, and stop it again on exit. Source it from the repository root after `set -euo pipefail`.

# The write path on its own: detection rules would add events of their own (the log would outgrow the acknowledged
# count), and the default per-organisation ingest limit would throttle a one-organisation load.
export Mudbase__Rules__Evaluate=${Mudbase__Rules__Evaluate:-false}
export Mudbase__RateLimits__IngestPerSecond=${Mudbase__RateLimits__IngestPerSecond:-10000000}
export Mudbase__RateLimits__IngestBurst=${Mudbase__RateLimits__IngestBurst:-10000000}
export Mudbase__RateLimits__AnonymousPerAddress=${Mudbase__RateLimits__AnonymousPerAddress:-100000}
export Mudbase__Jwt__SigningKey=${Mudbase__Jwt__SigningKey:-bench-only-hs256-key-0123456789abcdefghijklmnop}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
source bench/process-cpu.sh

work=$(mktemp -d -t mudbase-bench.XXXXXX)
server_pid=""
# PROVIDER=postgres: each server gets a fresh database on a throwaway cluster (tests/throwaway-postgres.sh) started
# outside $work, where the postgres user can enter.
PROVIDER=${PROVIDER:-sqlite}
pg_dir=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$pg_dir" ]; then
    tests/throwaway-postgres.sh stop "$pg_dir" >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "bench: $*" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}

# SERVER_SOURCE names another server project to measure, e.g. one exported from an older revision (bench/batch/compare.sh).
publish() {
  echo "== publishing ${SERVER_SOURCE:-src/Mudbase.Server} and the load driver (Release) to $work"
  dotnet publish "${SERVER_SOURCE:-src/Mudbase.Server}" -c Release -o "$work/server" -nologo -v quiet >"$work/publish-server.log" 2>&1 \
    || { cat "$work/publish-server.log" >&2; fail "publishing Mudbase.Server failed"; }
  dotnet publish bench/LoadDriver -c Release -o "$work/driver" -nologo -v quiet >"$work/publish-driver.log" 2>&1 \
    || { cat "$work/publish-driver.log" >&2; fail "publishing the load driver failed"; }
  dotnet publish bench/AllocProbe -c Release -o "$work/probe" -nologo -v quiet >"$work/publish-probe.log" 2>&1 \
    || { cat "$work/publish-probe.log" >&2; fail "publishing the allocation probe failed"; }
}

# Starts the server on a free loopback port on DATA (default: an empty directory); sets SERVER_URL and server_pid.
start_server() {
  local port data=${1:-$work/data}
  port=$(free_port)
  mkdir -p "$data"
  local storage=()
  if [ "$PROVIDER" = postgres ]; then
    if [ -z "$pg_dir" ]; then
      pg_dir=$(mktemp -d -t mudbase-bench-pg.XXXXXX)
      tests/throwaway-postgres.sh start "$pg_dir" >/dev/null || fail "cannot start a PostgreSQL cluster"
    fi
    local db=bench_$RANDOM$RANDOM
    psql -q -h 127.0.0.1 -p "$(cat "$pg_dir/port")" -U postgres -d postgres -c "CREATE DATABASE $db" || fail "cannot create $db"
    storage=(Mudbase__Storage__Provider=postgres "ConnectionStrings__Mudbase=Host=127.0.0.1;Port=$(cat "$pg_dir/port");Username=postgres;Database=$db")
  fi
  # The content root is the published app, not the data directory: the host watches its content root for
  # configuration changes, and every WAL write would wake that watcher.
  # The allocation probe (bench/AllocProbe, a startup hook) keeps $work/alloc-probe.txt current: see probe_read.
  rm -f "$work/alloc-probe.txt"
  (cd "$work/server" && exec env Mudbase__DataDirectory="$data" "${storage[@]}" \
     DOTNET_STARTUP_HOOKS="$work/probe/AllocProbe.dll" MUDBASE_ALLOC_PROBE_FILE="$work/alloc-probe.txt" dotnet "$work/server/Mudbase.Server.dll" \
     --urls "http://127.0.0.1:$port" --Logging:LogLevel:Default=Warning --Logging:LogLevel:Microsoft.AspNetCore=Warning \
     >"$work/server.log" 2>&1) &
  server_pid=$!
  SERVER_URL="http://127.0.0.1:$port"
  # STARTUP_SECONDS: a kept log may take minutes to upgrade in place when a new schema version converts its rows.
  local started=$SECONDS
  for _ in $(seq $((${STARTUP_SECONDS:-30} * 10))); do
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; fail "the server exited"; }
    curl -fsS -o /dev/null "$SERVER_URL/alive" 2>/dev/null && { echo "== server up after $((SECONDS - started)) s"; return 0; }
    sleep 0.1
  done
  fail "the server did not come up within ${STARTUP_SECONDS:-30} s"
}

# Registers an account (the owner of a new organisation), or with "login" signs in to an existing one; sets TOKEN.
register() {
  local body email=${BENCH_EMAIL:-bench-$RANDOM$RANDOM@example.org}
  if [ "${1:-}" = login ]; then
    body=$(curl -fsS -X POST "$SERVER_URL/api/auth/login" -H 'content-type: application/json' \
      -d "{\"email\":\"$email\",\"password\":\"bench password 1\"}") || fail "login failed"
  else
    body=$(curl -fsS -X POST "$SERVER_URL/api/auth/register" -H 'content-type: application/json' \
      -d "{\"email\":\"$email\",\"password\":\"bench password 1\",\"firstName\":\"Bench\",\"lastName\":\"Runner\"}") \
      || fail "registration failed"
  fi
  TOKEN=$(echo "$body" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
  [ -n "$TOKEN" ] || fail "registration returned no token: $body"
}

checkpoint_size() {
  curl -fsS "$SERVER_URL/api/compliance/ledger/checkpoint" -H "Authorization: Bearer $TOKEN" \
    | sed -n 's/.*"treeSize":\([0-9]*\).*/\1/p'
}

driver() { dotnet "$work/driver/LoadDriver.dll" "$@" --url "$SERVER_URL" --token "$TOKEN"; }

# Pulls key=value pairs of the driver's BENCH line into shell variables named BENCH_<key>.
read_bench() {
  local line
  line=$(grep '^BENCH ' "$1" | tail -1) || fail "the driver printed no BENCH line"
  eval "$(echo "${line#BENCH }" | tr ' ' '\n' | grep '=' | sed 's/^/BENCH_/')"
}

machine() {
  echo "$(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(dotnet --version) SDK"
}

# The server's garbage collector counters now, from the allocation probe (refreshed every 200 ms; the wait lets a
# sample taken after the caller's last request land): sets PROBE_allocated_bytes, PROBE_gen0, PROBE_gen1, PROBE_gen2
# and PROBE_pause_ms.
probe_read() {
  sleep 0.5
  [ -s "$work/alloc-probe.txt" ] || fail "the allocation probe wrote nothing (is DOTNET_STARTUP_HOOKS honoured?)"
  eval "$(tr ' ' '\n' <"$work/alloc-probe.txt" | grep '=' | sed 's/^/PROBE_/')"
}

# "alloc B/event GCs(gen0/gen1/gen2) pause ms" between two probe_read snapshots saved as A_* and B_* variables,
# over EVENTS events.
probe_figures() {
  local events=$1
  awk -v a0="$A_allocated_bytes" -v a1="$B_allocated_bytes" -v e="$events" \
    -v g0=$((B_gen0 - A_gen0)) -v g1=$((B_gen1 - A_gen1)) -v g2=$((B_gen2 - A_gen2)) -v p0="$A_pause_ms" -v p1="$B_pause_ms" \
    'BEGIN { printf "%.0f %d/%d/%d %.0f", (e > 0 ? (a1 - a0) / e : 0), g0, g1, g2, p1 - p0 }'
}

# CPU ticks (user + system) a process has used so far.
proc_cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# Waits until the server has used less than 5 % of one core in each of three consecutive seconds (after a seeding:
# the event index and the WAL checkpoints have caught up); fails after $1 seconds.
wait_until_idle() {
  local quiet=0 waited=0 a b
  while [ "$quiet" -lt 3 ]; do
    [ "$waited" -lt "$1" ] || fail "the server did not go idle within $1 s"
    a=$(proc_cpu "$server_pid"); sleep 1; b=$(proc_cpu "$server_pid"); waited=$((waited + 1))
    if [ $(( (b - a) * 100 )) -lt $(( 5 * $(getconf CLK_TCK) )) ]; then quiet=$((quiet + 1)); else quiet=0; fi
  done
  echo "== the server went idle after ${waited} s"
}

# Bytes a process has caused to be written to storage so far (WAL, database file and checkpoints included).
proc_write_bytes() { sed -n 's/^write_bytes: //p' "/proc/$1/io"; }

# The process's peak resident memory so far, in MiB.
proc_peak_rss_mib() { awk '/^VmHWM:/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }

# CPU ticks of the PostgreSQL cluster under test (PROVIDER=postgres), ended backends included; 0 on SQLite.
postgres_cpu() { if [ -n "$pg_dir" ]; then cpu_ticks "$(postgres_pids "$pg_dir")"; else echo 0; fi; }

# Stored bytes per event of each table and index of the SQLite database (dbstat), largest first: where the bytes go.
table_bytes() {
  python3 - "$1" "$2" <<'PY'
import sqlite3, sys
db, events = sys.argv[1], max(1, int(sys.argv[2]))
rows = sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute(
    "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
print("stored bytes per event: " + ", ".join(f"{name} {size / events:.0f}" for name, size in rows if size / events >= 1))
PY
}
