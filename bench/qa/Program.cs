// Live Q&A fan-out. N concurrent hub clients (Node.js, @microsoft/signalr: tools/node/qa-bench-worker.mjs, spread over a
// few worker processes) join one side event's Q&A as code-holders; one question is asked; the bench prints how long it
// took to reach each of the N (p50, p95, p99, max) and the server's resident memory with the N connected. The same runs
// against a bare SignalR hub that only rebroadcasts (bench/qa/BaselineHub), as the baseline, and the table gives the ratio.
//
//   bench/qa/run.sh                                   (raises ulimit -n, builds Release, runs this)
//   bench/qa/run.sh --sizes 500,2000 --rounds 5 --workers 4
//   bench/qa/run.sh --sizes 5000 --rounds 10 --asks 200 --ask-interval-ms 500
//
// The bench starts Events.Server (Release build) on a free port with its own embedded PostgreSQL in a temporary folder,
// seeds one side event with its Q&A open to code-holders, and restarts both servers for every N so that each memory
// figure starts from a fresh process. Per N and server: one warm-up question, then --rounds questions (each from a
// different client), latencies pooled over the rounds. Then the acknowledgement phase: --asks questions (default 200),
// one every --ask-interval-ms (default 500), from --askers clients (default 100) in a worker of their own, each question
// fanned out to the N: the asker's acknowledgement p50/p95/p99 over them.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Events.Server.Database;
using Events.Server.SideEvents;
using Events.Shared.Convenings;
using Events.Shared.SideEvents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Events.Server.Accounts;
using Events.Server.QandA;
using Events.Tests.Infrastructure;

var sizes = (Arg("--sizes") ?? "500,1000,2000,5000").Split(',').Select(int.Parse).ToArray();
var rounds = int.Parse(Arg("--rounds") ?? "3");
var maxWorkers = int.Parse(Arg("--workers") ?? "4");
var asks = int.Parse(Arg("--asks") ?? "200");
var askIntervalMs = int.Parse(Arg("--ask-interval-ms") ?? "500");
// The askers of the acknowledgement phase: clients of their own worker, so that an acknowledgement is not read behind
// the fan-out to a thousand other clients of the same Node event loop (a phone hears only its own messages). Each asks
// at most every askers × interval (50 s by default), under the per-person limit of five questions a minute.
var askers = Math.Max(1, int.Parse(Arg("--askers") ?? "100"));
// Which servers to run (the ratios need both; one alone is quicker when looking into one of them).
var targets = (Arg("--targets") ?? "baseline,events").Split(',');
const string code = "BENCH2";

var root = BenchSupport.FindRoot();
var eventsExe = Path.Combine(root, "Events.Server/bin/Release/net10.0/linux-x64/Events.Server");
var baselineExe = Path.Combine(root, "bench/qa/BaselineHub/bin/Release/net10.0/linux-x64/BaselineHub");
foreach (var exe in new[] { eventsExe, baselineExe })
    if (!File.Exists(exe)) { Console.Error.WriteLine($"Missing {exe}: build it in Release first (bench/qa/run.sh does)."); return 2; }
var nodeDirectory = Path.Combine(root, "tools/node");
var work = Directory.CreateTempSubdirectory("events-qa-bench-");
Console.WriteLine($"Live Q&A fan-out: {Environment.ProcessorCount} cores, sizes {string.Join(", ", sizes)}, {rounds} rounds after a warm-up, up to {maxWorkers} Node workers, " +
    $"{asks} asks every {askIntervalMs} ms from {askers} more clients; load average {BenchSupport.LoadAverage()}");

