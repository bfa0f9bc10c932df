using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Events.Server.Calendar;
using Events.Shared.Calendar;
using Events.Tests.Infrastructure;

namespace Events.Tests.Calendar;

/// <summary>
/// Parses iCalendar text with Mozilla's ical.js under Node.js (tools/node/parse-ics.mjs): an independent parser, so
/// the tests check what a real calendar implementation understands, not what our own code believes it wrote.
/// </summary>
public static class IcsJs
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static async Task<ParsedCalendar> ParseAsync(string ics)
    {
        var toolDirectory = Path.Combine(ServerProcess.RepositoryRoot, "tools", "node");
        if (!Directory.Exists(Path.Combine(toolDirectory, "node_modules", "ical.js")))
            throw new InvalidOperationException($"ical.js is not installed: run `npm ci` in {toolDirectory} (./test.sh does).");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = toolDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("parse-ics.mjs");
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node could not be started (is Node.js on PATH?)");
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        // The exact bytes a client would receive: UTF-8 without a byte-order mark.
        await node.StandardInput.BaseStream.WriteAsync(Encoding.UTF8.GetBytes(ics));
        node.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WaitForExitAsync(timeout.Token);
        if (node.ExitCode != 0) throw new InvalidOperationException($"ical.js could not parse the calendar: {await errors}\n{ics}");
        return JsonSerializer.Deserialize<ParsedCalendar>(await output, Json)!;
    }
}

/// <summary>Checks on the raw bytes that a parser is too lenient to notice.</summary>
public static class IcsAssert
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// CRLF after every line and nowhere else, no line over 75 octets, every physical line valid UTF-8 on its own (so
    /// folding split no character), and no control characters.
    /// </summary>
    public static void WellFormed(string ics)
    {
        var bytes = Encoding.UTF8.GetBytes(ics);
        Assert.True(bytes.Length >= 2 && bytes[^2] == '\r' && bytes[^1] == '\n', "The calendar must end with CRLF.");
        var lines = new List<byte[]>();
        var lineStart = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\n') Assert.Fail($"A bare LF at octet {i}.");
            if (bytes[i] != '\r') continue;
            Assert.True(i + 1 < bytes.Length && bytes[i + 1] == '\n', $"A bare CR at octet {i}.");
            lines.Add(bytes[lineStart..i]);
            lineStart = i + 2;
            i++;
        }
        Assert.Equal(bytes.Length, lineStart);

        Assert.Equal("BEGIN:VCALENDAR", Encoding.ASCII.GetString(lines[0]));
        Assert.Equal("END:VCALENDAR", Encoding.ASCII.GetString(lines[^1]));
        for (var n = 0; n < lines.Count; n++)
        {
            var line = lines[n];
            Assert.True(line.Length <= IcalNetFixes.MaxLineOctets, $"Line {n + 1} has {line.Length} octets.");
            Assert.True(line.Length > 0, $"Line {n + 1} is empty.");
            // Throws if the line starts or ends inside a multi-octet character.
            var text = StrictUtf8.GetString(line);
            Assert.DoesNotContain(text, c => char.IsControl(c) && c != '\t');
        }
    }

    /// <summary>The logical lines: continuation lines joined back (RFC 5545 §3.1 unfolding).</summary>
    public static string Unfold(string ics) => ics.Replace("\r\n ", "");

    /// <summary>The logical content lines whose name is <paramref name="name"/>.</summary>
    public static IReadOnlyList<string> Lines(string ics, string name) =>
        Unfold(ics).Split("\r\n").Where(l => l.StartsWith(name + ":", StringComparison.Ordinal) || l.StartsWith(name + ";", StringComparison.Ordinal)).ToList();
}

public sealed record ParsedCalendar(
    string? Version, string? Prodid, string? Calscale, string? Method, string? Name, string? WrCalname, string? WrTimezone,
    string? RefreshInterval, List<ParsedZone> Timezones, List<ParsedEvent> Events)
{
    public ParsedEvent Event(Guid id) => Events.Single(e => e.Uid == CalendarDocuments.Uid(id));
}

public sealed record ParsedZone(string Tzid, List<ParsedObservance> Observances);

public sealed record ParsedObservance(string Kind, string Dtstart, string OffsetFrom, string OffsetTo);

public sealed record ParsedEvent(
    string? Uid, string? Summary, string? Description, string? Location, string? Url, int? Sequence, string? Status, string? Transp,
    ParsedTime? Dtstamp, ParsedTime? LastModified, ParsedTime? Dtstart, ParsedTime? Dtend, List<string> Categories,
    ParsedAddress? Organizer, List<ParsedAddress> Attendees, List<string> PropertyNames);

/// <summary>A parsed DATE-TIME: <see cref="Utc"/> is ISO 8601 ("2027-03-15T13:00:00.000Z"), null when its TZID did not resolve.</summary>
public sealed record ParsedTime(string? Utc, string Local, string? Tzid, string? Zone)
{
    public DateTimeOffset UtcInstant => DateTimeOffset.Parse(Utc ?? throw new InvalidOperationException($"{Local} TZID={Tzid} did not resolve."),
        System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record ParsedAddress(string Value, Dictionary<string, JsonElement> Params)
{
    public string? Param(string name) => Params.TryGetValue(name, out var value) ? value.ToString() : null;
}
