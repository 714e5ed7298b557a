#!/usr/bin/env bash
# Offline verification throughput: builds the CLI in Release, generates a valid evidence bundle of N events
# (default 1,000,000) in a temporary directory, times `mudbase verify` on it and prints leaves/s.
# Usage: bench/verify/run.sh [events]
set -euo pipefail
cd "$(dirname "$0")/../.."

events="${1:-1000000}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

dotnet build src/Mudbase.Cli -c Release -nologo -v quiet -clp:NoSummary
dotnet build bench/verify/BundleGenerator -c Release -nologo -v quiet -clp:NoSummary

echo "generating a bundle of $events events in $tmp ..."
dotnet bench/verify/BundleGenerator/bin/Release/net10.0/BundleGenerator.dll "$tmp/bundle.jsonl" "$events" > "$tmp/log.vkey"
bytes=$(stat -c %s "$tmp/bundle.jsonl")

# Read the file once so the timing measures verification rather than the disk.
cat "$tmp/bundle.jsonl" > /dev/null

start=$(date +%s%N)
dotnet src/Mudbase.Cli/bin/Release/net10.0/mudbase.dll verify "$tmp/bundle.jsonl" --public-key "$tmp/log.vkey" | tee "$tmp/verify.txt"
end=$(date +%s%N)
rm -f "$tmp/bundle.jsonl"

awk -v n="$events" -v ns="$((end - start))" -v bytes="$bytes" -v cores="$(nproc)" 'BEGIN {
  s = ns / 1e9
  printf "verified %d events (%.0f MB) in %.2f s, process start included: %.0f leaves/s on %d cores\n", n, bytes / 1e6, s, n / s, cores
}'
