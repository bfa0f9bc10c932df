using Microsoft.Extensions.Diagnostics.HealthChecks;
using Events.Server.Email;
using Events.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Events.Server.Database;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class DatabaseSetup
{
    public const string ConnectionStringName = "Events";

    /// <summary>
    /// Uses ConnectionStrings:Events when given; otherwise starts the private cluster in Events:Database:DataDirectory
    /// and stops it again when the app shuts down.
    /// </summary>
    public static async Task AddEventsDatabaseAsync(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var options = builder.Configuration.GetSection("Events:Database").Get<EmbeddedPostgresOptions>() ?? new();
            options.DataDirectory = DataPaths.Resolve(builder.Configuration, "Events:Database:DataDirectory", "postgres");
            using var loggerFactory = LoggerFactory.Create(logging => logging.AddConsole());
            var cluster = await EmbeddedPostgresCluster.StartAsync(options, loggerFactory.CreateLogger<EmbeddedPostgresCluster>());
            connectionString = cluster.ConnectionString;
            builder.Configuration[$"ConnectionStrings:{ConnectionStringName}"] = connectionString;
            builder.Services.AddSingleton(cluster);
            builder.Services.AddHostedService<EmbeddedPostgresStopper>();
        }

        builder.Services.AddEventsData(connectionString);
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
    }

    /// <summary>
    /// The data layer on a database: one Npgsql data source, and a factory of short-lived EF Core contexts on it. Tests
    /// and benchmarks build their services with this too.
    /// </summary>
    public static IServiceCollection AddEventsData(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        services.AddSingleton<DatabaseConnections>();
        // The outbox signal watches commits, so that a mail enqueued in a transaction leaves as soon as it commits.
        services.AddSingleton<MailOutboxSignal>();
        services.AddSingleton<MailOutbox>();
        services.AddPooledDbContextFactory<EventsDbContext>((provider, options) => options
            .UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>())
            .AddInterceptors(provider.GetRequiredService<MailOutboxSignal>()));
        // Identity's stores and Data Protection's key ring take a context per request scope.
        services.AddScoped(provider => provider.GetRequiredService<IDbContextFactory<EventsDbContext>>().CreateDbContext());
        return services;
    }

    /// <summary>Brings the schema up to date before the app serves anything.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        var connectionString = app.Configuration.GetConnectionString(ConnectionStringName)!;
        var logger = app.Services.GetRequiredService<ILogger<SchemaMigrator>>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            if (await AppDatabaseRole.IsSuperuserAsync(connection))
                logger.LogWarning("The app connects to PostgreSQL as a superuser. Give it a role of its own that owns the database and is not a superuser (see the README's security section).");
        }
        await new SchemaMigrator(connectionString, logger).MigrateAsync();
        // Build EF's model once now rather than in the first visitor's request.
        await using var db = new EventsDbContext(new DbContextOptionsBuilder<EventsDbContext>().UseNpgsql(connectionString).Options);
        await db.Convenings.AsNoTracking().AnyAsync();
    }

    /// <summary>Stops the private cluster when the app stops normally (a killed app leaves it for the next start to reuse).</summary>
    private sealed class EmbeddedPostgresStopper(EmbeddedPostgresCluster cluster) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => cluster.StopAsync();
    }
}

public sealed class DatabaseHealthCheck(DatabaseConnections database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await using var connection = await database.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.");
        }
    }
}
