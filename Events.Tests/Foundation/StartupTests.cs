using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Events.Server.Database;
using Events.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Events.Tests.Foundation;

/// <summary>The server as run.sh runs it: its own PostgreSQL when no connection string is configured.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task Without_a_connection_string_the_server_starts_its_own_PostgreSQL_reuses_it_after_a_kill_and_stops_it_on_shutdown()
    {
        var dataDirectory = Path.Combine(TestPostgres.RunDirectory, "embedded-" + Guid.NewGuid().ToString("N")[..8]);
        string[] arguments = ["--seed-demo", $"--Events:DataDirectory={dataDirectory}", "--Events:Admin:Email=admin@example.org", "--Events:Admin:Password=correct horse battery staple"];
        using var http = new HttpClient();

        var first = await ServerProcess.StartAsync(arguments);
        var home = await http.GetStringAsync(first.BaseUrl + "/");
        Assert.Contains("Commission on the Status of Women", home);
        Assert.Contains("Financing gender equality", home);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(first.BaseUrl + "/_framework/blazor.web.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(first.BaseUrl + "/_content/MudBlazor/MudBlazor.min.css")).StatusCode);
        var health = await http.GetAsync(first.BaseUrl + "/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("Healthy", await health.Content.ReadAsStringAsync());
        var pidFile = Path.Combine(dataDirectory, "postgres", "postmaster.pid");
        Assert.True(File.Exists(pidFile));

        // Killed without shutdown: PostgreSQL keeps running and the next start reuses it; data survives; seeding twice adds nothing.
        await first.KillAsync();
        var second = await ServerProcess.StartAsync(arguments);
        Assert.Contains("Reusing the PostgreSQL cluster", second.Output);
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = int.Parse(File.ReadAllLines(pidFile)[3]), Username = "events", Database = "events",
            Password = File.ReadAllText(Path.Combine(dataDirectory, "postgres.password")).Trim(), Pooling = false,
        }.ConnectionString;
        await using (var db = new NpgsqlConnection(connectionString))
        {
            Assert.Equal(2, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM convenings"));
            Assert.Equal(1, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM users"));
        }

        // A normal shutdown stops the cluster; a fresh start brings it back with the data.
        await second.StopAsync();
        Assert.Contains("Stopped the embedded PostgreSQL cluster", second.Output);
        Assert.False(File.Exists(pidFile));
        await using var third = await ServerProcess.StartAsync(arguments);
        Assert.Contains("Started the embedded PostgreSQL cluster", third.Output);
        Assert.Contains("Commission on the Status of Women", await http.GetStringAsync(third.BaseUrl + "/"));
    }

    [Fact]
    public async Task Missing_PostgreSQL_programs_are_reported_in_one_line_with_the_install_command()
    {
        var empty = Directory.CreateTempSubdirectory("no-postgres-");
        var error = await Assert.ThrowsAsync<PostgresNotInstalledException>(() => EmbeddedPostgresCluster.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = Path.Combine(empty.FullName, "pg"), BinDirectory = empty.FullName }, NullLogger.Instance));
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("apt-get install -y postgresql", error.Message);
    }

    [Fact]
    public async Task With_a_connection_string_the_server_uses_that_database_and_starts_no_cluster()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var dataDirectory = Path.Combine(TestPostgres.RunDirectory, "external-" + Guid.NewGuid().ToString("N")[..8]);
        await using var server = await ServerProcess.StartAsync([$"--ConnectionStrings:Events={connectionString}", $"--Events:DataDirectory={dataDirectory}"]);

        Assert.DoesNotContain("embedded PostgreSQL", server.Output);
        Assert.False(Directory.Exists(Path.Combine(dataDirectory, "postgres")));
        await using var db = new NpgsqlConnection(connectionString);
        Assert.Equal(TestPostgres.MigrationCount, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM \"__EFMigrationsHistory\""));
    }

    [Fact]
    public async Task Health_is_503_when_the_database_does_not_answer()
    {
        await using var factory = await EventsAppFactory.CreateAsync();
        using var client = factory.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
        {
            // Point the app's connections at a port where nothing listens, after start-up has migrated.
            services.AddSingleton(NpgsqlDataSource.Create($"Host=127.0.0.1;Port={ServerProcess.FreePort()};Username=x;Password=y;Timeout=2"));
        })).CreateClient();

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Unhealthy", await response.Content.ReadAsStringAsync());
    }
}
