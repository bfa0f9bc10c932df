// Registration rush over HTTP against the real server: N people (default 1,000) press "Register" for an event with
// S seats (default 100) at the same moment. Prints throughput and latency percentiles, and checks the seat count.
//
//   dotnet run -c Release --project bench/registrations -- [--attempts 1000] [--seats 100] [--concurrency 200] [--warm-up 50]
//
// The bench starts Events.Server (Release build) on a free port with its own embedded PostgreSQL in a temporary
// folder, seeds a scheduled event and the accounts straight into the database, logs everyone in (not timed), lets
// --warm-up participants register for another event first (not timed; 0 for a cold server), then times only the rush of
// form posts to /e/{id}/register.
using System.Diagnostics;
using System.Net;
using AngleSharp.Html.Parser;
using Events.Server.Accounts;
using Events.Server.Database;
using Events.Server.SideEvents;
using Events.Shared.Convenings;
using Events.Shared.SideEvents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Events.Tests.Infrastructure;

var attempts = Arg("--attempts", 1000);
var seats = Arg("--seats", 100);
var concurrency = Arg("--concurrency", 200);
var warmUp = Arg("--warm-up", 50);
const string password = "bench passphrase 123";

Console.WriteLine($"load average at the start: {BenchSupport.LoadAverage()}");
var root = BenchSupport.FindRoot();
var work = Directory.CreateTempSubdirectory("events-bench-");
var port = BenchSupport.FreePort();
var baseUrl = $"http://127.0.0.1:{port}";
var server = await BenchSupport.StartServerAsync(root, baseUrl, work.FullName, "--Logging:LogLevel:Events.Server.Database=Information");
try
{
    var connectionString = await BenchSupport.EmbeddedConnectionStringAsync(work.FullName, maxPoolSize: 20);
    // The app's own services on the bench database (not started), and the accounts seeded as the tests seed them.
    var app = await AppServices.BuildAsync(connectionString, Path.Combine(work.FullName, "seeding"));
    var dbFactory = app.GetRequiredService<IDbContextFactory<EventsDbContext>>();
    var scope = app.CreateScope().ServiceProvider;
    var admin = scope.GetRequiredService<IConveningAdmin>();
    var workflow = scope.GetRequiredService<SideEventWorkflowService>();

    // Seed: an organiser, a convening with one room, a scheduled event with the given seats, and the participants.
    var organiser = (await dbFactory.AddAccountAsync("Organiser", "org@bench.example", password, Roles.Organiser)).Id;
    await dbFactory.AddAccountsAsync(attempts, "Participant", n => $"p{n}@bench.example", password);
    await admin.CreateAsync(organiser, new ConveningForm { Name = "Bench", Slug = "bench", StartsOn = new(2030, 3, 4), EndsOn = new(2030, 3, 8) });
    var room = (await admin.AddRoomAsync(organiser, "bench", new RoomForm { VenueName = "HQ", Name = "Room", Capacity = Math.Max(seats, 1) })).Id!.Value;
    var eventId = (await workflow.ProposeAsync(organiser, "bench", new ProposalForm { Title = "Rush", ProposingOrganisation = "Bench", Capacity = seats }, true)).Id!.Value;
    await workflow.ReviewAsync(organiser, eventId, SideEventStatus.Accepted, null);
    await workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = eventId, RoomId = room, Day = new(2030, 3, 5), Start = new(10, 0), End = new(11, 0) });
    // Another event of the convening, for the warm-up's registrations.
    var warmUpEventId = (await workflow.ProposeAsync(organiser, "bench", new ProposalForm { Title = "Warm-up", ProposingOrganisation = "Bench", Capacity = Math.Max(warmUp, 1) }, true)).Id!.Value;
    await workflow.ReviewAsync(organiser, warmUpEventId, SideEventStatus.Accepted, null);
    await workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = warmUpEventId, RoomId = room, Day = new(2030, 3, 6), Start = new(10, 0), End = new(11, 0) });

    // Log everyone in and fetch the event page's form token (not timed).
    Console.WriteLine($"Logging in {attempts} participants…");
    var clients = new Client[attempts];
    var setup = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(1, attempts), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, _) =>
        clients[n - 1] = await Client.LogInAsync(baseUrl, $"p{n}@bench.example", password, eventId));
    Console.WriteLine($"  done in {setup.Elapsed.TotalSeconds:F1} s");

    // A server is warm when a rush comes: people have registered for other events before. Without a warm-up the rush
    // is this server's first registrations, and its first batch pays for JIT, EF Core's query compilation and
    // Ical.Net's first calendar while everyone else waits behind the event's lock.
    if (warmUp > 0)
    {
        var warming = Stopwatch.StartNew();
        var warmUpRush = await RushAsync(clients.Take(Math.Min(warmUp, attempts)).ToArray(), warmUpEventId, inFlight: 10);
        if (warmUpRush.Failures > 0) throw new InvalidOperationException($"{warmUpRush.Failures} warm-up registrations failed");
        Console.WriteLine($"Warm-up: {warmUpRush.Samples.Length} registrations for another event, 10 in flight, in {warming.Elapsed.TotalSeconds:F1} s");
    }
    else Console.WriteLine("No warm-up (--warm-up 0): the rush is the server's first registrations (cold)");

    // The rush.
    Console.WriteLine($"load average at the rush: {BenchSupport.LoadAverage()}");
    var cpuBefore = BenchSupport.CpuTime(server, work.FullName);
    var rush = await RushAsync(clients, eventId, concurrency);
    var cpuAfter = BenchSupport.CpuTime(server, work.FullName);

    await using var check = await dbFactory.CreateDbContextAsync();
    var counts = await check.Registrations.Where(r => r.SideEventId == eventId).GroupBy(r => r.Status)
        .ToDictionaryAsync(g => g.Key, g => g.Count());
    Console.WriteLine($"Registration rush ({(warmUp > 0 ? $"warm, after {warmUp} registrations for another event" : "cold")}): {attempts} attempts for {seats} seats, {concurrency} in flight, {Environment.ProcessorCount} cores");
    rush.Print();
    // The CPU the rush cost, per registration: what the wall-clock figures would come to on two cores of its own.
    var (serverCpu, databaseCpu) = (cpuAfter.Server - cpuBefore.Server, cpuAfter.Database - cpuBefore.Database);
    Console.WriteLine($"  CPU         server {serverCpu.TotalMilliseconds / attempts:F2} ms + PostgreSQL {databaseCpu.TotalMilliseconds / attempts:F2} ms per registration"
        + $" ({serverCpu.TotalSeconds:F2} s + {databaseCpu.TotalSeconds:F2} s in all; the rush took {rush.Wall.TotalSeconds:F2} s of wall time on {Environment.ProcessorCount} cores)");
    Console.WriteLine($"  PostgreSQL  {cpuBefore.DatabaseProcesses} processes before the rush, {cpuAfter.DatabaseProcesses} after (a new connection is a new process)");
    Console.WriteLine($"  result      confirmed {counts.GetValueOrDefault("confirmed")}, waitlisted {counts.GetValueOrDefault("waitlisted")}, failed requests {rush.Failures}");
    var correct = counts.GetValueOrDefault("confirmed") == Math.Min(seats, attempts) && counts.Values.Sum() == attempts && rush.Failures == 0;
    Console.WriteLine(correct ? "  seat count exact: yes" : "  SEAT COUNT WRONG");
    Console.WriteLine($"load average at the end: {BenchSupport.LoadAverage()}");
    return correct ? 0 : 1;
}
finally
{
    await BenchSupport.StopServerAsync(server, work);
}

