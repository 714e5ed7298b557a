#!/usr/bin/env bash
# Batch ingest of two revisions back to back, same machine, same settings: BASE (default: main)
# first, then the working tree. Each revision's server is exported with `git archive` into a temporary directory
# and measured by this tree's bench/batch/run.sh, so both get the same driver and the same measurements.
#
#   bench/batch/compare.sh [BASE]            # CLIENTS="8" SECONDS_RUN=20 WARMUP=3 by default
set -euo pipefail
cd "$(dirname "$0")/../.."
base=${1:-main}
export CLIENTS=${CLIENTS:-8} SECONDS_RUN=${SECONDS_RUN:-20} WARMUP=${WARMUP:-3}
source_dir=$(mktemp -d -t mudbase-compare.XXXXXX)
trap 'rm -rf "$source_dir"' EXIT
git archive "$base" | tar -x -C "$source_dir"
echo "==== base $(git rev-parse --short "$base")"
SERVER_SOURCE="$source_dir/src/Mudbase.Server" bench/batch/run.sh
echo "==== working tree $(git rev-parse --short HEAD)"
bench/batch/run.sh
