using System.Linq.Expressions;
using System.Text;
using Events.Server.Database;
using Events.Server.SideEvents;
using Events.Shared.Calendar;
using Events.Shared.Convenings;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Calendar;

/// <summary>
/// What a calendar response is made of: its name, its download file name, its events and when it last changed, and
/// what it depends on (<see cref="CalendarScope"/>), so that the cache knows which changes make it stale.
/// </summary>
public sealed record CalendarFeed(string Name, string FileName, IReadOnlyList<CalendarEvent> Events, DateTimeOffset LastModified, CalendarScope Scope);

/// <summary>One side event as a calendar shows it, with the rows it was read from.</summary>
public sealed record CalendarEntry(CalendarEvent Event, Guid ConveningId, Guid? RoomId, Guid? VenueId, DateTimeOffset ChangedAt);

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

    /// <summary>How long an event that left the public programme stays in its feeds as cancelled.</summary>
    public static readonly TimeSpan RemovalsKeptFor = TimeSpan.FromDays(30);

    /// <summary>
    /// One public event (scheduled or cancelled, in a public or unlisted convening), or one that left the programme
    /// within <see cref="RemovalsKeptFor"/> (as cancelled), or null.
    /// </summary>
    public async Task<CalendarFeed?> EventAsync(Guid id, Uri siteUrl, DateTimeOffset now)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var entries = await EntriesAsync(db, [id], siteUrl, publicConveningsOnly: true);
        var removals = entries.Count == 0 ? await RemovalsAsync(db, db.CalendarRemovals.Where(r => r.SideEventId == id), siteUrl, now) : [];
        var conveningId = entries.Count > 0 ? entries[0].ConveningId : removals.Count > 0 ? removals[0].ConveningId : (Guid?)null;
        if (conveningId is null) return null;
        var convening = await db.Convenings.Where(c => c.Id == conveningId).Where(c => c.Visibility == "public" || c.Visibility == "unlisted")
            .Select(c => new { c.Slug, c.Name, c.UpdatedAt })
            .SingleOrDefaultAsync();
        if (convening is null) return null;
        var all = entries.Concat(removals).ToList();
        var title = all[0].Event.Title;
        return new CalendarFeed(convening.Name, $"{convening.Slug}-{FileNamePart(title, id)}.ics", all.Select(e => e.Event).ToList(),
            Later(Utc(convening.UpdatedAt), all.Max(e => e.ChangedAt)), CalendarScope.Of(all, conveningId.Value));
    }

    /// <summary>The public programme of a convening, narrowed by the programme page's filters, or null when there is none.</summary>
    public async Task<CalendarFeed?> ProgrammeAsync(string slug, ProgrammeFilter filter, Uri siteUrl, DateTimeOffset now)
    {
        var view = await programme.FindAsync(slug, filter);
        if (view is null) return null;
        await using var db = await dbFactory.CreateDbContextAsync();
        var entries = await EntriesAsync(db, view.Events.Select(e => e.Id).ToList(), siteUrl, publicConveningsOnly: true);
        // Events that left the programme stay as cancelled in the whole programme; a filtered feed cannot tell
        // whether they matched its filter, so it lets them go.
        if (filter.IsEmpty)
        {
            var removals = await RemovalsAsync(db, db.CalendarRemovals.Where(r => r.ConveningId == view.Id), siteUrl, now);
            if (removals.Count > 0) entries = entries.Concat(removals).OrderBy(e => e.Event.StartsAtUtc).ThenBy(e => e.Event.EndsAtUtc).ThenBy(e => e.Event.Id).ToList();
        }
        // Every event of the convening counts, not just the listed ones: an event that leaves the filtered list
        // (re-themed, moved, withdrawn) still changes the feed, and its update time is what says so; and so do the
        // convening's rooms and venues.
        var changes = await db.Convenings.Where(c => c.Id == view.Id)
            .Select(c => new
            {
                c.UpdatedAt,
                LatestEvent = c.SideEvents.Max(e => (DateTime?)e.UpdatedAt),
                LatestRoom = c.Rooms.Max(r => (DateTime?)r.UpdatedAt),
                LatestVenue = c.Venues.Max(v => (DateTime?)v.UpdatedAt),
            })
            .SingleAsync();
        var lastModified = new[] { changes.LatestEvent, changes.LatestRoom, changes.LatestVenue }
            .Aggregate(Utc(changes.UpdatedAt), (latest, t) => t is { } v ? Later(latest, Utc(v)) : latest);
        if (entries.Count > 0) lastModified = Later(lastModified, entries.Max(e => e.ChangedAt));
        var name = filter.IsEmpty ? view.Name : $"{view.Name} (selection)";
        return new CalendarFeed(name, $"{view.Slug}.ics", entries.Select(e => e.Event).ToList(), lastModified,
            CalendarScope.Of(entries, view.Id) with { ProgrammeOf = view.Id, Filter = filter });
    }

    /// <summary>
    /// Calendar data for the given side events that are scheduled or cancelled, in time order; the rest are skipped.
    /// A participant's own feed passes <paramref name="publicConveningsOnly"/> false for invitation-only convenings
    /// they are registered for.
    /// </summary>
    /// <param name="within">A context in a transaction whose changes the calendar must show (a mail written with them), or null.</param>
    public async Task<IReadOnlyList<CalendarEntry>> EventsAsync(IReadOnlyCollection<Guid> ids, Uri siteUrl, bool publicConveningsOnly, EventsDbContext? within = null)
    {
        if (ids.Count == 0) return [];
        if (within is not null) return await EntriesAsync(within, ids, siteUrl, publicConveningsOnly);
        await using var db = await dbFactory.CreateDbContextAsync();
        return await EntriesAsync(db, ids, siteUrl, publicConveningsOnly);
    }

    private static async Task<IReadOnlyList<CalendarEntry>> EntriesAsync(EventsDbContext db, IReadOnlyCollection<Guid> ids, Uri siteUrl, bool publicConveningsOnly)
    {
        if (ids.Count == 0) return [];
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
                ConveningId = e.ConveningId, RoomId = e.RoomId, VenueId = e.Room == null ? null : e.Room.VenueId,
                RoomName = e.Room == null ? null : e.Room.Name, VenueName = e.Room == null ? null : e.Room.Venue.Name,
                VenueAddress = e.Room == null ? null : e.Room.Venue.Address,
                RoomUpdatedAt = e.Room == null ? null : e.Room.UpdatedAt, VenueUpdatedAt = e.Room == null ? null : e.Room.Venue.UpdatedAt,
                TimeZone = e.Convening.TimeZone, ChathamHouse = e.Convening.ChathamHouse,
            })
            .ToListAsync();
        return rows.Select(r => r.ToEntry(siteUrl)).ToList();
    }

    /// <summary>Events that left the public programme within <see cref="RemovalsKeptFor"/>, as cancelled entries.</summary>
    private static async Task<IReadOnlyList<CalendarEntry>> RemovalsAsync(EventsDbContext db, IQueryable<CalendarRemoval> removals, Uri siteUrl, DateTimeOffset now)
    {
        var since = (now - RemovalsKeptFor).UtcDateTime;
        var rows = await removals.Where(r => r.RemovedAt > since)
            .Join(db.Convenings, r => r.ConveningId, c => c.Id, (r, c) => new { Removal = r, c.TimeZone })
            .OrderBy(r => r.Removal.StartsAt).ThenBy(r => r.Removal.SideEventId)
            .ToListAsync();
        return rows.Select(r => new CalendarEntry(new CalendarEvent
        {
            Id = r.Removal.SideEventId, Title = r.Removal.Title, StartsAtUtc = Utc(r.Removal.StartsAt), EndsAtUtc = Utc(r.Removal.EndsAt),
            TimeZone = r.TimeZone, Cancelled = true, CancellationReason = "It was taken off the programme.", Sequence = r.Removal.Sequence,
            UpdatedAtUtc = Utc(r.Removal.RemovedAt), Organiser = r.Removal.Organiser,
        }, r.Removal.ConveningId, null, null, Utc(r.Removal.RemovedAt))).ToList();
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
    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

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
        public Guid ConveningId { get; set; }
        public Guid? RoomId { get; set; }
        public Guid? VenueId { get; set; }
        public DateTime? RoomUpdatedAt { get; set; }
        public DateTime? VenueUpdatedAt { get; set; }

        public CalendarEntry ToEntry(Uri siteUrl)
        {
            var changedAt = new[] { RoomUpdatedAt, VenueUpdatedAt }.Aggregate(Utc(UpdatedAt), (latest, t) => t is { } v ? Later(latest, Utc(v)) : latest);
            return new CalendarEntry(ToCalendarEvent(siteUrl), ConveningId, RoomId, VenueId, changedAt);
        }

        private CalendarEvent ToCalendarEvent(Uri siteUrl) => new()
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