var results = new List<Result>();
Guid eventId = default;
try
{
    foreach (var n in sizes)
    {
        foreach (var target in targets)
        {
            var port = BenchSupport.FreePort();
            var baseUrl = $"http://127.0.0.1:{port}";
            await using var server = target == "events"
                ? Server.Start(eventsExe, ["--contentRoot", Path.Combine(root, "Events.Server"), "--urls", baseUrl, $"--Events:PublicBaseUrl={baseUrl}", $"--Events:DataDirectory={work.FullName}",
                    "--Logging:LogLevel:Default=Warning",
                    // Every bench client comes from this machine's one address: lift the per-address limits on participant keys
                    // and questions (each client keeps its own limit of five questions a minute).
                    $"--Events:Qa:KeysPerAddressPerMinute={int.MaxValue}", $"--Events:Qa:QuestionsPerAddressPerMinute={int.MaxValue}"])
                : Server.Start(baselineExe, ["--urls", baseUrl, "--Logging:LogLevel:Default=Warning"]);
            await server.WaitHealthyAsync(baseUrl);
            if (target == "events" && eventId == default) eventId = await SeedAsync(work.FullName);

            var workerCount = Math.Clamp((n + 499) / 500, 1, maxWorkers);
            Console.Write($"  {target,-8} N={n,5}: connecting {n} clients over {workerCount} workers… ");
            var connectTime = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, workerCount)
                .Select(w => Worker.Start(nodeDirectory, baseUrl, target, n / workerCount + (w < n % workerCount ? 1 : 0), eventId, code)).ToList();
            var askerWorker = asks > 0 ? Worker.Start(nodeDirectory, baseUrl, target, askers, eventId, code) : null;
            var ready = await Task.WhenAll(workers.Select(w => w.ReadAsync("ready", TimeSpan.FromMinutes(5))));
            if (askerWorker is not null) await askerWorker.ReadAsync("ready", TimeSpan.FromMinutes(5));
            var connected = ready.Sum(r => r.GetProperty("connected").GetInt32());
            var failed = ready.Sum(r => r.GetProperty("failed").GetInt32());
            Console.WriteLine($"{connected} joined, {failed} failed, in {connectTime.Elapsed.TotalSeconds:F1} s");
            await Task.Delay(2000);
            var rssConnected = server.RssMegabytes();

            var loadBefore = BenchSupport.LoadAverage();
            var pooled = new List<double>();
            var acks = new List<double>();
            var missing = 0;
            for (var round = 0; round <= rounds; round++)
            {
                var asker = workers[round % workers.Count];
                await asker.SendAsync(new { cmd = "ask", round, client = round });
                var asked = await asker.ReadAsync("asked", TimeSpan.FromSeconds(30));
                if (!asked.GetProperty("ok").GetBoolean()) throw new InvalidOperationException($"Ask refused: {asked.GetProperty("error")}");
                foreach (var worker in workers) await worker.SendAsync(new { cmd = "collect", round, timeoutMs = 15000 });
                var collected = await Task.WhenAll(workers.Select(w => w.ReadAsync("latencies", TimeSpan.FromSeconds(60))));
                if (round == 0) continue; // warm-up
                pooled.AddRange(collected.SelectMany(c => c.GetProperty("values").EnumerateArray().Select(v => v.GetDouble())));
                missing += collected.Sum(c => c.GetProperty("missing").GetInt32());
                await Task.Delay(500);
            }

            // Acknowledgements: questions asked one every interval while the N are connected, each fanned out to all of
            // them, so that asks arrive while earlier fan-outs are still being sent. Not awaited one by one: the next ask
            // leaves on time whatever the last one's answer time was.
            var refused = 0;
            if (askerWorker is not null)
            {
                var schedule = Stopwatch.StartNew();
                for (var i = 0; i < asks; i++)
                {
                    var due = TimeSpan.FromMilliseconds(i * (double)askIntervalMs) - schedule.Elapsed;
                    if (due > TimeSpan.Zero) await Task.Delay(due);
                    await askerWorker.SendAsync(new { cmd = "ask", round = i, client = i % askers, tag = "ack" });
                }
                for (var i = 0; i < asks; i++)
                {
                    var asked = await askerWorker.ReadAsync("asked", TimeSpan.FromSeconds(60));
                    if (asked.GetProperty("ok").GetBoolean()) acks.Add(asked.GetProperty("ackMs").GetDouble());
                    else if (refused++ == 0) Console.Error.WriteLine($"Ask refused: {asked.GetProperty("error")}");
                }
            }
            var rssAfter = server.RssMegabytes();
            foreach (var worker in workers) await worker.DisposeAsync();
            if (askerWorker is not null) await askerWorker.DisposeAsync();

            pooled.Sort();
            acks.Sort();
            var result = new Result(target, n, connected, failed, P(pooled, 0.50), P(pooled, 0.95), P(pooled, 0.99), pooled.LastOrDefault(),
                missing, Math.Max(rssConnected, rssAfter), P(acks, 0.50), P(acks, 0.95), P(acks, 0.99), acks.Count, refused);
            results.Add(result);
            Console.WriteLine($"           delivery p50 {result.P50:F0} ms  p95 {result.P95:F0} ms  p99 {result.P99:F0} ms  max {result.Max:F0} ms  missing {missing}  RSS {result.RssMb:F0} MB");
            Console.WriteLine($"           ask ack p50 {result.AckP50:F0} ms  p95 {result.AckP95:F0} ms  p99 {result.AckP99:F0} ms  max {acks.LastOrDefault():F0} ms  (n = {acks.Count}, {refused} refused)  load average {loadBefore} → {BenchSupport.LoadAverage()}");
        }
    }
}
finally
{
    StopEmbeddedPostgres(Path.Combine(work.FullName, "postgres"));
    try { work.Delete(true); } catch (Exception) { }
}

