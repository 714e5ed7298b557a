#!/usr/bin/env bash
# Publishes Release builds of one revision once, for back-to-back runs of bench/ingest-scaleout.sh with PUBLISHED=DIR:
# DIR/server (Mudbase.Server), DIR/baseline (bench/Baseline) and DIR/revision (its short hash).
#
#   bench/publish-revision.sh 945f1f6 /tmp/pub/base      # a commit
#   bench/publish-revision.sh HEAD /tmp/pub/head         # a commit of this branch
#   bench/publish-revision.sh . /tmp/pub/tree            # the working tree as it is
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: $0 REF|. DIR" >&2; exit 2; }
ref=$1 out=$2
rm -rf "$out"
mkdir -p "$out"
if [ "$ref" = . ]; then
  source_root=$PWD
  git describe --always --dirty >"$out/revision"
else
  source_root=$(mktemp -d -t mudbase-publish.XXXXXX)
  trap 'rm -rf "$source_root"' EXIT
  git archive "$ref" | tar -x -C "$source_root"
  git rev-parse --short "$ref" >"$out/revision"
fi
echo "== publishing $(cat "$out/revision") to $out"
dotnet publish "$source_root/src/Mudbase.Server" -c Release -o "$out/server" -nologo -v quiet
dotnet publish "$source_root/bench/Baseline" -c Release -o "$out/baseline" -nologo -v quiet
