using Dapper;
using Events.Server.Database;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Events.Tests.Foundation;

/// <summary>EF Core migrations: a new database gets today's schema, concurrent start-ups migrate once, nothing runs twice.</summary>
public sealed class MigrationTests
{
    private static readonly string[] Migrations =
        ["20261130210121_InitialSchema", "20261130210122_SubmissionKeys", "20261130210123_QaAnonymity", "20261130210124_TwoFactor", "20261130210125_IdentityTables", "20261130224005_MailOutbox"];

    [Fact]
    public async Task Migrating_an_empty_database_applies_every_migration_once_and_a_second_run_is_a_no_op()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var migrator = new SchemaMigrator(connectionString, NullLogger.Instance);

        var first = await migrator.MigrateAsync();
        var schemaAfterFirst = await SchemaFingerprintAsync(connectionString);
        var second = await migrator.MigrateAsync();

        Assert.Equal(Migrations, first);
        Assert.Empty(second);
        Assert.Equal(schemaAfterFirst, await SchemaFingerprintAsync(connectionString));
        await using var connection = new NpgsqlConnection(connectionString);
        Assert.Equal(Migrations, await connection.QueryAsync<string>("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY 1"));
        // The rules the database enforces are part of the schema: the room-clash exclusion constraint, one highlight per event.
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM pg_constraint WHERE conname = 'side_events_no_room_clash' AND contype = 'x'"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM pg_indexes WHERE indexname = 'qa_questions_one_highlight'"));
    }

    [Fact]
    public async Task The_model_has_no_changes_without_a_migration_and_the_schema_scripts_are_numbered()
    {
        await using var db = new EventsDbContext(new DbContextOptionsBuilder<EventsDbContext>().UseNpgsql("Host=localhost").Options);
        Assert.False(db.Database.HasPendingModelChanges(), "The EF model differs from the last migration's snapshot: add a migration.");
        var ids = SchemaScripts.All;
        Assert.All(ids, id => Assert.Matches(@"^\d{4}_[a-z0-9_]+\.sql$", id));
        Assert.Equal(ids.Count, ids.Select(id => id[..4]).Distinct().Count());
        // Every script belongs to exactly one migration.
        Assert.Equal(ids, SchemaMigrator.MigrationScripts(db).SelectMany(m => m.Scripts));
    }

    [Fact]
    public async Task Concurrent_migrators_on_one_database_migrate_once()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var reports = await Task.WhenAll(Enumerable.Range(0, 6)
            .Select(_ => Task.Run(() => new SchemaMigrator(connectionString, NullLogger.Instance).MigrateAsync())));

        Assert.Single(reports, r => r.Count == Migrations.Length);
        Assert.Equal(5, reports.Count(r => r.Count == 0));
        await using var connection = new NpgsqlConnection(connectionString);
        Assert.Equal(Migrations.Length, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM \"__EFMigrationsHistory\""));
        Assert.Equal(195, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM states"));
    }

    [Fact]
    public async Task Two_app_instances_starting_together_on_an_empty_database_migrate_once()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var first = new EventsAppFactory(connectionString);
        await using var second = new EventsAppFactory(connectionString);

        // Creating the clients starts both hosts; each runs its start-up migration.
        var clients = await Task.WhenAll(Task.Run(first.CreateClient), Task.Run(second.CreateClient));
        foreach (var client in clients)
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        await using var connection = new NpgsqlConnection(connectionString);
        Assert.Equal(Migrations.Length, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM \"__EFMigrationsHistory\""));
        Assert.Equal(3, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM roles"));
    }

    [Fact]
    public async Task A_failing_migration_leaves_nothing_of_itself_behind()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await new SchemaMigrator(connectionString, NullLogger.Instance).MigrateAsync("20261130210124_TwoFactor");
        await using (var connection = new NpgsqlConnection(connectionString))
            // Something in the way of the last migration: its first table already exists.
            await connection.ExecuteAsync("CREATE TABLE user_claims (id int)");

        await Assert.ThrowsAsync<PostgresException>(() => new SchemaMigrator(connectionString, NullLogger.Instance).MigrateAsync());

        await using var check = new NpgsqlConnection(connectionString);
        Assert.Equal(4, await check.ExecuteScalarAsync<int>("SELECT count(*) FROM \"__EFMigrationsHistory\""));
        Assert.Equal(0, await check.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('user_logins', 'user_tokens', 'role_claims', 'data_protection_keys')"));
    }

    private static async Task<string> SchemaFingerprintAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var columns = await connection.QueryAsync<string>("""
            SELECT table_name || '.' || column_name || ':' || data_type FROM information_schema.columns
            WHERE table_schema = 'public' ORDER BY 1
            """);
        var counts = await connection.QueryAsync<string>("""
            SELECT 'states=' || (SELECT count(*) FROM states) || ' roles=' || (SELECT count(*) FROM roles) || ' entities=' || (SELECT count(*) FROM un_entities)
            """);
        return string.Join("\n", columns.Concat(counts));
    }
}