Console.WriteLine();
Console.WriteLine($"Delivery latency of one question to all N clients ({rounds} questions pooled per row), server RSS with N connected, " +
    $"ask acknowledgement over {asks} asks (one every {askIntervalMs} ms, each fanned out to the N); {Environment.ProcessorCount} cores, load average at the end {BenchSupport.LoadAverage()}");
Console.WriteLine();
Console.WriteLine("| N | server | p50 ms | p95 ms | p99 ms | max ms | missed | RSS MB | ask ack p50 / p95 / p99 ms (n) | p99 / baseline | RSS / baseline |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var n in sizes)
{
    var baseline = results.FirstOrDefault(r => r.N == n && r.Target == "baseline");
    foreach (var r in results.Where(r => r.N == n))
    {
        var ratios = r.Target == "events" && baseline is not null
            ? $"{r.P99 / Math.Max(baseline.P99, 0.001):F2}× | {r.RssMb / baseline.RssMb:F2}×" : "– | –";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {n:N0} | {(r.Target == "events" ? "Events /hubs/qa" : "baseline hub")} | {r.P50:F0} | {r.P95:F0} | {r.P99:F0} | {r.Max:F0} | {r.Missing + r.Failed * rounds} | {r.RssMb:F0} | {(r.AckCount > 0 ? $"{r.AckP50:F0} / {r.AckP95:F0} / {r.AckP99:F0} ({r.AckCount})" : "–")} | {ratios} |"));
    }
}
var target2000 = results.FirstOrDefault(r => r.N == 2000 && r.Target == "events");
if (target2000 is not null)
    Console.WriteLine($"\nTarget (2,000 clients, p99 under 500 ms): {(target2000.P99 < 500 && target2000.Missing == 0 ? "met" : "NOT met")} (p99 {target2000.P99:F0} ms)");
var events5000 = results.FirstOrDefault(r => r.N == 5000 && r.Target == "events");
var baseline5000 = results.FirstOrDefault(r => r.N == 5000 && r.Target == "baseline");
if (events5000 is not null && baseline5000 is not null && events5000.AckCount > 0)
{
    var ackMet = events5000.AckCount >= 100 && events5000.AckP99 <= 100 && events5000.Refused == 0;
    var deliveryMet = events5000.P99 <= 1.1 * baseline5000.P99 && events5000.Missing == 0;
    Console.WriteLine($"\nTarget (5,000 clients, ask ack p99 ≤ 100 ms): {(ackMet ? "met" : "NOT met")} (p99 {events5000.AckP99:F0} ms over {events5000.AckCount} asks); " +
        $"delivery p99 within 1.1× the bare hub: {(deliveryMet ? "met" : "NOT met")} ({events5000.P99 / Math.Max(baseline5000.P99, 0.001):F2}×)");
}
return 0;

static double P(List<double> sorted, double q) => BenchSupport.Percentile(sorted, q);

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}



