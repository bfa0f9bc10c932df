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

    /// <summary>
    /// CPU time (user + system) spent so far by the server process and by the embedded PostgreSQL it started in
    /// <paramref name="dataDirectory"/> (the postmaster and its backends). On a shared machine, wall-clock figures swing
    /// with the other jobs; the CPU a piece of work costs swings far less, so the benches print it beside them.
    /// </summary>
    public static (TimeSpan Server, TimeSpan Database, int DatabaseProcesses) CpuTime(Process server, string dataDirectory)
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postgres", "postmaster.pid")).First());
        var database = TimeSpan.Zero;
        var processes = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ReadStat(pid) is { } stat && (pid == postmaster || stat.ParentPid == postmaster))
            {
                database += stat.Cpu;
                processes++;
            }
        return (ReadStat(server.Id)?.Cpu ?? TimeSpan.Zero, database, processes);
    }

    private static (int ParentPid, TimeSpan Cpu)? ReadStat(int pid)
    {
        try
        {
            // Fields after the command name (which may hold spaces, so split after its closing parenthesis):
            // state ppid ... utime (14th) stime (15th), in clock ticks (100 per second on Linux).
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
            return (int.Parse(fields[1]), TimeSpan.FromMilliseconds(ticks * 10));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return null; }
    }

    /// <summary>The 1, 5 and 15 minute load averages: the machine is shared, so every figure is printed with them.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

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

    // A public convening with `size` scheduled events: 10 rooms, 10 slots of 75 minutes a day from 08:00 New York time, as
    // many days as needed, every 50th event cancelled; multilingual titles with commas, a semicolon, a backslash, an emoji.
    public static async Task SeedConveningAsync(NpgsqlDataSource dataSource, string slug, int size)
    {
        var days = (size + 99) / 100;
        await using var command = dataSource.CreateCommand("""
            WITH c AS (
                INSERT INTO convenings (slug, name, kind, starts_on, ends_on, time_zone, visibility, changeover_minutes)
                VALUES ($1, 'Benchmark convening, ' || $2 || ' events', 'un_session', date '2027-03-08', date '2027-03-08' + $3 - 1, 'America/New_York', 'public', 0)
                RETURNING id
            ), v AS (
                INSERT INTO venues (convening_id, name, address)
                SELECT id, 'United Nations Headquarters', '405 East 42nd Street, New York, NY 10017' FROM c RETURNING id, convening_id
            )
            INSERT INTO rooms (convening_id, venue_id, name, capacity) SELECT v.convening_id, v.id, 'Room ' || r, 100 FROM v, generate_series(1, 10) r
            """);
        command.Parameters.AddWithValue(slug);
        command.Parameters.AddWithValue(size);
        command.Parameters.AddWithValue(days);
        await command.ExecuteNonQueryAsync();
        await using var events = dataSource.CreateCommand("""
            INSERT INTO side_events (convening_id, title, abstract_md, themes, proposing_organisation, status, status_reason, room_id, starts_at, ends_at, webcast_url, sequence)
            SELECT c.id,
                   (ARRAY['Ending violence against women human rights defenders online', 'تمكين المرأة الريفية في مواجهة تغير المناخ',
                          '妇女参与和平进程：经验与挑战', 'Financing for gender equality; budgets, taxes \ and debt — what works? 🎯'])[1 + n % 4] || ' (' || n || ')',
                   repeat('A side event bringing together **Member States**, UN entities and civil society to share evidence, with '
                          '[the report](https://example.org/report) and commitments ahead of the agreed conclusions; questions welcome.' || E'\n\n', 4),
                   ARRAY['Violence against women', 'Climate'], 'Women''s Rights Action Network',
                   CASE WHEN n % 50 = 0 THEN 'cancelled' ELSE 'scheduled' END,
                   CASE WHEN n % 50 = 0 THEN 'The speakers'' travel was disrupted.' END,
                   r.id,
                   (timestamp '2027-03-08 08:00' + make_interval(days => n / 100, mins => (n % 100) / 10 * 75)) AT TIME ZONE 'America/New_York',
                   (timestamp '2027-03-08 09:15' + make_interval(days => n / 100, mins => (n % 100) / 10 * 75)) AT TIME ZONE 'America/New_York',
                   'https://webtv.example.org/' || n, n % 3
            FROM convenings c
            CROSS JOIN generate_series(0, $2 - 1) n
            JOIN rooms r ON r.convening_id = c.id AND r.name = 'Room ' || (1 + n % 10)
            WHERE c.slug = $1
            """);
        events.Parameters.AddWithValue(slug);
        events.Parameters.AddWithValue(size);
        await events.ExecuteNonQueryAsync();
    }
}
