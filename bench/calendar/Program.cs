// The programme feed of a 1,000- and a 5,000-event convening over HTTP against the Release server: the cold build
// (the first GET after a change, which reads the database and builds the calendar with Ical.Net), the warm GET (from
// the cache) and the conditional GET answered 304; and, in this process, Ical.Net alone building the same calendar.
//
//   dotnet build Events.Server -c Release && dotnet run -c Release --project bench/calendar [-- --sizes 1000,5000 --runs 200 --cold 10]
//
// The bench starts Events.Server (Release build) on a free port with its own embedded PostgreSQL in a temporary folder
// and seeds each convening straight into the database. A baseline in the same run, GET of a small static file, shows
// what any request costs on the machine at that moment; the load average is printed with the figures.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Events.Server.Calendar;
using Events.Shared.Calendar;
using Npgsql;

var sizes = (Option("--sizes") ?? "1000,5000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var runs = IntOption("--runs", 200);
var coldRuns = IntOption("--cold", 10);

var root = BenchSupport.FindRoot();
var work = Directory.CreateTempSubdirectory("events-bench-");
var port = BenchSupport.FreePort();
var baseUrl = $"http://127.0.0.1:{port}";
var server = await BenchSupport.StartServerAsync(root, baseUrl, work.FullName);
try
{
    using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = new Uri(baseUrl) };
    var connectionString = await BenchSupport.EmbeddedConnectionStringAsync(work.FullName, maxPoolSize: 5);
    await using var dataSource = NpgsqlDataSource.Create(connectionString);

    Console.WriteLine($"Calendar feeds over HTTP, Release server, .NET {Environment.Version}, {Environment.ProcessorCount} cores; load average {BenchSupport.LoadAverage()}");
    Console.WriteLine($"  {runs} warm GETs and {runs} conditional GETs per size, {coldRuns} cold builds (each after a change to one event)");
    var baseline = await MeasureAsync(runs, async () => (await http.GetByteArrayAsync("/_content/Events.Client/app.css")).Length);
    Report("baseline: GET app.css (a static file)", baseline);

    foreach (var size in sizes)
    {
        var slug = $"bench-{size}";
        await BenchSupport.SeedConveningAsync(dataSource, slug, size);
        var path = $"/c/{slug}/calendar.ics";
        var first = await http.GetAsync(path);
        first.EnsureSuccessStatusCode();
        var body = await first.Content.ReadAsByteArrayAsync();
        Console.WriteLine($"{size:N0} events: {body.Length:N0} bytes ({body.Length / size:N0} per event)");

        // Cold: a change to one event drops the feed; the first GET that sees the new ETag built it.
        var anyEvent = await FirstEventAsync(dataSource, slug);
        var etag = first.Headers.ETag!;
        var cold = new List<double>();
        for (var i = 0; i < coldRuns; i++)
        {
            await using (var touch = dataSource.CreateCommand("UPDATE side_events SET abstract_md = abstract_md || '.' WHERE id = $1"))
            {
                touch.Parameters.AddWithValue(anyEvent);
                await touch.ExecuteNonQueryAsync();
            }
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.IfNoneMatch.Add(etag);
                var watch = Stopwatch.StartNew();
                using var response = await http.SendAsync(request);
                var bytes = await response.Content.ReadAsByteArrayAsync();
                var elapsed = watch.Elapsed.TotalMilliseconds;
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    cold.Add(elapsed);
                    etag = response.Headers.ETag!;
                    break;
                }
                // 304: the server has not heard of the change yet (it comes by NOTIFY).
                if (deadline.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("the change never reached the feed");
                await Task.Delay(1);
            }
        }
        Report("cold build: first GET after a change", cold);

        var warm = await MeasureAsync(runs, async () => (await http.GetByteArrayAsync(path)).Length);
        Report("warm GET (cached)", warm);
        var notModified = await MeasureAsync(runs, async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.IfNoneMatch.Add(etag);
            using var response = await http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.NotModified) throw new InvalidOperationException($"expected 304, got {(int)response.StatusCode}");
            return 0;
        });
        Report("GET If-None-Match (304)", notModified);

        // Ical.Net alone, in this process, on the events as the server read them (parsed back from the feed).
        var events = ParseEvents(body, baseUrl);
        for (var i = 0; i < 3; i++) CalendarDocuments.ForPublication(slug, events, "no-reply@events.example.org", CalendarFeeds.SubscriptionRefresh);
        var inMemory = Measure(Math.Max(5, coldRuns), () => CalendarDocuments.ForPublication(slug, events, "no-reply@events.example.org", CalendarFeeds.SubscriptionRefresh).Length);
        Report("Ical.Net build in memory (no HTTP, no DB)", inMemory);
    }
    Console.WriteLine($"load average at the end: {BenchSupport.LoadAverage()}");
    return 0;
}
finally
{
    await BenchSupport.StopServerAsync(server, work);
}

