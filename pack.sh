#!/usr/bin/env bash
# Builds every installable artefact into one local feed, artifacts/packages/:
#   Mudbase.Client, Mudbase.Contracts, Mudbase.Ledger (.nupkg with XML docs and source link, .snupkg symbols),
#   Mudbase.Cli (the `mudbase` dotnet tool) and mudbase-<version>.tgz (the npm package).
# Consume it with `dotnet add package Mudbase.Client --source artifacts/packages`,
# `dotnet tool install --global Mudbase.Cli --add-source artifacts/packages` and
# `npm install ./artifacts/packages/mudbase-<version>.tgz`.
set -euo pipefail
cd "$(dirname "$0")"
feed=artifacts/packages
mkdir -p "$feed"
for project in Mudbase.Ledger Mudbase.Contracts Mudbase.Client Mudbase.Cli; do
  dotnet pack "src/$project" -c Release -o "$feed" -nologo -v quiet
done
if command -v npm >/dev/null; then
  (cd sdk/js && npm ci --no-audit --no-fund >/dev/null && npm pack --pack-destination "../../$feed" >/dev/null)
else
  echo "npm not found: the JavaScript package was not packed" >&2
fi
ls -1 "$feed"
