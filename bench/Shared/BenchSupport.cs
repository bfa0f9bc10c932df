using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

// Every bench starts the Linux-only embedded PostgreSQL and the app, which declares Linux as its platform.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

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

    /// <summary>
    /// Starts the Release build of Events.Server at <paramref name="baseUrl"/> with its own embedded PostgreSQL in
    /// <paramref name="dataDirectory"/>, and waits until it answers /health.
    /// </summary>
    public static async Task<Process> StartServerAsync(string root, string baseUrl, string dataDirectory, params string[] extraArguments)
    {
        var server = Process.Start(new ProcessStartInfo(Path.Combine(root, "Events.Server/bin/Release/net10.0/linux-x64/Events.Server"),
            ["--contentRoot", Path.Combine(root, "Events.Server"), "--urls", baseUrl, $"--Events:PublicBaseUrl={baseUrl}", $"--Events:DataDirectory={dataDirectory}",
             "--Logging:LogLevel:Default=Warning", .. extraArguments])
        { RedirectStandardOutput = true, RedirectStandardError = true, Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Production" } })!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        using var probe = new HttpClient();
        for (var i = 0; ; i++)
        {
            try { if ((await probe.GetAsync(baseUrl + "/health")).IsSuccessStatusCode) return server; } catch (HttpRequestException) { }
            if (i > 240) throw new TimeoutException("server did not start");
            await Task.Delay(500);
        }
    }

    /// <summary>Stops the server and the PostgreSQL it left running (as designed for a killed server), and removes the folder.</summary>
    public static async Task StopServerAsync(Process server, DirectoryInfo work)
    {
        server.Kill();
        await server.WaitForExitAsync();
        var pgCtl = Path.Combine(Process.Start(new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true })!.StandardOutput.ReadToEnd().Trim(), "pg_ctl");
        var stop = Environment.UserName == "root"
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", pgCtl, "stop", "-m", "immediate", "-D", Path.Combine(work.FullName, "postgres")])
            : new ProcessStartInfo(pgCtl, ["stop", "-m", "immediate", "-D", Path.Combine(work.FullName, "postgres")]);
        stop.RedirectStandardOutput = stop.RedirectStandardError = true;
        Process.Start(stop)!.WaitForExit();
        try { work.Delete(true); } catch (Exception) { }
    }
}
