using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Events.Server.Database;

/// <summary>
/// Brings the schema up to date with EF Core migrations, once even when several instances start at the same moment (a
/// PostgreSQL advisory lock held for the whole run). A database built by the earlier script runner (its
/// <c>schema_migrations</c> table) is adopted first: the migrations whose scripts it already ran are recorded in EF's
/// history instead of running again, so nothing is lost on upgrade. On SQL Server, EF's own migration lock (an
/// application lock on the database) does the same, and there is no script era to adopt.
/// </summary>
public sealed class SchemaMigrator(string connectionString, ILogger logger, DatabaseProvider provider = DatabaseProvider.PostgreSql)
{
    private const long AdvisoryLockKey = 0x4576656e7473; // "Events", as the earlier runner, so old and new never overlap

    /// <summary>Applies what is pending (up to <paramref name="targetMigration"/> when given); returns the ids applied now.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(string? targetMigration = null, CancellationToken cancellationToken = default)
    {
        if (provider == DatabaseProvider.SqlServer)
        {
            await using var sqlServer = DatabaseSetup.NewContext(provider, connectionString);
            return await ApplyAsync(sqlServer, targetMigration, cancellationToken);
        }
        await using var gate = new NpgsqlConnection(connectionString);
        await gate.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({AdvisoryLockKey})", gate)) await take.ExecuteNonQueryAsync(cancellationToken);
        try
        {
            await using var db = new EventsDbContext(new DbContextOptionsBuilder<EventsDbContext>().UseNpgsql(connectionString).Options);
            await AdoptScriptHistoryAsync(db, cancellationToken);
            return await ApplyAsync(db, targetMigration, cancellationToken);
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({AdvisoryLockKey})", gate);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private async Task<IReadOnlyList<string>> ApplyAsync(EventsDbContext db, string? targetMigration, CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.GetService<IMigrator>().MigrateAsync(targetMigration, cancellationToken);
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToHashSet();
        var now = pending.Where(applied.Contains).ToList();
        foreach (var id in now) logger.LogInformation("Applied migration {Migration}", id);
        return now;
    }

    /// <summary>Every migration and the schema scripts it runs, in order.</summary>
    public static IReadOnlyList<(string Id, IReadOnlyList<string> Scripts)> MigrationScripts(EventsDbContext db) =>
        db.GetService<IMigrationsAssembly>().Migrations.OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => (m.Key, (IReadOnlyList<string>)(m.Value.GetField("Scripts", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) ?? Array.Empty<string>())))
            .ToList();

    private async Task AdoptScriptHistoryAsync(EventsDbContext db, CancellationToken cancellationToken)
    {
        var hasScriptHistory = await db.Database.SqlQuery<bool>($"SELECT to_regclass('schema_migrations') IS NOT NULL AS \"Value\"").SingleAsync(cancellationToken);
        if (!hasScriptHistory) return;
        var history = db.GetService<IHistoryRepository>();
        await history.CreateIfNotExistsAsync(cancellationToken);
        var recorded = (await history.GetAppliedMigrationsAsync(cancellationToken)).Select(r => r.MigrationId).ToHashSet();
        var ran = (await db.Database.SqlQuery<string>($"SELECT id AS \"Value\" FROM schema_migrations").ToListAsync(cancellationToken)).ToHashSet();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var (id, scripts) in MigrationScripts(db))
        {
            if (recorded.Contains(id)) continue;
            var missing = scripts.Where(s => !ran.Contains(s)).ToList();
            if (scripts.Count == 0 || missing.Count == scripts.Count) break; // from here on, EF runs the migrations itself
            // A database from an older version may have run only the first scripts of a migration: finish them, in order.
            foreach (var script in missing)
            {
                logger.LogInformation("Applying schema script {Script} before adopting {Migration}", script, id);
                await db.Database.ExecuteSqlRawAsync(SchemaScripts.Read(script), cancellationToken);
            }
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(id, ProductInfo.GetVersion())), cancellationToken);
            logger.LogInformation("Adopted migration {Migration}: the earlier script runner had applied its scripts", id);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
