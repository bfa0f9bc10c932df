#!/usr/bin/env bash
# Runs the Events app. With no ConnectionStrings__Events set, it starts its own PostgreSQL in ./.data/postgres.
# Extra arguments go to the server, e.g. ./run.sh --urls http://127.0.0.1:5199 --seed-demo
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$ROOT/scripts/prerequisites.sh"

if [ -z "${ConnectionStrings__Events:-}" ]; then ensure_postgres; fi
cd "$ROOT"
export Events__DataDirectory="${Events__DataDirectory:-$ROOT/.data}"
dotnet build "$ROOT/Events.Server/Events.Server.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly
exec "$ROOT/Events.Server/bin/Release/net10.0/linux-x64/Events.Server" --contentRoot "$ROOT/Events.Server" "$@"
