#!/usr/bin/env bash
# Offline verification throughput: builds the CLI in Release, generates a valid evidence bundle of N events
# (default 1,000,000) in a temporary directory, times `mudbase verify` on it and prints leaves/s.
# With BASELINE=<git revision> it also builds that revision's CLI (from `git archive`, the checkout is not touched)
# and verifies the same bundle with it first, back to back, so both figures come from one run on one machine state.
# RUNS=<n> repeats the pair (or the single run) n times, alternating, so a noisy machine shows its spread.
# BUNDLE_DIR=<dir> keeps the generated bundle there and reuses it on the next run with the same event count.
# THREADS=<n> passes --threads n to the current revision's CLI (1: every line in order on one thread); the baseline
# always runs with its defaults.
# Usage: [BASELINE=<rev>] [RUNS=<n>] [BUNDLE_DIR=<dir>] [THREADS=<n>] bench/verify/run.sh [events]
set -euo pipefail
cd "$(dirname "$0")/../.."

events="${1:-1000000}"
runs="${RUNS:-1}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
bundle_dir="${BUNDLE_DIR:-$tmp}"
mkdir -p "$bundle_dir"
bundle="$bundle_dir/bundle-$events.jsonl"

build() { # <source root> <log>
  for project in src/Mudbase.Cli bench/verify/BundleGenerator; do
    [ -d "$1/$project" ] || continue
    dotnet build "$1/$project" -c Release -nologo -v quiet > "$2" 2>&1 || { cat "$2"; exit 1; }
  done
}

build . "$tmp/build.log"
if [ -n "${BASELINE:-}" ]; then
  mkdir "$tmp/baseline"
  git archive "$BASELINE" | tar -x -C "$tmp/baseline"
  build "$tmp/baseline" "$tmp/baseline-build.log"
fi

if [ ! -s "$bundle" ] || [ ! -s "$bundle.vkey" ]; then
  echo "generating a bundle of $events events in $bundle_dir ..."
  dotnet bench/verify/BundleGenerator/bin/Release/net10.0/BundleGenerator.dll "$bundle" "$events" > "$bundle.vkey"
fi
bytes=$(stat -c %s "$bundle")

# Busy CPU seconds of the whole machine so far (every core), from /proc/stat.
busy() { awk -v hz="$(getconf CLK_TCK)" '/^cpu / { print ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat; }

measure() { # <label> <cli dll> [extra verify arguments]
  # Read the file once so the timing measures verification rather than the disk.
  cat "$bundle" > /dev/null
  local load0 busy0 start end busy1
  load0=$(cut -d' ' -f1 /proc/loadavg); busy0=$(busy); start=$(date +%s%N)
  /usr/bin/time -f "%U %S" -o "$tmp/cpu.txt" \
    dotnet "$2" verify "$bundle" --public-key "$bundle.vkey" "${@:3}" > "$tmp/verify.txt" || { cat "$tmp/verify.txt"; exit 1; }
  end=$(date +%s%N); busy1=$(busy)
  tail -n 1 "$tmp/verify.txt"

  # On a shared machine the wall clock also counts time spent waiting for a core; CPU seconds show what the
  # verification itself costs. Other processes' CPU is the machine's busy time during the run minus ours.
  read -r user sys < "$tmp/cpu.txt"
  awk -v label="$1" -v n="$events" -v ns="$((end - start))" -v bytes="$bytes" -v cores="$(nproc)" -v user="$user" -v sys="$sys" \
    -v load0="$load0" -v load1="$(cut -d' ' -f1 /proc/loadavg)" -v busy="$(awk -v a="$busy0" -v b="$busy1" 'BEGIN { print b - a }')" 'BEGIN {
    s = ns / 1e9; cpu = user + sys; others = busy - cpu; if (others < 0) others = 0
    share = 100 * others / (s * cores)
    printf "[%s] verified %d events (%.0f MB) in %.2f s wall, process start included: %.0f leaves/s on %d cores\n", label, n, bytes / 1e6, s, n / s, cores
    printf "[%s] CPU time %.2f s (user %.2f, sys %.2f): %.0f leaves per CPU-second, %.0f leaves/s on %d dedicated cores\n", label, cpu, user, sys, n / cpu, cores * n / cpu, cores
    printf "[%s] load average %s -> %s; other processes used %.1f CPU-s, %.0f %% of the machine%s\n", label, load0, load1, others, share, (share > 10 ? "  ** NOISY: not a clean run **" : "")
  }'
}

for run in $(seq "$runs"); do
  if [ -n "${BASELINE:-}" ]; then
    measure "baseline $BASELINE #$run" "$tmp/baseline/src/Mudbase.Cli/bin/Release/net10.0/mudbase.dll"
  fi
  measure "current${THREADS:+ --threads $THREADS} #$run" src/Mudbase.Cli/bin/Release/net10.0/mudbase.dll ${THREADS:+--threads "$THREADS"}
done
