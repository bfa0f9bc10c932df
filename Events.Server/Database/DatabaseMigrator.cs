using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace Events.Server.Database;

/// <summary>One embedded SQL script, named NNNN_description.sql; scripts run in name order.</summary>
public sealed record MigrationScript(string Id, string Sql)
{
    public string Checksum { get; } = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n")))).ToLowerInvariant();

    public static IReadOnlyList<MigrationScript> Embedded()
    {
        var assembly = typeof(MigrationScript).Assembly;
        const string prefix = "Events.Server.Database.Migrations.";
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => new MigrationScript(name[prefix.Length..], Read(assembly, name)))
            .OrderBy(script => script.Id, StringComparer.Ordinal)
            .ToList();
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

public sealed class MigrationChecksumMismatchException(string message) : Exception(message);

public sealed record MigrationReport(IReadOnlyList<string> Applied, int AlreadyApplied);

/// <summary>
/// Applies pending scripts in one transaction under an advisory lock, so that two instances starting
/// together migrate once: the second waits for the lock, then finds everything applied.
/// </summary>
public sealed class DatabaseMigrator(string connectionString, ILogger logger)
{
    // Any fixed number; it only has to be the same in every instance of this app.
    private const long AdvisoryLockKey = 0x4576656e7473; // "Events"

    public async Task<MigrationReport> MigrateAsync(IReadOnlyList<MigrationScript>? scripts = null, CancellationToken cancellationToken = default)
    {
        scripts ??= MigrationScript.Embedded();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key = AdvisoryLockKey }, transaction);
        await connection.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                id text PRIMARY KEY,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """, transaction: transaction);
        var applied = (await connection.QueryAsync<(string Id, string Checksum)>(
            "SELECT id, checksum FROM schema_migrations", transaction: transaction)).ToDictionary(r => r.Id, r => r.Checksum);

        var newlyApplied = new List<string>();
        foreach (var script in scripts)
        {
            if (applied.TryGetValue(script.Id, out var checksum))
            {
                if (checksum != script.Checksum)
                    throw new MigrationChecksumMismatchException(
                        $"Migration {script.Id} was changed after it was applied to this database (checksum {checksum[..12]}… now {script.Checksum[..12]}…). " +
                        "Restore the original script and put the change in a new migration.");
                continue;
            }
            logger.LogInformation("Applying migration {Migration}", script.Id);
            try
            {
                await connection.ExecuteAsync(script.Sql, transaction: transaction, commandTimeout: 600);
            }
            catch (PostgresException e)
            {
                throw new InvalidOperationException($"Migration {script.Id} failed: {e.MessageText} (line {e.Line}, {e.Where})", e);
            }
            await connection.ExecuteAsync("INSERT INTO schema_migrations (id, checksum) VALUES (@Id, @Checksum)",
                new { script.Id, script.Checksum }, transaction);
            newlyApplied.Add(script.Id);
        }
        await transaction.CommitAsync(cancellationToken);
        if (newlyApplied.Count == 0) logger.LogInformation("Database schema is up to date ({Count} migrations)", applied.Count);
        return new MigrationReport(newlyApplied, applied.Count);
    }
}
