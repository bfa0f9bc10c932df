#!/usr/bin/env bash
# Runs the Events app. With no ConnectionStrings__Events set, it starts its own PostgreSQL in ./.data/postgres.
# Extra arguments go to the server, e.g. ./run.sh --urls http://127.0.0.1:5199 --seed-demo
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$ROOT/scripts/prerequisites.sh"

if [ -z "${ConnectionStrings__Events:-}" ]; then ensure_postgres; fi
cd "$ROOT"
export Events__DataDirectory="${Events__DataDirectory:-$ROOT/.data}"

# Every absolute link (mails, calendars, QR codes) is built on Events:PublicBaseUrl, which the server requires. For a
# local run without one, take the address it listens on (--urls), and say so.
if [ -z "${Events__PublicBaseUrl:-}" ] && ! printf '%s\n' "$@" | grep -q -- '--Events:PublicBaseUrl'; then
    urls="http://localhost:5000"
    prev=""
    for arg in "$@"; do
        case "$arg" in --urls=*) urls="${arg#--urls=}" ;; esac
        if [ "$prev" = "--urls" ]; then urls="$arg"; fi
        prev="$arg"
    done
    export Events__PublicBaseUrl="${urls%%;*}"
    echo "Links in mails and calendars use $Events__PublicBaseUrl (set Events__PublicBaseUrl to the site's public address)." >&2
fi
dotnet build "$ROOT/Events.Server/Events.Server.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly
exec "$ROOT/Events.Server/bin/Release/net10.0/linux-x64/Events.Server" --contentRoot "$ROOT/Events.Server" "$@"
