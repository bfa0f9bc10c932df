using Events.Server.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Events.Tests.Infrastructure;

/// <summary>
/// One real PostgreSQL cluster for the whole test run (started with the app's own embedded-cluster code),
/// and a fresh empty database for every test that asks for one.
/// </summary>
public static class TestPostgres
{
    /// <summary>How many migrations the app has: a migrated database records each in __EFMigrationsHistory.</summary>
    public static int MigrationCount { get; } = CountMigrations();

    private static int CountMigrations()
    {
        // Design-time information only: nothing connects.
        using var db = new EventsDbContext(new DbContextOptionsBuilder<EventsDbContext>().UseNpgsql("Host=unused").Options);
        return db.Database.GetMigrations().Count();
    }

    private static readonly Lazy<Task<EmbeddedPostgresCluster>> Cluster = new(StartAsync);

    public static string RunDirectory { get; } = Path.Combine(Path.GetTempPath(), $"events-tests-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);

    public static async Task<string> CreateDatabaseAsync(string? prefix = null)
    {
        var cluster = await Cluster.Value;
        var connectionString = await cluster.CreateDatabaseAsync($"{prefix ?? "t"}_{Guid.NewGuid():N}");
        // Many tests run at once, each with its own pools: keep idle connections short-lived so the cluster is not exhausted.
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = 60, ConnectionIdleLifetime = 5, ConnectionPruningInterval = 1,
        }.ConnectionString;
    }

    /// <summary>The cluster's superuser on a database, for tests that work outside the app's own role.</summary>
    public static async Task<string> AdminConnectionStringAsync(string database) => (await Cluster.Value).AdminConnectionString(database);

    /// <summary>Opens an existing database as the app does on start-up (handing its objects over to the app's role).</summary>
    public static async Task<string> OpenExistingAsync(string database) => await (await Cluster.Value).CreateDatabaseAsync(database);

    /// <summary>A fresh database with the schema applied.</summary>
    public static async Task<string> CreateMigratedDatabaseAsync()
    {
        var connectionString = await CreateDatabaseAsync();
        await new SchemaMigrator(connectionString, NullLogger.Instance).MigrateAsync();
        return connectionString;
    }

    private static async Task<EmbeddedPostgresCluster> StartAsync()
    {
        Directory.CreateDirectory(RunDirectory);
        var cluster = await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions
        {
            DataDirectory = Path.Combine(RunDirectory, "postgres"),
            // A throwaway cluster: durability settings off for speed.
            ServerSettings = ["fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=1500"],
        }, NullLogger.Instance);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            cluster.StopAsync().GetAwaiter().GetResult();
            try { Directory.Delete(RunDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return cluster;
    }
}