// Every participant posts the register form, at most `inFlight` at a time; each request's start, latency and whether
// its answer renewed the sign-in cookie (a security-stamp check) are kept for the report.
static async Task<Rush> RushAsync(Client[] clients, Guid eventId, int inFlight)
{
    var samples = new Sample[clients.Length];
    var started = 0;
    using var gate = new SemaphoreSlim(inFlight);
    var wall = Stopwatch.StartNew();
    await Task.WhenAll(clients.Select(async (client, i) =>
    {
        await gate.WaitAsync();
        try
        {
            var order = Interlocked.Increment(ref started) - 1;
            var start = wall.Elapsed.TotalMilliseconds;
            var (ok, renewed) = await client.RegisterAsync(eventId);
            samples[i] = new Sample(order, start, wall.Elapsed.TotalMilliseconds - start, ok, renewed, client.CookieAgeSeconds);
        }
        finally { gate.Release(); }
    }));
    return new Rush(samples, wall.Elapsed);
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
}



/// <summary>One participant's browser: a cookie jar, logged in, holding the event page's antiforgery token.</summary>
sealed class Client
{
    private readonly HttpClient _http;
    private string _token = "";
    private long _signedInAt;

    private Client(HttpClient http) => _http = http;

    public static async Task<Client> LogInAsync(string baseUrl, string email, string password, Guid eventId)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        var client = new Client(http);
        var loginToken = await client.FormTokenAsync("/account/login", "login");
        var response = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = loginToken, ["Input.Email"] = email, ["Input.Password"] = password,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"login failed for {email}: {response.StatusCode}");
        client._signedInAt = Stopwatch.GetTimestamp();
        client._token = await client.FormTokenAsync($"/e/{eventId}", null);
        return client;
    }

    /// <summary>Seconds since this participant signed in (the sign-in cookie's age).</summary>
    public double CookieAgeSeconds => Stopwatch.GetElapsedTime(_signedInAt).TotalSeconds;

    /// <summary>Posts the register form: whether it was answered with the outcome page, and whether the answer renewed the sign-in cookie.</summary>
    public async Task<(bool Ok, bool RenewedCookie)> RegisterAsync(Guid eventId)
    {
        using var response = await _http.PostAsync($"/e/{eventId}/register", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = _token }));
        return (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/register?outcome=") == true,
            response.Headers.Contains("Set-Cookie"));
    }

    private async Task<string> FormTokenAsync(string path, string? handler)
    {
        var html = await _http.GetStringAsync(path);
        var document = new HtmlParser().ParseDocument(html);
        var form = document.QuerySelectorAll("form").First(f => handler is null ? f.GetAttribute("action")?.EndsWith("/register") == true
            : f.QuerySelector($"input[name=_handler][value='{handler}']") is not null);
        return form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }
}

