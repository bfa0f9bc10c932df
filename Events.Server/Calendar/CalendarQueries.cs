using System.Linq.Expressions;
using System.Text;
using Events.Server.Database;
using Events.Server.SideEvents;
using Events.Shared.Calendar;
using Events.Shared.Convenings;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Calendar;

/// <summary>What a calendar response is made of: its name, its download file name, its events and when it last changed.</summary>
public sealed record CalendarFeed(string Name, string FileName, IReadOnlyList<CalendarEvent> Events, DateTimeOffset LastModified);

/// <summary>
/// The data behind the calendar downloads and feeds. Which events a programme feed holds is decided by the programme
/// page's own query (<see cref="IProgramme"/>), so the feed and the page can never disagree about filters or about what
/// is public; this class then reads the fields a calendar needs for exactly those events. Speakers, attendees and
/// co-sponsors are not read at all, so none of them can reach a calendar.
/// </summary>
public sealed class CalendarQueries(IDbContextFactory<EventsDbContext> dbFactory, IProgramme programme)
{
    /// <summary>Events a calendar may show: scheduled or cancelled, with a time.</summary>
    private static readonly Expression<Func<SideEvent, bool>> PublicEvent =
        e => (e.Status == ProgrammeLabels.Scheduled || e.Status == ProgrammeLabels.Cancelled) && e.StartsAt != null;

    /// <summary>Events of convenings anyone may see.</summary>
    private static readonly Expression<Func<SideEvent, bool>> InPublicConvening =
        e => e.Convening.Visibility == "public" || e.Convening.Visibility == "unlisted";

    /// <summary>One public event (scheduled or cancelled, in a public or unlisted convening), or null.</summary>
    public async Task<CalendarFeed?> EventAsync(Guid id, Uri siteUrl)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var convening = await db.SideEvents.Where(e => e.Id == id).Where(PublicEvent).Where(InPublicConvening)
            .Select(e => new { e.Convening.Slug, e.Convening.Name, ConveningUpdatedAt = e.Convening.UpdatedAt, e.UpdatedAt })
            .SingleOrDefaultAsync();
        if (convening is null) return null;
        var events = await EventsAsync([id], siteUrl, publicConveningsOnly: true);
        if (events.Count == 0) return null; // changed between the two reads
        return new CalendarFeed(convening.Name, $"{convening.Slug}-{FileNamePart(events[0].Title, id)}.ics", events, Utc(Later(convening.ConveningUpdatedAt, convening.UpdatedAt)));
    }

    /// <summary>The public programme of a convening, narrowed by the programme page's filters, or null when there is none.</summary>
    public async Task<CalendarFeed?> ProgrammeAsync(string slug, ProgrammeFilter filter, Uri siteUrl)
    {
        var view = await programme.FindAsync(slug, filter);
        if (view is null) return null;
        var events = await EventsAsync(view.Events.Select(e => e.Id).ToList(), siteUrl, publicConveningsOnly: true);
        await using var db = await dbFactory.CreateDbContextAsync();
        // Every event of the convening counts, not just the listed ones: an event that leaves the filtered list
        // (re-themed, moved, withdrawn) still changes the feed, and its update time is what says so.
        var changes = await db.Convenings.Where(c => c.Id == view.Id)
            .Select(c => new { c.UpdatedAt, LatestEvent = c.SideEvents.Max(e => (DateTime?)e.UpdatedAt) })
            .SingleAsync();
        var lastModified = Later(changes.UpdatedAt, changes.LatestEvent ?? changes.UpdatedAt);
        var name = filter.IsEmpty ? view.Name : $"{view.Name} (selection)";
        return new CalendarFeed(name, $"{view.Slug}.ics", events, Utc(lastModified));
    }

    /// <summary>
    /// Calendar data for the given side events that are scheduled or cancelled, in time order; the rest are skipped.
    /// A participant's own feed passes <paramref name="publicConveningsOnly"/> false for invitation-only convenings
    /// they are registered for.
    /// </summary>
    /// <param name="within">A context in a transaction whose changes the calendar must show (a mail written with them), or null.</param>
    public async Task<IReadOnlyList<CalendarEvent>> EventsAsync(IReadOnlyCollection<Guid> ids, Uri siteUrl, bool publicConveningsOnly, EventsDbContext? within = null)
    {
        if (ids.Count == 0) return [];
        await using var own = within is null ? await dbFactory.CreateDbContextAsync() : null;
        var db = within ?? own!;
        var wanted = ids.ToArray();
        var events = db.SideEvents.Where(e => wanted.Contains(e.Id)).Where(PublicEvent);
        if (publicConveningsOnly) events = events.Where(InPublicConvening);
        var rows = await events
            .OrderBy(e => e.StartsAt).ThenBy(e => e.EndsAt).ThenBy(e => e.Title).ThenBy(e => e.Id)
            .Select(e => new EventRow
            {
                Id = e.Id, Title = e.Title, Status = e.Status, StatusReason = e.Status == ProgrammeLabels.Cancelled ? e.StatusReason : null,
                StartsAt = e.StartsAt!.Value, EndsAt = e.EndsAt!.Value, Sequence = e.Sequence, UpdatedAt = e.UpdatedAt,
                AbstractMd = e.AbstractMd, WebcastUrl = e.WebcastUrl, Themes = e.Themes, ProposingOrganisation = e.ProposingOrganisation,
                RoomName = e.Room == null ? null : e.Room.Name, VenueName = e.Room == null ? null : e.Room.Venue.Name,
                VenueAddress = e.Room == null ? null : e.Room.Venue.Address,
                TimeZone = e.Convening.TimeZone, ChathamHouse = e.Convening.ChathamHouse,
            })
            .ToListAsync();
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
    private static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;

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
        public List<string>? Themes { get; set; }
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
