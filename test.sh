#!/usr/bin/env bash
# Runs every test suite of the repository and prints one closing line: "N passed, N failed".
# Provisions what the suites need itself; see README "Testing".
set -uo pipefail
cd "$(dirname "$0")"

results=$(mktemp -d)
postgres=$(mktemp -d)
trap 'tests/throwaway-postgres.sh stop "$postgres" >/dev/null 2>&1; rm -rf "$results" "$postgres"' EXIT
passed=0
failed=0
status=0

add_counts() { passed=$((passed + $1)); failed=$((failed + $2)); }

# Runs `npm ci && npm test` in a folder whose tests use node's test runner, and adds its pass/fail counts.
run_node_suite() {
  local dir=$1 name=$2 log="$results/$2.log" p f
  echo "== $name"
  ( cd "$dir" && npm ci --no-audit --no-fund --loglevel=error && npm test ) 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  p=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$log" | tail -1)
  f=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$log" | tail -1)
  if [ -n "$p" ]; then add_counts "$p" "${f:-0}"; else echo "no $name test summary found"; failed=$((failed + 1)); status=1; fi
}

echo "== PostgreSQL: a throwaway cluster for the PostgreSQL half of the server tests"
if MUDBASE_TEST_POSTGRES=$(tests/throwaway-postgres.sh start "$postgres"); then
  export MUDBASE_TEST_POSTGRES MUDBASE_TEST_POSTGRES_SCRIPT="$PWD/tests/throwaway-postgres.sh"
  echo "$MUDBASE_TEST_POSTGRES"
else
  # The PostgreSQL tests then fail on the missing variable; a missing database is a failure, never a skip.
  echo "PostgreSQL could not be started"; failed=$((failed + 1)); status=1
fi

echo "== C# test projects"
dotnet build Mudbase.slnx -c Debug -v quiet -nologo || { echo "0 passed, 1 failed"; exit 1; }
dotnet test Mudbase.slnx --no-build -nologo 2>&1 | tee "$results/dotnet.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
while read -r f p; do add_counts "$p" "$f"; done < <(
  sed -nE 's/.*(Passed|Failed)! +- Failed: +([0-9]+), Passed: +([0-9]+).*/\2 \3/p' "$results/dotnet.log")
if ! grep -qE '(Passed|Failed)! +- Failed' "$results/dotnet.log"; then
  echo "no C# test summary found"; failed=$((failed + 1)); status=1
fi

run_node_suite sdk/js "JavaScript SDK"
# Needs the server build above and Debian's Chromium (/usr/bin/chromium, or MUDBASE_CHROMIUM).
run_node_suite tests/browser "Dashboard in Chromium"

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
