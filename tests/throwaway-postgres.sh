#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for tests and benchmarks (Debian package `postgresql`).
#   throwaway-postgres.sh start DIR   initdb into DIR if it is empty, start it unless running, print the connection string
#   throwaway-postgres.sh stop DIR    fast shutdown (the files stay; `start DIR` brings it back on the same port)
#   throwaway-postgres.sh crash DIR   every server process killed, unflushed WAL lost; the next start recovers from the WAL
#   throwaway-postgres.sh freeze DIR  SIGSTOP every server process: a database that hangs rather than refuses
#   throwaway-postgres.sh thaw DIR    SIGCONT them again
# PostgreSQL refuses to run as root, so under root the cluster belongs to the `postgres` system user.
set -euo pipefail

usage="usage: throwaway-postgres.sh start|stop|crash|freeze|thaw DIR"
command=${1:?$usage}
dir=${2:?$usage}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); apt-get install postgresql" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The postmaster and its children, by process id.
cluster_pids() {
  local pid
  pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null) || return 0
  echo "$pid"
  pgrep -P "$pid" || true
}

case "$command" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bin/initdb" --data-checksums -A trust -U postgres -E UTF8 --no-sync -D "$dir/data" >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    # Already running: hand out the same connection string again.
    if [ -f "$dir/port" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "Host=127.0.0.1;Port=$(cat "$dir/port");Username=postgres;Database=postgres"
      exit 0
    fi
    for _ in 1 2 3 4 5 6 7 8; do
      # A restarted cluster keeps its port, so connection strings handed out earlier stay valid.
      if [ -f "$dir/port" ]; then port=$(cat "$dir/port"); else port=$((20000 + RANDOM % 40000)); fi
      if ! port_in_use "$port" && as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
          -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' -c max_connections=400 -c shared_buffers=256MB" \
          start >/dev/null; then
        [ -f "$dir/port" ] || echo "$port" >"$dir/port"
        echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
        exit 0
      fi
      sleep 1
    done
    cat "$dir/server.log" >&2 || true
    echo "could not start PostgreSQL in $dir" >&2
    exit 1
    ;;
  stop)
    # Under heavy load a fast shutdown can outlast pg_ctl's wait; an immediate one never does, and the data is throwaway.
    [ -f "$dir/data/postmaster.pid" ] && { as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 \
      || as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 60 stop >/dev/null; }
    exit 0
    ;;
  crash)
    # A crash of the database's machine: the WAL writer is stopped first, so commits that did not wait for a flush stay
    # in the server's memory, then every server process is killed at once. What was not flushed is lost; the next
    # start recovers from the WAL on disk.
    pids=$(cluster_pids)
    [ -n "$pids" ] || exit 0
    for pid in $pids; do
      if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q walwriter; then kill -STOP "$pid"; fi
    done
    sleep 0.3
    kill -KILL $pids 2>/dev/null || true
    for _ in $(seq 100); do
      alive=0
      for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive=1; done
      [ "$alive" = 0 ] && exit 0
      sleep 0.1
    done
    echo "the cluster in $dir did not die" >&2
    exit 1
    ;;
  freeze)
    # A backend may exit between listing and signalling; that one needs no signal.
    for pid in $(cluster_pids); do kill -STOP "$pid" 2>/dev/null || true; done
    ;;
  thaw)
    for pid in $(cluster_pids); do kill -CONT "$pid" 2>/dev/null || true; done
    ;;
  *)
    echo "$usage" >&2
    exit 2
    ;;
esac
