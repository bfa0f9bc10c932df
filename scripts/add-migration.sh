#!/usr/bin/env bash
# Adds an EF Core migration for both providers, so that every schema change reaches PostgreSQL and SQL Server alike:
#   scripts/add-migration.sh <Name>
# PostgreSQL's goes to Events.Server/Database/Migrations/PostgreSql (context EventsDbContext), SQL Server's to
# Database/Migrations/SqlServer (context SqlServerEventsDbContext). Nothing connects to a database. What EF cannot
# express goes into each migration's Up as migrationBuilder.Sql(...), in that provider's SQL.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="${1:-}"
if [[ ! "$name" =~ ^[A-Z][A-Za-z0-9]*$ ]]; then
    echo "usage: scripts/add-migration.sh <Name>   (a PascalCase name, e.g. AddRoomFloor)" >&2
    exit 2
fi
cd "$ROOT"
dotnet tool restore >/dev/null
dotnet build Events.Server -c Release -nologo -v quiet -clp:ErrorsOnly

ef() { dotnet tool run dotnet-ef "$@" --project Events.Server --configuration Release --no-build; }

ef migrations add "$name" --context EventsDbContext \
    --output-dir Database/Migrations/PostgreSql --namespace Events.Server.Database.Migrations.PostgreSql
if ! ef migrations add "$name" --context SqlServerEventsDbContext \
    --output-dir Database/Migrations/SqlServer --namespace Events.Server.Database.Migrations.SqlServer; then
    echo "The SQL Server migration failed; taking the PostgreSQL one back so that the two stay in step." >&2
    # Built again (no --no-build), so that the migration just added is the one removed.
    dotnet tool run dotnet-ef migrations remove --project Events.Server --configuration Release --context EventsDbContext --offline
    exit 1
fi
echo "Added $name for PostgreSQL and SQL Server. Check both (and add migrationBuilder.Sql for what EF cannot express), then build."
