#!/usr/bin/env bash
# Live Q&A fan-out benchmark: raises the open-file limit (every client is a socket on both sides), makes sure the npm
# packages are there, builds the Events server and the baseline hub in Release, and runs the bench. Arguments go to it:
#   bench/qa/run.sh --sizes 500,1000,2000,5000 --rounds 3 --workers 4
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "open files limit: $(ulimit -n)"
[ -f tools/node/node_modules/@microsoft/signalr/package.json ] || (cd tools/node && npm ci --no-audit --no-fund)
dotnet build Events.Server -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build bench/qa/BaselineHub -c Release -nologo -v quiet -clp:ErrorsOnly
exec dotnet run -c Release --project bench/qa -- "$@"
