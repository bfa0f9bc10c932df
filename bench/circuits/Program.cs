// Memory per Blazor Server circuit: N organisers' workspaces (/organise/{slug}) open at once.
//
//   dotnet run -c Release --project bench/circuits -- [--sizes 100,250,500] [--rounds 2] [--events 100] [--page /my/registrations] [--keep-dumps DIR]
//
// The bench starts Events.Server (Release build) on a free port with its own embedded PostgreSQL in a temporary
// folder, seeds a convening with proposals in every state and an organiser, and for every sample (each N, each round)
// starts a fresh server process on that data, logs in through the login form, opens and closes 20 circuits (warm-up),
// reads the server's memory (the same-run baseline), opens N interactive workspaces the way blazor.web.js does
// (CircuitClient) and reads it again. Each reading follows a full garbage collection (ServerMemory). It prints
// (memory with N open − baseline) / N, for the live managed objects and for the resident set.
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Events.Server.Accounts;
using Events.Server.Database;
using Events.Server.SideEvents;
using Events.Shared.Convenings;
using Events.Shared.SideEvents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Events.Tests.Infrastructure;

var sizes = ArgList("--sizes", [100, 250, 500]);
var rounds = Arg("--rounds", 3);
var eventCount = Arg("--events", 100);
var parallelOpen = Arg("--parallel", 8);
var keepDumps = Array.IndexOf(args, "--keep-dumps") is var k and >= 0 && k + 1 < args.Length ? Directory.CreateDirectory(args[k + 1]).FullName : null;
const string password = "bench passphrase 123";
const string slug = "bench-workspace";
// Another interactive page to compare with (e.g. /my/registrations, a short page): the workspace by default.
var pagePath = Array.IndexOf(args, "--page") is var pi and >= 0 && pi + 1 < args.Length ? args[pi + 1] : $"/organise/{slug}";

var root = BenchSupport.FindRoot();
var work = Directory.CreateTempSubdirectory("events-bench-");
var port = BenchSupport.FreePort();
var baseUrl = $"http://127.0.0.1:{port}";
Console.WriteLine($"Load average at start: {BenchSupport.LoadAverage()}");
var server = await BenchSupport.StartServerAsync(root, baseUrl, work.FullName);
try
{
    var connectionString = await BenchSupport.EmbeddedConnectionStringAsync(work.FullName, maxPoolSize: 10);
    // The app's own services on the bench database (not started), and the organiser seeded as the tests seed accounts.
    await SeedAsync(await AppServices.BuildAsync(connectionString, Path.Combine(work.FullName, "seeding")), eventCount);
    CookieContainer cookies = null!;

    var perCircuitRss = new Dictionary<int, List<double>>();
    var perCircuitManaged = new Dictionary<int, List<double>>();
    Console.WriteLine($"{"round",5} {"N",5} {"base RSS MB",12} {"RSS MB",9} {"base heap MB",13} {"heap MB",9} {"RSS KB/circuit",15} {"heap KB/circuit",16} {"open s",7}");
    for (var round = 1; round <= rounds; round++)
    {
        foreach (var n in sizes)
        {
            // Every sample in a fresh server process: closed circuits leave their render-tree arrays in the shared array
            // pool and the collector keeps the memory it grew, which would lower the next sample's figure.
            if (round > 1 || n != sizes[0])
            {
                await StopGracefullyAsync(server);
                server = await BenchSupport.StartServerAsync(root, baseUrl, work.FullName);
            }
            var memory = new ServerMemory(server.Id, keepDumps);
            cookies = await LogInAsync(baseUrl, "org@bench.example", password);
            // Warm-up: the first circuits JIT the code paths and fill the app's caches; they are closed as a browser does.
            await CloseAllAsync(await OpenAsync(20));
            if (round == 1 && n == sizes[0])
                Console.WriteLine($"      JS calls the server asked 20 circuits for: {(CircuitClient.JsCalls.IsEmpty ? "none" : string.Join(", ", CircuitClient.JsCalls.Select(c => $"{c.Key} ×{c.Value}")))}");

            var baseline = await memory.ReadAsync($"r{round}-base{n}");
            var sw = Stopwatch.StartNew();
            var circuits = await OpenAsync(n);
            var openSeconds = sw.Elapsed.TotalSeconds;
            var loaded = await memory.ReadAsync($"r{round}-open{n}");
            var rss = (loaded.RssBytes - baseline.RssBytes) / 1024.0 / n;
            var managed = (loaded.ManagedBytes - baseline.ManagedBytes) / 1024.0 / n;
            (perCircuitRss.TryGetValue(n, out var r) ? r : perCircuitRss[n] = []).Add(rss);
            (perCircuitManaged.TryGetValue(n, out var m) ? m : perCircuitManaged[n] = []).Add(managed);
            Console.WriteLine($"{round,5} {n,5} {baseline.RssMb,12:F1} {loaded.RssMb,9:F1} {baseline.ManagedMb,13:F1} {loaded.ManagedMb,9:F1} {rss,15:F0} {managed,16:F0} {openSeconds,7:F1}");
            await CloseAllAsync(circuits);
        }
    }

    Console.WriteLine();
    Console.WriteLine($"{pagePath}, convening of {eventCount} proposals; {Environment.ProcessorCount} cores; load average at the end: {BenchSupport.LoadAverage()}");
    Console.WriteLine($"{"N",5} {"samples",8} {"RSS KB/circuit (median, min–max)",34} {"managed KB/circuit (median, min–max)",38}");
    foreach (var n in sizes)
    {
        var rs = perCircuitRss[n].Order().ToList();
        var ms = perCircuitManaged[n].Order().ToList();
        Console.WriteLine($"{n,5} {rs.Count,8} {$"{Median(rs):F0} ({rs[0]:F0}–{rs[^1]:F0})",34} {$"{Median(ms):F0} ({ms[0]:F0}–{ms[^1]:F0})",38}");
    }
    return 0;

    async Task<List<CircuitClient>> OpenAsync(int n)
    {
        var clients = new CircuitClient[n];
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = parallelOpen }, async (i, _) =>
            clients[i] = await CircuitClient.OpenAsync(baseUrl, pagePath, cookies, batchesToWaitFor: pagePath.StartsWith("/organise/") ? 2 : 1));
        // A circuit counts once its page has rendered interactively: for the workspace's scheduler, its first batch and a
        // second (the convening read, and the render after OnAfterRender, come as one batch or two; the last is sent
        // long before the memory is read, which waits for a full collection).
        var failed = clients.Where(c => !c.Rendered).ToList();
        if (failed.Count > 0) throw new InvalidOperationException($"{failed.Count} of {n} circuits did not render: {failed[0].Failure}");
        return clients.ToList();
    }

    async Task CloseAllAsync(List<CircuitClient> circuits)
    {
        await Parallel.ForEachAsync(circuits, new ParallelOptions { MaxDegreeOfParallelism = parallelOpen }, async (c, _) => await c.CloseAsync());
        // The server disposes a circuit after the disconnect beacon on its own thread: let it finish before the next baseline.
        await Task.Delay(2000);
    }
}
finally
{
    await BenchSupport.StopServerAsync(server, work);
}