sealed record Sample(int Order, double StartMs, double LatencyMs, bool Ok, bool RenewedCookie, double CookieAgeSeconds);

/// <summary>One timed rush: its samples, and the figures that say where its tail is.</summary>
sealed record Rush(Sample[] Samples, TimeSpan Wall)
{
    public int Failures => Samples.Count(s => !s.Ok);

    public void Print()
    {
        var sorted = Samples.Select(s => s.LatencyMs).Order().ToArray();
        double P(double q) => BenchSupport.Percentile(sorted, q);
        Console.WriteLine($"  wall time   {Wall.TotalSeconds:F2} s");
        Console.WriteLine($"  throughput  {Samples.Length / Wall.TotalSeconds:F0} registrations/s");
        Console.WriteLine($"  latency ms  p50 {P(0.50):F0}  p90 {P(0.90):F0}  p95 {P(0.95):F0}  p99 {P(0.99):F0}  max {sorted[^1]:F0}  (n = {sorted.Length})");
        // By start order: is the tail the first wave (a cold path) or the last?
        Console.Write("  by start order (tenths), p50/max ms:");
        foreach (var tenth in Samples.OrderBy(s => s.Order).Chunk((Samples.Length + 9) / 10))
        {
            var l = tenth.Select(s => s.LatencyMs).Order().ToArray();
            Console.Write($"  {BenchSupport.Percentile(l, 0.5):F0}/{l[^1]:F0}");
        }
        Console.WriteLine();
        var bounds = new[] { 50, 100, 200, 300, 500, 750, 1000, 1500, 2000, double.MaxValue };
        Console.Write("  histogram ms:");
        var lower = 0.0;
        foreach (var upper in bounds)
        {
            var n = sorted.Count(l => l >= lower && l < upper);
            if (n > 0) Console.Write(upper == double.MaxValue ? $"  ≥{lower}: {n}" : $"  {lower}–{upper}: {n}");
            lower = upper;
        }
        Console.WriteLine();
        var renewed = Samples.Where(s => s.RenewedCookie).ToArray();
        if (renewed.Length > 0)
        {
            var l = renewed.Select(s => s.LatencyMs).Order().ToArray();
            Console.WriteLine($"  sign-in cookie renewed (security-stamp check) on {renewed.Length} requests: p50 {BenchSupport.Percentile(l, 0.5):F0} ms, max {l[^1]:F0} ms; cookie age {renewed.Min(s => s.CookieAgeSeconds):F0}–{renewed.Max(s => s.CookieAgeSeconds):F0} s");
        }
        else Console.WriteLine("  sign-in cookie renewed on no request");
    }
}
