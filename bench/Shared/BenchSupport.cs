using System.Net;
using System.Net.Sockets;
using Npgsql;

/// <summary>What the benchmark programs share: the repository, a free port, and the database of a server they started.</summary>
static class BenchSupport
{
    public static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Events.sln"))) return dir.FullName;
        throw new InvalidOperationException("Events.sln not found");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The connection string of the embedded PostgreSQL a server started in <paramref name="dataDirectory"/>
    /// (its port from postmaster.pid, its password from the file beside the cluster).
    /// </summary>
    public static async Task<string> EmbeddedConnectionStringAsync(string dataDirectory, int maxPoolSize)
    {
        var pidLines = await File.ReadAllLinesAsync(Path.Combine(dataDirectory, "postgres", "postmaster.pid"));
        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = int.Parse(pidLines[3]), Username = "events", Database = "events", MaxPoolSize = maxPoolSize,
            Password = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "postgres.password"))).Trim(),
        }.ConnectionString;
    }

    /// <summary>The nearest-rank percentile of an ascending list (NaN when it is empty).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
