// The public programme page of a 1,000-event convening: GET /c/{slug} against the Release server, timed and weighed.
//
//   dotnet build Events.Server -c Release && dotnet run -c Release --project bench/programme -- [--runs 200] [--warmup 20]
//       [--baseline DIR]   also start the server whose build output is in DIR (e.g. an older commit built with
//                          `dotnet build Events.Server -c Release -o DIR`), seeded the same way, and alternate the requests
//                          between the two so that both see the same machine load.
//
// Each server starts on a free port with its own embedded PostgreSQL in a temporary folder; BenchSupport.SeedConveningAsync
// adds the convening "bench-1000" (1,000 events, 10 rooms, 10 days). The bench prints, per server and address, the body
// size, the number of events on the page, and the median, 95th percentile and minimum of the full response time (the
// client is on the same machine, so this is the server's time plus a local transfer), with the load average.
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

var runs = IntOption("--runs", 200);
var warmup = IntOption("--warmup", 20);
var baselineDirectory = Option("--baseline");
var root = BenchSupport.FindRoot();
string[] paths = ["/c/bench-1000", "/c/bench-1000?view=calendar", "/c/bench-1000?day=all"];

var servers = new List<Server>();
try
{
    if (baselineDirectory is not null)
        servers.Add(await Server.StartAsync("baseline", Path.Combine(baselineDirectory, "Events.Server"), baselineDirectory, root));
    servers.Add(await Server.StartAsync("this build", Path.Combine(root, "Events.Server/bin/Release/net10.0/linux-x64/Events.Server"),
        Path.Combine(root, "Events.Server"), root));

    using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
    var samples = servers.ToDictionary(s => s, _ => paths.ToDictionary(p => p, _ => new List<double>()));
    var sizes = new Dictionary<(Server, string), (int Bytes, int Events)>();
    foreach (var server in servers)
        foreach (var path in paths)
        {
            var html = await http.GetStringAsync(server.BaseUrl + path);
            sizes[(server, path)] = (System.Text.Encoding.UTF8.GetByteCount(html), Regex.Count(html, "data-event-id=\""));
            for (var i = 0; i < warmup; i++) await http.GetByteArrayAsync(server.BaseUrl + path);
        }

    // Interleaved: one request to each server and address in turn, so that a busy moment of the machine hits all of them.
    for (var i = 0; i < runs; i++)
        foreach (var path in paths)
            foreach (var server in servers)
            {
                var watch = Stopwatch.StartNew();
                await http.GetByteArrayAsync(server.BaseUrl + path);
                samples[server][path].Add(watch.Elapsed.TotalMilliseconds);
            }

    Console.WriteLine($"Programme page of a 1,000-event convening, {runs} requests per line after {warmup} warm-up, .NET {Environment.Version}, " +
                      $"{Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}");
    Console.WriteLine($"{"server",-11} {"address",-28} {"bytes",10} {"events",7} {"median ms",10} {"p95 ms",8} {"min ms",8}");
    foreach (var path in paths)
        foreach (var server in servers)
        {
            var sorted = samples[server][path].Order().ToList();
            var (bytes, events) = sizes[(server, path)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{server.Name,-11} {path,-28} {bytes,10:N0} {events,7} {BenchSupport.Percentile(sorted, 0.5),10:F1} {BenchSupport.Percentile(sorted, 0.95),8:F1} {sorted[0],8:F1}"));
        }
}
finally
{
    foreach (var server in servers) server.Dispose();
}

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int IntOption(string name, int fallback) => int.TryParse(Option(name), out var value) && value > 0 ? value : fallback;

/// <summary>A Release server on a free port with its own embedded PostgreSQL, seeded with the 1,000-event convening.</summary>
sealed class Server : IDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _work;

    private Server(string name, Process process, DirectoryInfo work, string baseUrl) => (Name, _process, _work, BaseUrl) = (name, process, work, baseUrl);

    public string Name { get; }
    public string BaseUrl { get; }

    public static async Task<Server> StartAsync(string name, string executable, string contentRoot, string repositoryRoot)
    {
        if (!File.Exists(executable)) throw new FileNotFoundException($"No server build at {executable}: build it in Release first.");
        var work = Directory.CreateTempSubdirectory("events-bench-programme-");
        var baseUrl = $"http://127.0.0.1:{BenchSupport.FreePort()}";
        var process = Process.Start(new ProcessStartInfo(executable,
            ["--contentRoot", contentRoot, "--urls", baseUrl, $"--Events:PublicBaseUrl={baseUrl}", $"--Events:DataDirectory={work.FullName}",
             "--Logging:LogLevel:Default=Warning"])
        { RedirectStandardOutput = true, RedirectStandardError = true, Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Production" } })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new Server(name, process, work, baseUrl);
        try
        {
            using var probe = new HttpClient();
            for (var i = 0; ; i++)
            {
                try { if ((await probe.GetAsync(baseUrl + "/health")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
                if (process.HasExited || i > 240) throw new TimeoutException($"the {name} server did not start");
                await Task.Delay(500);
            }
            await using var dataSource = NpgsqlDataSource.Create(await BenchSupport.EmbeddedConnectionStringAsync(work.FullName, maxPoolSize: 2));
            await BenchSupport.SeedConveningAsync(dataSource, "bench-1000", 1000);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        // The server stops its embedded PostgreSQL when it shuts down; SIGTERM lets it do so.
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            if (!_process.WaitForExit(30_000)) _process.Kill(entireProcessTree: true);
        }
        try { _work.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
