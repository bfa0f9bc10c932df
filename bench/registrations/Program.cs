// Registration rush over HTTP against the real server: N people (default 1,000) press "Register" for an event with
// S seats (default 100) at the same moment. Prints throughput and latency percentiles, and checks the seat count.
//
//   dotnet run -c Release --project bench/registrations -- [--attempts 1000] [--seats 100] [--concurrency 200]
//
// The bench starts Events.Server (Release build) on a free port with its own embedded PostgreSQL in a temporary
// folder, seeds a scheduled event and the accounts straight into the database, logs everyone in (not timed), then times
// only the rush of form posts to /e/{id}/register.
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
const string password = "bench passphrase 123";

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

    // Log everyone in and fetch the event page's form token (not timed).
    Console.WriteLine($"Logging in {attempts} participants…");
    var clients = new Client[attempts];
    var setup = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(1, attempts), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, _) =>
        clients[n - 1] = await Client.LogInAsync(baseUrl, $"p{n}@bench.example", password, eventId));
    Console.WriteLine($"  done in {setup.Elapsed.TotalSeconds:F1} s");

    // The rush.
    var latencies = new double[attempts];
    var failures = 0;
    using var gate = new SemaphoreSlim(concurrency);
    var wall = Stopwatch.StartNew();
    await Task.WhenAll(clients.Select(async (client, i) =>
    {
        await gate.WaitAsync();
        try
        {
            var sw = Stopwatch.StartNew();
            var ok = await client.RegisterAsync(eventId);
            latencies[i] = sw.Elapsed.TotalMilliseconds;
            if (!ok) Interlocked.Increment(ref failures);
        }
        finally { gate.Release(); }
    }));
    wall.Stop();

    await using var check = await dbFactory.CreateDbContextAsync();
    var counts = await check.Registrations.Where(r => r.SideEventId == eventId).GroupBy(r => r.Status)
        .ToDictionaryAsync(g => g.Key, g => g.Count());
    Array.Sort(latencies);
    double P(double q) => BenchSupport.Percentile(latencies, q);
    Console.WriteLine($"Registration rush: {attempts} attempts for {seats} seats, {concurrency} in flight, {Environment.ProcessorCount} cores");
    Console.WriteLine($"  wall time   {wall.Elapsed.TotalSeconds:F2} s");
    Console.WriteLine($"  throughput  {attempts / wall.Elapsed.TotalSeconds:F0} registrations/s");
    Console.WriteLine($"  latency ms  p50 {P(0.50):F0}  p90 {P(0.90):F0}  p95 {P(0.95):F0}  p99 {P(0.99):F0}  max {latencies[^1]:F0}");
    Console.WriteLine($"  result      confirmed {counts.GetValueOrDefault("confirmed")}, waitlisted {counts.GetValueOrDefault("waitlisted")}, failed requests {failures}");
    var correct = counts.GetValueOrDefault("confirmed") == Math.Min(seats, attempts) && counts.Values.Sum() == attempts && failures == 0;
    Console.WriteLine(correct ? "  seat count exact: yes" : "  SEAT COUNT WRONG");
    return correct ? 0 : 1;
}
finally
{
    await BenchSupport.StopServerAsync(server, work);
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
        client._token = await client.FormTokenAsync($"/e/{eventId}", null);
        return client;
    }

    public async Task<bool> RegisterAsync(Guid eventId)
    {
        var response = await _http.PostAsync($"/e/{eventId}/register", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = _token }));
        return response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/register?outcome=") == true;
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
