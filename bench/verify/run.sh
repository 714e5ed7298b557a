#!/usr/bin/env bash
# Offline verification throughput: builds the CLI in Release, generates a valid evidence bundle of N events
# (default 1,000,000) in a temporary directory, times `mudbase verify` on it and prints leaves/s.
# Usage: bench/verify/run.sh [events]
set -euo pipefail
cd "$(dirname "$0")/../.."

events="${1:-1000000}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

for project in src/Mudbase.Cli bench/verify/BundleGenerator; do
  dotnet build "$project" -c Release -nologo -v quiet > "$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; exit 1; }
done

echo "generating a bundle of $events events in $tmp ..."
dotnet bench/verify/BundleGenerator/bin/Release/net10.0/BundleGenerator.dll "$tmp/bundle.jsonl" "$events" > "$tmp/log.vkey"
bytes=$(stat -c %s "$tmp/bundle.jsonl")

# Read the file once so the timing measures verification rather than the disk.
cat "$tmp/bundle.jsonl" > /dev/null

start=$(date +%s%N)
/usr/bin/time -f "%U %S" -o "$tmp/cpu.txt" \
  dotnet src/Mudbase.Cli/bin/Release/net10.0/mudbase.dll verify "$tmp/bundle.jsonl" --public-key "$tmp/log.vkey" | tee "$tmp/verify.txt"
end=$(date +%s%N)
rm -f "$tmp/bundle.jsonl"

# On a shared machine the wall clock also counts time spent waiting for a core; CPU seconds show what the
# verification itself costs, and the load average says how contended the run was.
read -r user sys < "$tmp/cpu.txt"
awk -v n="$events" -v ns="$((end - start))" -v bytes="$bytes" -v cores="$(nproc)" -v user="$user" -v sys="$sys" \
  -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
  s = ns / 1e9; cpu = user + sys
  printf "verified %d events (%.0f MB) in %.2f s wall, process start included: %.0f leaves/s on %d cores (load average %s)\n", n, bytes / 1e6, s, n / s, cores, load
  printf "CPU time %.2f s (user %.2f, sys %.2f): %.0f leaves per CPU-second, %.0f leaves/s on %d dedicated cores\n", cpu, user, sys, n / cpu, cores * n / cpu, cores
}'
