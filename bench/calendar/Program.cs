// The programme feed of a 1,000-event convening, built in memory the way GET /c/{slug}/calendar.ics builds it:
// Markdown abstracts turned into text, then the RFC 5545 writer, then UTF-8 bytes and the SHA-256 ETag.
// With --url it also times GETs of a running server's feed, full and conditional (304).
// Usage: dotnet run -c Release --project bench/calendar [-- --events 1000 --runs 50 --url http://127.0.0.1:5199/c/csw71/calendar.ics]
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Events.Shared.Calendar;
using Events.Shared.Calendar;

var eventCount = IntOption("--events", 1000);
var runs = IntOption("--runs", 50);
var url = Option("--url");

var zone = "America/New_York";
var start = new DateTimeOffset(2027, 3, 8, 13, 0, 0, TimeSpan.Zero);
string[] titles =
[
    "Ending violence against women human rights defenders online",
    "تمكين المرأة الريفية في مواجهة تغير المناخ",
    "妇女参与和平进程：经验与挑战",
    "Financing for gender equality; budgets, taxes \\ and debt — what works? 🎯",
];
var abstractMarkdown = string.Join("\n\n", Enumerable.Repeat(
    "A side event bringing together **Member States**, UN entities and civil society to share evidence, with " +
    "[the report](https://example.org/report) and commitments ahead of the agreed conclusions; questions welcome.", 4));
var sources = Enumerable.Range(0, eventCount).Select(i => new
{
    Id = new Guid(i, 0, 0, new byte[8]),
    Title = $"{titles[i % titles.Length]} ({i + 1})",
    // 12 days, 8 rooms, 90-minute slots from 08:00 New York time: the shape of a CSW session.
    Start = start.AddDays(i / 80 % 12).AddHours(i % 10 * 1.5),
    Room = $"Conference Room {i % 8 + 1}",
    Cancelled = i % 50 == 0,
    Sequence = i % 3,
}).ToList();

List<CalendarEvent> BuildEvents() => sources.Select(s => new CalendarEvent
{
    Id = s.Id,
    Title = s.Title,
    StartsAtUtc = s.Start,
    EndsAtUtc = s.Start.AddMinutes(75),
    TimeZone = zone,
    Cancelled = s.Cancelled,
    CancellationReason = s.Cancelled ? "The speakers' travel was disrupted." : null,
    Sequence = s.Sequence,
    UpdatedAtUtc = new DateTimeOffset(2027, 2, 1, 12, 0, 0, TimeSpan.Zero),
    Abstract = CalendarText.FromMarkdown(abstractMarkdown),
    WebcastUrl = "https://webtv.example.org/csw71/" + s.Id.ToString("N")[..8],
    RoomName = s.Room,
    VenueName = "United Nations Headquarters",
    VenueAddress = "405 East 42nd Street, New York, NY 10017",
    Organiser = "Women's Rights Action Network",
    Themes = ["Violence against women", "Climate"],
    PageUrl = new Uri($"https://events.example.org/e/{s.Id:D}"),
}).ToList();

(byte[] Body, string ETag) Feed(List<CalendarEvent> events)
{
    var ics = IcsDocument.ForPublication("CSW71 side events", events, "no-reply@events.example.org", TimeSpan.FromHours(1));
    var body = Encoding.UTF8.GetBytes(ics);
    return (body, Convert.ToHexStringLower(SHA256.HashData(body))[..32]);
}

// Warm up (JIT, time-zone cache), then measure.
for (var i = 0; i < 5; i++) Feed(BuildEvents());
var whole = Measure(() => Feed(BuildEvents()).Body.Length);
var prepared = BuildEvents();
var writerOnly = Measure(() => Feed(prepared).Body.Length);
var bytes = Feed(prepared).Body.Length;

Console.WriteLine($"Calendar feed of {eventCount:N0} events, {runs} runs, .NET {Environment.Version}, {Environment.ProcessorCount} cores");
Console.WriteLine($"  size: {bytes:N0} bytes ({bytes / (double)eventCount:N0} bytes per event)");
Report("markdown + writer + UTF-8 + ETag", whole);
Report("writer + UTF-8 + ETag", writerOnly);

if (url is not null)
{
    using var http = new HttpClient();
    var first = await http.GetAsync(url);
    first.EnsureSuccessStatusCode();
    var etag = first.Headers.ETag;
    var size = (await first.Content.ReadAsByteArrayAsync()).Length;
    var full = await MeasureAsync(async () => (await http.GetByteArrayAsync(url)).Length);
    var conditional = await MeasureAsync(async () =>
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (etag is not null) request.Headers.IfNoneMatch.Add(etag);
        using var response = await http.SendAsync(request);
        return (int)response.StatusCode;
    });
    Console.WriteLine($"HTTP {url}: {size:N0} bytes");
    Report("GET", full);
    Report("GET If-None-Match (304)", conditional);
}

List<double> Measure(Func<int> work)
{
    var times = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var watch = Stopwatch.StartNew();
        work();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }
    return times;
}

async Task<List<double>> MeasureAsync(Func<Task<int>> work)
{
    var times = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var watch = Stopwatch.StartNew();
        await work();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }
    return times;
}

void Report(string what, List<double> times)
{
    var sorted = times.Order().ToList();
    double Percentile(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {what,-36} median {Percentile(0.5),8:F2} ms   p95 {Percentile(0.95),8:F2} ms   min {sorted[0],8:F2} ms"));
}

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int IntOption(string name, int fallback) => int.TryParse(Option(name), out var value) && value > 0 ? value : fallback;