static async Task<Guid> FirstEventAsync(NpgsqlDataSource dataSource, string slug)
{
    await using var command = dataSource.CreateCommand("SELECT e.id FROM side_events e JOIN convenings c ON c.id = e.convening_id WHERE c.slug = $1 ORDER BY e.starts_at LIMIT 1");
    command.Parameters.AddWithValue(slug);
    return (Guid)(await command.ExecuteScalarAsync())!;
}

// The served calendar read back with Ical.Net, as the writer's input: the same texts, times and zone.
static List<Events.Shared.Calendar.CalendarEvent> ParseEvents(byte[] body, string baseUrl)
{
    var calendar = Ical.Net.Calendar.Load(System.Text.Encoding.UTF8.GetString(body))!;
    return calendar.Events.Select(e => new Events.Shared.Calendar.CalendarEvent
    {
        Id = Guid.Parse(e.Uid!.Split('@')[0]),
        Title = e.Summary ?? "",
        StartsAtUtc = new DateTimeOffset(e.DtStart!.AsUtc, TimeSpan.Zero),
        EndsAtUtc = new DateTimeOffset(e.DtEnd!.AsUtc, TimeSpan.Zero),
        TimeZone = "America/New_York",
        Cancelled = e.Status == "CANCELLED",
        Sequence = e.Sequence,
        UpdatedAtUtc = new DateTimeOffset(e.DtStamp!.AsUtc, TimeSpan.Zero),
        Abstract = e.Description,
        Organiser = "Women's Rights Action Network",
        RoomName = e.Location,
        Themes = e.Categories.ToList(),
        PageUrl = new Uri($"{baseUrl}/e/{e.Uid.Split('@')[0]}"),
    }).ToList();
}

static List<double> Measure(int count, Func<int> work)
{
    var times = new List<double>();
    for (var i = 0; i < count; i++)
    {
        var watch = Stopwatch.StartNew();
        work();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }
    return times;
}

static async Task<List<double>> MeasureAsync(int count, Func<Task<int>> work)
{
    for (var i = 0; i < 5; i++) await work(); // warm the connection and the path
    var times = new List<double>();
    for (var i = 0; i < count; i++)
    {
        var watch = Stopwatch.StartNew();
        await work();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }
    return times;
}

// p95 only with enough samples for it (20 or more); otherwise the largest.
static void Report(string what, List<double> times)
{
    var sorted = times.Order().ToList();
    var tail = sorted.Count >= 20 ? $"p95 {BenchSupport.Percentile(sorted, 0.95),8:F2}" : $"max {sorted[^1],8:F2}";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {what,-44} n {sorted.Count,4}   median {BenchSupport.Percentile(sorted, 0.5),8:F2} ms   {tail} ms   min {sorted[0],8:F2} ms"));
}

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int IntOption(string name, int fallback) => int.TryParse(Option(name), out var value) && value > 0 ? value : fallback;