// An organiser and a convening of `events` proposals in every state a workspace shows: half waiting for review,
// a fifth scheduled in 10 rooms, the rest accepted, waitlisted or declined.
async Task<Guid> SeedAsync(IServiceProvider app, int events)
{
    var dbFactory = app.GetRequiredService<IDbContextFactory<EventsDbContext>>();
    var scope = app.CreateScope().ServiceProvider;
    var admin = scope.GetRequiredService<IConveningAdmin>();
    var workflow = scope.GetRequiredService<SideEventWorkflowService>();
    var organiser = (await dbFactory.AddAccountAsync("Organiser", "org@bench.example", password, Roles.Organiser)).Id;
    await admin.CreateAsync(organiser, new ConveningForm { Name = "Workspace bench", Slug = slug, StartsOn = new(2030, 3, 4), EndsOn = new(2030, 3, 15) });
    var rooms = new List<Guid>();
    for (var r = 1; r <= 10; r++)
        rooms.Add((await admin.AddRoomAsync(organiser, slug, new RoomForm { VenueName = "UN Headquarters", Name = $"Conference Room {r}", Capacity = 80 + 20 * r })).Id!.Value);
    for (var i = 0; i < events; i++)
    {
        var id = (await workflow.ProposeAsync(organiser, slug, new ProposalForm
        {
            Title = $"Women's economic empowerment in a changing world of work, side event {i + 1}",
            ProposingOrganisation = $"Women's Rights Action Network {i % 17}", Capacity = 80,
            AbstractMarkdown = "A side event bringing together **Member States**, UN entities and civil society to share evidence.",
        }, true)).Id!.Value;
        var kind = i % 10;
        if (kind < 5) continue; // submitted: waiting for review
        if (kind == 5) { await workflow.ReviewAsync(organiser, id, SideEventStatus.Waitlisted, null); continue; }
        if (kind == 6) { await workflow.ReviewAsync(organiser, id, SideEventStatus.Declined, "Out of scope."); continue; }
        await workflow.ReviewAsync(organiser, id, SideEventStatus.Accepted, null);
        if (kind == 7) continue; // accepted, to schedule
        var slot = i / 10;
        var result = await workflow.ScheduleAsync(organiser, new ScheduleForm
        {
            SideEventId = id, RoomId = rooms[(kind - 8) * 5 + slot % 5], Day = new DateOnly(2030, 3, 4).AddDays(slot / 5 % 12),
            Start = new TimeOnly(8, 0).AddMinutes(75 * (slot / 60 % 8)), End = new TimeOnly(9, 0).AddMinutes(75 * (slot / 60 % 8)),
        });
        if (!result.Succeeded) throw new InvalidOperationException($"scheduling failed: {result.Error}");
    }
    Console.WriteLine($"Seeded a convening of {events} proposals, 10 rooms, one organiser");
    return organiser;
}

static async Task<CookieContainer> LogInAsync(string baseUrl, string email, string password)
{
    var cookies = new CookieContainer();
    using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
    var document = new HtmlParser().ParseDocument(await http.GetStringAsync("/account/login"));
    var form = document.QuerySelectorAll("form").First(f => f.QuerySelector("input[name=_handler][value='login']") is not null);
    var response = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["_handler"] = "login", ["Input.Email"] = email, ["Input.Password"] = password,
        ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
    }));
    if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"login failed: {response.StatusCode}");
    return cookies;
}

// SIGTERM, so that the server stops its embedded PostgreSQL cleanly before the next server starts it again.
static async Task StopGracefullyAsync(Process server)
{
    using (var term = Process.Start("kill", ["-TERM", server.Id.ToString()])!) await term.WaitForExitAsync();
    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
    try { await server.WaitForExitAsync(timeout.Token); } catch (OperationCanceledException) { server.Kill(); }
}


static double Median(IReadOnlyList<double> sorted) => sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
}

int[] ArgList(string name, int[] fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1].Split(',').Select(int.Parse).ToArray() : fallback;
}
