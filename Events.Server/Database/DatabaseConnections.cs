using Npgsql;

namespace Events.Server.Database;

/// <summary>Opens connections to the app's database; every feature's data access goes through it.</summary>
public sealed class DatabaseConnections(NpgsqlDataSource dataSource)
{
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    public NpgsqlDataSource DataSource => dataSource;
}
