# CPU accounting shared by the benchmarks (bench/ingest-common.sh, bench/batch/common.sh): the machine's busy ticks,
# a set of processes' ticks, and the processes of a throwaway PostgreSQL cluster. Source it from the repository root.

# Busy ticks of the whole machine so far (user, nice, system, irq, softirq, steal).
cpu_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

# The share of the machine, in whole percent, that other processes used over an interval: the machine's busy ticks
# less those of the processes measured, over WALL seconds on every core. Above 10 the benchmarks flag a run NOISY.
#   others_share BUSY_TICKS MEASURED_TICKS WALL_SECONDS
others_share() {
  awk -v busy="$(($1 - $2))" -v wall="$3" -v hz="$(getconf CLK_TCK)" -v cores="$(nproc)" \
    'BEGIN { v = 100 * busy / (wall * hz * cores); printf "%.0f", v < 0 ? 0 : v }'
}

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

# CPU ticks used by this shell's finished children (wrk, the load driver once they have exited), into CHILDREN_TICKS;
# needs $work. Call it as a command, never inside $(...): a command substitution is a subshell, whose own children
# are none of these, so it would always read 0.
children_cpu() {
  times >"$work/times"
  CHILDREN_TICKS=$(tail -1 "$work/times" | awk -v hz="$(getconf CLK_TCK)" '{ split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.0f\n", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * hz }')
}
