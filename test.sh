#!/usr/bin/env bash
# Runs the whole test suite: installs PostgreSQL, Chromium and the npm packages the tests use when missing.
# Extra arguments go to dotnet test, e.g. ./test.sh --filter Migrations
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$ROOT/scripts/prerequisites.sh"
. "$ROOT/scripts/stale-test-clusters.sh"

ensure_postgres
ensure_chromium
ensure_node
ensure_node_tools "$ROOT"
remove_stale_test_clusters
cd "$ROOT"
dotnet build Events.sln -c Release -nologo -v quiet -clp:ErrorsOnly
# The benchmarks are not in the solution (they are run by hand), but they are built here so that they cannot rot.
for bench in bench/*/*.csproj bench/*/*/*.csproj; do
    dotnet build "$bench" -c Release -nologo -v quiet -clp:ErrorsOnly
done
mkdir -p "$ROOT/TestResults"
set +e
dotnet test Events.sln -c Release --no-build -nologo --logger "console;verbosity=normal" --results-directory "$ROOT/TestResults" "$@" \
    2>&1 | tee "$ROOT/TestResults/test-output.log"
status=${PIPESTATUS[0]}
set -e
# CI keeps only the end of the output: repeat each failure (name, message, stack) there.
if [ "$status" -ne 0 ]; then
    echo "=== Failed tests ==="
    grep -E -A 25 '^\s+Failed Events\.' "$ROOT/TestResults/test-output.log" | grep -v -E '^\s+Passed ' | head -150
fi
exit "$status"
