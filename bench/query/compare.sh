#!/usr/bin/env bash
# Query shapes of two revisions back to back on the same kept log: BASE (default: main) first, then the working
# tree. Each revision's server is exported with `git archive` and measured by this tree's bench/query/run.sh, so both
# get the same driver, shapes and measurements (server CPU per request, others' CPU, load). Seed the log once first:
#
#   KEEP_DATA=/tmp/mudbase-1m bench/query/run.sh                 # seeds 1M events (a few minutes), then times them
#   KEEP_DATA=/tmp/mudbase-1m bench/query/compare.sh [BASE]      # REQUESTS=300 SHAPE_SECONDS=8 by default
#
# The base must understand the kept log's schema: a log migrated by a newer revision cannot be read by an older one.
set -euo pipefail
cd "$(dirname "$0")/../.."
base=${1:-main}
[ -n "${KEEP_DATA:-}" ] && [ -f "$KEEP_DATA/mudbase.db" ] || { echo "KEEP_DATA must name a seeded log (see bench/query/run.sh)" >&2; exit 1; }
source_dir=$(mktemp -d -t mudbase-compare.XXXXXX)
trap 'rm -rf "$source_dir"' EXIT
git archive "$base" | tar -x -C "$source_dir"
echo "==== base $(git rev-parse --short "$base")"
SERVER_SOURCE="$source_dir/src/Mudbase.Server" bench/query/run.sh
echo "==== working tree $(git rev-parse --short HEAD)"
bench/query/run.sh