/// <summary>One side event, its Q&amp;A open and open to code-holders, straight into the server's own database.</summary>
static async Task<Guid> SeedAsync(string dataDirectory)
{
    var connectionString = await BenchSupport.EmbeddedConnectionStringAsync(dataDirectory, maxPoolSize: 5);
    // The app's own services on the bench database (not started), and the organiser seeded as the tests seed accounts.
    var app = await AppServices.BuildAsync(connectionString, Path.Combine(dataDirectory, "seeding"));
    var dbFactory = app.GetRequiredService<IDbContextFactory<EventsDbContext>>();
    var scope = app.CreateScope().ServiceProvider;
    var admin = scope.GetRequiredService<IConveningAdmin>();
    var workflow = scope.GetRequiredService<SideEventWorkflowService>();
    var organiser = (await dbFactory.AddAccountAsync("Organiser", "org@bench.example", roles: Roles.Organiser)).Id;
    await admin.CreateAsync(organiser, new ConveningForm { Name = "Bench", Slug = "qa-bench", StartsOn = new(2030, 3, 4), EndsOn = new(2030, 3, 8) });
    var eventId = (await workflow.ProposeAsync(organiser, "qa-bench", new ProposalForm { Title = "Fan-out", ProposingOrganisation = "Bench" }, true)).Id!.Value;
    await workflow.ReviewAsync(organiser, eventId, SideEventStatus.Accepted, null);
    await using (var db = await dbFactory.CreateDbContextAsync())
    {
        db.QaSessions.Add(new QaSession { SideEventId = eventId, IsOpen = true, CodeAccess = true, Code = "BENCH2", UpdatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }
    return eventId;
}

/// <summary>The Events server leaves its embedded PostgreSQL running when it is killed; stop it at the end.</summary>
static void StopEmbeddedPostgres(string dataDirectory)
{
    if (!Directory.Exists(dataDirectory)) return;
    var pgCtl = Path.Combine(Process.Start(new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true })!.StandardOutput.ReadToEnd().Trim(), "pg_ctl");
    var stop = Environment.UserName == "root"
        ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", pgCtl, "stop", "-m", "fast", "-D", dataDirectory])
        : new ProcessStartInfo(pgCtl, ["stop", "-m", "fast", "-D", dataDirectory]);
    stop.RedirectStandardOutput = stop.RedirectStandardError = true;
    Process.Start(stop)!.WaitForExit();
}

sealed record Result(string Target, int N, int Connected, int Failed, double P50, double P95, double P99, double Max, int Missing, double RssMb,
    double AckP50, double AckP95, double AckP99, int AckCount, int Refused);

/// <summary>A server under test: its process, health and resident memory.</summary>
sealed class Server : IAsyncDisposable
{
    private readonly Process _process;
    private Server(Process process) => _process = process;

    public static Server Start(string executable, string[] arguments)
    {
        var info = new ProcessStartInfo(executable, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line && (line.Contains("fail:") || line.Contains("crit:"))) Console.Error.WriteLine(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new Server(process);
    }

    public async Task WaitHealthyAsync(string baseUrl)
    {
        using var probe = new HttpClient();
        for (var i = 0; ; i++)
        {
            try { if ((await probe.GetAsync(baseUrl + "/health")).IsSuccessStatusCode) return; } catch (HttpRequestException) { }
            if (_process.HasExited || i > 240) throw new InvalidOperationException("The server did not start.");
            await Task.Delay(500);
        }
    }

    /// <summary>VmRSS from /proc/&lt;pid&gt;/status.</summary>
    public double RssMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:"));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }

    public async ValueTask DisposeAsync()
    {
        // SIGTERM, so that the Events server stops its PostgreSQL cleanly before the next one starts it again.
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await term.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try { await _process.WaitForExitAsync(timeout.Token); } catch (OperationCanceledException) { _process.Kill(); }
        _process.Dispose();
    }
}

/// <summary>One Node worker process with its clients, spoken to in JSON lines.</summary>
sealed class Worker : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly Process _process;
    private readonly Channel<JsonElement> _lines = Channel.CreateUnbounded<JsonElement>();

    private Worker(Process process) => _process = process;

    public static Worker Start(string nodeDirectory, string baseUrl, string target, int count, Guid eventId, string code)
    {
        var info = new ProcessStartInfo("node", ["--max-old-space-size=2048", "qa-bench-worker.mjs", "--url", baseUrl, "--target", target,
            "--count", count.ToString(), "--event", eventId.ToString(), "--code", code])
        {
            WorkingDirectory = nodeDirectory, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        var worker = new Worker(Process.Start(info)!);
        worker._process.OutputDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data)) worker._lines.Writer.TryWrite(JsonDocument.Parse(e.Data).RootElement.Clone());
        };
        worker._process.ErrorDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) Console.Error.WriteLine("worker: " + e.Data); };
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        return worker;
    }

    public async Task SendAsync(object command)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(command, Web));
        await _process.StandardInput.FlushAsync();
    }

    public async Task<JsonElement> ReadAsync(string type, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var line = await _lines.Reader.ReadAsync(cancel.Token);
            if (line.GetProperty("type").GetString() == type) return line;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await SendAsync(new { cmd = "stop" });
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception) { if (!_process.HasExited) _process.Kill(); }
        _process.Dispose();
    }
}
