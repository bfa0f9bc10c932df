using System.Text;
using Dapper;
using Events.Shared.Calendar;
using Events.Server.Database;
using Events.Shared.Calendar;
using Events.Shared.Convenings;

namespace Events.Server.Calendar;

/// <summary>What a calendar response is made of: its name, its download file name, its events and when it last changed.</summary>
public sealed record CalendarFeed(string Name, string FileName, IReadOnlyList<CalendarEvent> Events, DateTimeOffset LastModified);

/// <summary>
/// The data behind the calendar downloads and feeds. Which events a programme feed holds is decided by the programme
/// page's own query (<see cref="IProgramme"/>), so the feed and the page can never disagree about filters or about what
/// is public; this class then reads the fields a calendar needs for exactly those events. Speakers, attendees and
/// co-sponsors are not read at all, so none of them can reach a calendar.
/// </summary>
public sealed class CalendarQueries(DatabaseConnections database, IProgramme programme)
{
    private const string PublicEvent = "e.status IN ('scheduled', 'cancelled') AND e.starts_at IS NOT NULL";
    private const string PublicConvening = "c.visibility IN ('public', 'unlisted')";

    /// <summary>One public event (scheduled or cancelled, in a public or unlisted convening), or null.</summary>
    public async Task<CalendarFeed?> EventAsync(Guid id, Uri siteUrl)
    {
        await using var db = await database.OpenAsync();
        var convening = await db.QuerySingleOrDefaultAsync<ConveningRow>($"""
            SELECT c.slug AS Slug, c.name AS Name, GREATEST(c.updated_at, e.updated_at) AS LastModified
            FROM side_events e JOIN convenings c ON c.id = e.convening_id
            WHERE e.id = @id AND {PublicEvent} AND {PublicConvening}
            """, new { id });
        if (convening is null) return null;
        var events = await EventsAsync([id], siteUrl, publicConveningsOnly: true);
        if (events.Count == 0) return null; // changed between the two reads
        return new CalendarFeed(convening.Name, $"{convening.Slug}-{FileNamePart(events[0].Title, id)}.ics", events, Utc(convening.LastModified));
    }

    /// <summary>The public programme of a convening, narrowed by the programme page's filters, or null when there is none.</summary>
    public async Task<CalendarFeed?> ProgrammeAsync(string slug, ProgrammeFilter filter, Uri siteUrl)
    {
        var view = await programme.FindAsync(slug, filter);
        if (view is null) return null;
        var events = await EventsAsync(view.Events.Select(e => e.Id).ToList(), siteUrl, publicConveningsOnly: true);
        await using var db = await database.OpenAsync();
        // Every event of the convening counts, not just the listed ones: an event that leaves the filtered list
        // (re-themed, moved, withdrawn) still changes the feed, and its update time is what says so.
        var lastModified = await db.ExecuteScalarAsync<DateTime>("""
            SELECT GREATEST(c.updated_at, coalesce(max(e.updated_at), c.updated_at))
            FROM convenings c LEFT JOIN side_events e ON e.convening_id = c.id
            WHERE c.id = @Id GROUP BY c.id
            """, new { view.Id });
        var name = filter.IsEmpty ? view.Name : $"{view.Name} (selection)";
        return new CalendarFeed(name, $"{view.Slug}.ics", events, Utc(lastModified));
    }

    /// <summary>
    /// Calendar data for the given side events that are scheduled or cancelled, in time order; the rest are skipped.
    /// A participant's own feed passes <paramref name="publicConveningsOnly"/> false for invitation-only convenings
    /// they are registered for.
    /// </summary>
    public async Task<IReadOnlyList<CalendarEvent>> EventsAsync(IReadOnlyCollection<Guid> ids, Uri siteUrl, bool publicConveningsOnly)
    {
        if (ids.Count == 0) return [];
        await using var db = await database.OpenAsync();
        var rows = await db.QueryAsync<EventRow>($"""
            SELECT e.id AS Id, e.title AS Title, e.status AS Status, CASE WHEN e.status = 'cancelled' THEN e.status_reason END AS StatusReason,
                   e.starts_at AS StartsAt, e.ends_at AS EndsAt, e.sequence AS Sequence, e.updated_at AS UpdatedAt,
                   e.abstract_md AS AbstractMd, e.webcast_url AS WebcastUrl, e.themes AS Themes,
                   e.proposing_organisation AS ProposingOrganisation, r.name AS RoomName, v.name AS VenueName, v.address AS VenueAddress,
                   c.time_zone AS TimeZone, c.chatham_house AS ChathamHouse
            FROM side_events e
            JOIN convenings c ON c.id = e.convening_id
            LEFT JOIN rooms r ON r.id = e.room_id
            LEFT JOIN venues v ON v.id = r.venue_id
            WHERE e.id = ANY (@ids) AND {PublicEvent} {(publicConveningsOnly ? "AND " + PublicConvening : "")}
            ORDER BY e.starts_at, e.ends_at, e.title, e.id
            """, new { ids = ids.ToArray() });
        return rows.Select(r => r.ToCalendarEvent(siteUrl)).ToList();
    }

    /// <summary>An ASCII file-name part from a title ("Women & peace: 2027" → "women-peace-2027"), or the id's start when none is left.</summary>
    public static string FileNamePart(string title, Guid id)
    {
        var part = new StringBuilder();
        foreach (var c in title.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) part.Append(c);
            else if (part.Length > 0 && part[^1] != '-') part.Append('-');
            if (part.Length >= 50) break;
        }
        var text = part.ToString().Trim('-');
        return text.Length > 0 ? text : id.ToString("N")[..8];
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed class ConveningRow
    {
        public string Slug { get; set; } = "";
        public string Name { get; set; } = "";
        public DateTime LastModified { get; set; }
    }

    private sealed class EventRow
    {
        public Guid Id { get; set; }
        public string Title { get; set; } = "";
        public string Status { get; set; } = "";
        public string? StatusReason { get; set; }
        public DateTime StartsAt { get; set; }
        public DateTime EndsAt { get; set; }
        public int Sequence { get; set; }
        public DateTime UpdatedAt { get; set; }
        public string AbstractMd { get; set; } = "";
        public string? WebcastUrl { get; set; }
        public string[]? Themes { get; set; }
        public string ProposingOrganisation { get; set; } = "";
        public string? RoomName { get; set; }
        public string? VenueName { get; set; }
        public string? VenueAddress { get; set; }
        public string TimeZone { get; set; } = "";
        public bool ChathamHouse { get; set; }

        public CalendarEvent ToCalendarEvent(Uri siteUrl) => new()
        {
            Id = Id,
            Title = Title,
            StartsAtUtc = Utc(StartsAt),
            EndsAtUtc = Utc(EndsAt),
            TimeZone = TimeZone,
            Cancelled = Status == ProgrammeLabels.Cancelled,
            CancellationReason = StatusReason,
            Sequence = Sequence,
            UpdatedAtUtc = Utc(UpdatedAt),
            Abstract = CalendarText.FromMarkdown(AbstractMd),
            WebcastUrl = WebcastUrl,
            ChathamHouse = ChathamHouse,
            RoomName = RoomName,
            VenueName = VenueName,
            VenueAddress = VenueAddress,
            Organiser = ProposingOrganisation,
            Themes = Themes ?? [],
            PageUrl = new Uri(siteUrl, $"e/{Id:D}"),
        };
    }
}
