# CPU accounting shared by the benchmarks (bench/ingest-common.sh, bench/batch/common.sh): the machine's busy ticks,
# a set of processes' ticks, and the processes of a throwaway PostgreSQL cluster. Source it from the repository root.

# Busy ticks of the whole machine so far (user, nice, system, irq, softirq, steal).
cpu_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

# CPU ticks used so far by the processes in a space-separated pid list, with their children that ended and were
# reaped (PostgreSQL's short-lived backends and autovacuum workers count in the postmaster's).
cpu_ticks() {
  local total=0 p
  # A process that ended since the list was taken (a PostgreSQL backend) counts nothing of its own.
  for p in $1; do total=$((total + $(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$p/stat" 2>/dev/null || echo 0))); done
  echo "$total"
}

# The processes of the cluster in DIR (tests/throwaway-postgres.sh): its postmaster and the backends running now;
# nothing when it is not running.
postgres_pids() {
  local postmaster
  postmaster=$(head -n 1 "$1/data/postmaster.pid" 2>/dev/null) || return 0
  echo "$postmaster $(pgrep -P "$postmaster" | tr '\n' ' ')"
}

# CPU ticks used by this shell's finished children (wrk, the load driver once they have exited); needs $work.
children_cpu() {
  times >"$work/times"   # a builtin in a pipeline or $(...) would report a subshell's children instead
  tail -1 "$work/times" | awk -v hz="$(getconf CLK_TCK)" '{ split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.0f\n", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * hz }'
}
