using Dapper;
using Events.Server.Database;
using Events.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Events.Tests.Foundation;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrating_an_empty_database_applies_every_script_once_and_a_second_run_is_a_no_op()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var migrator = new DatabaseMigrator(connectionString, NullLogger.Instance);
        var scripts = MigrationScript.Embedded();

        var first = await migrator.MigrateAsync();
        var schemaAfterFirst = await SchemaFingerprintAsync(connectionString);
        var second = await migrator.MigrateAsync();

        Assert.Equal(scripts.Select(s => s.Id), first.Applied);
        Assert.Empty(second.Applied);
        Assert.Equal(scripts.Count, second.AlreadyApplied);
        Assert.Equal(schemaAfterFirst, await SchemaFingerprintAsync(connectionString));
        await using var connection = new NpgsqlConnection(connectionString);
        var recorded = (await connection.QueryAsync<(string Id, string Checksum)>("SELECT id, checksum FROM schema_migrations ORDER BY id")).ToList();
        Assert.Equal(scripts.Select(s => (s.Id, s.Checksum)), recorded);
    }

    [Fact]
    public async Task Migration_scripts_are_ordered_and_named_by_number()
    {
        var ids = MigrationScript.Embedded().Select(s => s.Id).ToList();
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.Matches(@"^\d{4}_[a-z0-9_]+\.sql$", id));
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(ids.Count, ids.Select(id => id[..4]).Distinct().Count());
    }

    [Fact]
    public async Task Concurrent_migrators_on_one_database_migrate_once()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var reports = await Task.WhenAll(Enumerable.Range(0, 6)
            .Select(_ => Task.Run(() => new DatabaseMigrator(connectionString, NullLogger.Instance).MigrateAsync())));

        var scripts = MigrationScript.Embedded();
        Assert.Single(reports, r => r.Applied.Count == scripts.Count);
        Assert.Equal(5, reports.Count(r => r.Applied.Count == 0));
        await using var connection = new NpgsqlConnection(connectionString);
        Assert.Equal(scripts.Count, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
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
        Assert.Equal(MigrationScript.Embedded().Count, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(3, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM roles"));
    }

    [Fact]
    public async Task A_script_changed_after_it_was_applied_stops_start_up_with_a_clear_message()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var migrator = new DatabaseMigrator(connectionString, NullLogger.Instance);
        var scripts = MigrationScript.Embedded();
        await migrator.MigrateAsync(scripts);

        var tampered = scripts.Select((s, i) => i == 0 ? new MigrationScript(s.Id, s.Sql + "\n-- edited later\n") : s).ToList();
        var error = await Assert.ThrowsAsync<MigrationChecksumMismatchException>(() => migrator.MigrateAsync(tampered));

        Assert.Contains(scripts[0].Id, error.Message);
        Assert.Contains("changed after it was applied", error.Message);
    }

    [Fact]
    public async Task A_failing_script_leaves_nothing_behind()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var migrator = new DatabaseMigrator(connectionString, NullLogger.Instance);
        var broken = MigrationScript.Embedded().Append(new MigrationScript("9999_broken.sql", "CREATE TABLE half_done (id int); SELECT no_such_function();")).ToList();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync(broken));

        Assert.Contains("9999_broken.sql", error.Message);
        await using var connection = new NpgsqlConnection(connectionString);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('half_done', 'users', 'schema_migrations')"));
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
