using Microsoft.Extensions.Diagnostics.HealthChecks;
using Events.Server.Email;
using Events.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Events.Server.Database.SqlServer;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Events.Server.Database;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class DatabaseSetup
{
    public const string ConnectionStringName = "Events";

    /// <summary>
    /// The database named by Events:Database:Provider (PostgreSQL by default, or SQL Server) at ConnectionStrings:Events.
    /// For PostgreSQL without a connection string, starts the private cluster in Events:Database:DataDirectory and stops
    /// it again when the app shuts down; SQL Server needs a connection string (start-up says so).
    /// </summary>
    public static async Task AddEventsDatabaseAsync(this WebApplicationBuilder builder)
    {
        // Checked now, not only at start: the choice decides what is started before the app is built.
        var database = DatabaseOptions.From(builder.Configuration);
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => options.ConnectionString = configuration.GetConnectionString(ConnectionStringName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptions.Validator>();
        var connectionString = database.ConnectionString;
        if (database.ParsedProvider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(connectionString))
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

        builder.Services.AddEventsData(connectionString!, database.ParsedProvider);
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
    }

    /// <summary>
    /// The data layer on a database: a factory of short-lived EF Core contexts (on PostgreSQL over one Npgsql data
    /// source, which the Q&amp;A access watcher also listens on). Tests and benchmarks build their services with this too.
    /// </summary>
    public static IServiceCollection AddEventsData(this IServiceCollection services, string connectionString, DatabaseProvider provider = DatabaseProvider.PostgreSql)
    {
        // The outbox signal watches commits, so that a mail enqueued in a transaction leaves as soon as it commits.
        services.AddSingleton<MailOutboxSignal>();
        services.AddSingleton<MailOutbox>();
        if (provider == DatabaseProvider.SqlServer)
        {
            services.AddPooledDbContextFactory<SqlServerEventsDbContext>((provider, options) => options
                .UseSqlServer(connectionString)
                .AddInterceptors(provider.GetRequiredService<MailOutboxSignal>()));
            services.AddSingleton<IDbContextFactory<EventsDbContext>, SqlServerContextFactory>();
        }
        else
        {
            services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
            services.AddSingleton<DatabaseConnections>();
            services.AddPooledDbContextFactory<EventsDbContext>((provider, options) => options
                .UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>())
                .AddInterceptors(provider.GetRequiredService<MailOutboxSignal>()));
        }
        // Identity's stores and Data Protection's key ring take a context per request scope.
        services.AddScoped(provider => provider.GetRequiredService<IDbContextFactory<EventsDbContext>>().CreateDbContext());
        return services;
    }

    /// <summary>A context on this connection for migrating and checking (outside dependency injection).</summary>
    public static EventsDbContext NewContext(DatabaseProvider provider, string connectionString) => provider == DatabaseProvider.SqlServer
        ? new SqlServerEventsDbContext(new DbContextOptionsBuilder<SqlServerEventsDbContext>().UseSqlServer(connectionString).Options)
        : new EventsDbContext(new DbContextOptionsBuilder<EventsDbContext>().UseNpgsql(connectionString).Options);

    /// <summary>Brings the schema up to date before the app serves anything.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        var database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var provider = database.ParsedProvider;
        var connectionString = app.Configuration.GetConnectionString(ConnectionStringName)!;
        var logger = app.Services.GetRequiredService<ILogger<SchemaMigrator>>();
        if (provider == DatabaseProvider.PostgreSql)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            if (await AppDatabaseRole.IsSuperuserAsync(connection))
                logger.LogWarning("The app connects to PostgreSQL as a superuser. Give it a role of its own that owns the database and is not a superuser (see the README's security section).");
        }
        await new SchemaMigrator(connectionString, logger, provider).MigrateAsync();
        // Build EF's model once now rather than in the first visitor's request.
        await using var db = NewContext(provider, connectionString);
        await db.Convenings.AsNoTracking().AnyAsync();
    }

    /// <summary>Stops the private cluster when the app stops normally (a killed app leaves it for the next start to reuse).</summary>
    private sealed class EmbeddedPostgresStopper(EmbeddedPostgresCluster cluster) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => cluster.StopAsync();
    }
}

public sealed class DatabaseHealthCheck(IDbContextFactory<EventsDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await using var db = await dbFactory.CreateDbContextAsync(timeout.Token);
            await db.Database.ExecuteSqlRawAsync("SELECT 1", timeout.Token);
            return HealthCheckResult.Healthy("The database answers.");
        }
        catch (Exception e) when (e is System.Data.Common.DbException or OperationCanceledException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.");
        }
    }
}

/// <summary>Hands out SQL Server contexts where services ask for <see cref="EventsDbContext"/>.</summary>
internal sealed class SqlServerContextFactory(IDbContextFactory<SqlServerEventsDbContext> inner) : IDbContextFactory<EventsDbContext>
{
    public EventsDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<EventsDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => await inner.CreateDbContextAsync(cancellationToken);
}
