using System.Globalization;
using System.Linq.Expressions;
using Events.Server.Database;
using Events.Server.SideEvents;
using Events.Shared.Convenings;
using Events.Shared.ReferenceData;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Convenings;

/// <summary>
/// The public programme pages' reads. The rules of what is public are in the queries themselves, so that nothing private
/// leaves the database: only public and unlisted convenings, only scheduled and cancelled events that have a time,
/// only confirmed co-sponsors, and no name, title or bio of a speaker who asked not to be named.
/// </summary>
public sealed class ProgrammeQueries(IDbContextFactory<EventsDbContext> dbFactory) : IProgramme
{
    // The same rules as SQL text, for queries elsewhere that are still written by hand.
    internal const string PublicEvent = "e.status IN ('scheduled', 'cancelled') AND e.starts_at IS NOT NULL";
    internal const string PublicConvening = "c.visibility IN ('public', 'unlisted')";

    internal static readonly Expression<Func<SideEvent, bool>> IsPublicEvent =
        e => (e.Status == "scheduled" || e.Status == "cancelled") && e.StartsAt != null;
    internal static readonly Expression<Func<Convening, bool>> IsPublicConvening =
        c => c.Visibility == "public" || c.Visibility == "unlisted";

    private static readonly StringComparer NameOrder = StringComparer.Create(CultureInfo.InvariantCulture, ignoreCase: true);

    public async Task<ProgrammeView?> FindAsync(string slug, ProgrammeFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (string.IsNullOrWhiteSpace(slug) || slug.Length > 60) return null;
        var normalizedSlug = slug.Trim().ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync();
        var c = await db.Convenings.AsNoTracking()
            .Where(c => c.Slug == normalizedSlug)
            .Where(IsPublicConvening)
            .Select(c => new { c.Id, c.Slug, c.Name, c.Kind, c.Visibility, c.StartsOn, c.EndsOn, c.TimeZone, c.DescriptionMd, c.ChathamHouse, c.OrganisingOrganisation, c.ChangeoverMinutes, c.ProposalsCloseAt })
            .SingleOrDefaultAsync();
        if (c is null) return null;

        // One query reads every public event of the convening: the filter choices (rooms, themes, organisations, formats)
        // and the total come from all of them; the filter itself is evaluated by the database for each row.
        var publicEvents = db.SideEvents.Where(e => e.ConveningId == c.Id).Where(IsPublicEvent);
        var matching = Matching(publicEvents, filter, c.TimeZone);
        var filtered = !ReferenceEquals(matching, publicEvents);
        var rows = await publicEvents.AsNoTracking()
            .OrderBy(e => e.StartsAt).ThenBy(e => e.EndsAt).ThenBy(e => e.Title).ThenBy(e => e.Id)
            .Select(e => new
            {
                e.Id, e.Title, e.Kind, e.Format, e.Status, StartsAt = e.StartsAt!.Value, EndsAt = e.EndsAt!.Value,
                e.RoomId, RoomName = e.Room!.Name, VenueName = e.Room.Venue.Name, e.Themes, e.ProposingOrganisation,
                CoSponsors = e.CoSponsorships.Where(cs => cs.Status == "confirmed")
                    .OrderBy(cs => cs.SponsorKind == "state" ? 0 : cs.SponsorKind == "un_entity" ? 1 : 2).ThenBy(cs => cs.DisplayName)
                    .Select(cs => new { cs.DisplayName, cs.SponsorKind })
                    .ToList(),
                Matches = !filtered || matching.Any(m => m.Id == e.Id),
            })
            .ToListAsync();

        var rooms = rows.Where(e => e.RoomId is not null)
            .Select(e => new ProgrammeRoom(e.RoomId!.Value, e.RoomName!, e.VenueName!)).Distinct()
            .OrderBy(r => r.VenueName, NameOrder).ThenBy(r => r.Name, NameOrder).ToList();
        var themes = rows.SelectMany(e => e.Themes).Distinct(StringComparer.Ordinal).Order(NameOrder).ToList();
        // A name proposing an event is an organiser; otherwise it takes its co-sponsor kind, States before UN entities.
        var organisations = rows
            .Select(e => (Name: e.ProposingOrganisation, Kind: "organiser", Rank: 0))
            .Concat(rows.SelectMany(e => e.CoSponsors).Select(cs => (Name: cs.DisplayName, Kind: cs.SponsorKind, Rank: SponsorRank(cs.SponsorKind))))
            .GroupBy(o => o.Name, StringComparer.Ordinal)
            .Select(g => g.MinBy(o => o.Rank))
            .Select(o => new ProgrammeOrganisation(o.Name, o.Kind))
            .OrderBy(o => o.Name, NameOrder).ToList();
        var usedFormats = rows.Select(e => e.Format).ToHashSet(StringComparer.Ordinal);
        var events = rows.Where(e => e.Matches).Select(e =>
        {
            var startsAt = Utc(e.StartsAt);
            var endsAt = Utc(e.EndsAt);
            return new ProgrammeEvent(e.Id, e.Title, e.Kind, e.Format, e.Status, startsAt, endsAt,
                ConveningClock.ToLocal(startsAt, c.TimeZone), ConveningClock.ToLocal(endsAt, c.TimeZone),
                e.RoomName, e.VenueName, e.Themes, e.ProposingOrganisation, e.CoSponsors.Select(cs => cs.DisplayName).ToList(), e.RoomId);
        }).ToList();

        return new ProgrammeView(c.Id, c.Slug, c.Name, ParseKind(c.Kind), c.Visibility == "unlisted" ? ConveningVisibility.Unlisted : ConveningVisibility.Public,
            c.StartsOn, c.EndsOn, c.TimeZone, c.DescriptionMd, c.ChathamHouse, c.OrganisingOrganisation,
            rooms, themes, organisations, ProgrammeLabels.AllFormats.Where(usedFormats.Contains).ToList(), events, rows.Count, c.ChangeoverMinutes,
            c.ProposalsCloseAt is { } closes ? Utc(closes) : null);
    }

    /// <summary>
    /// Which of <paramref name="filters"/> (of convening <paramref name="conveningId"/>'s programme) the side event passes
    /// now, by the same rules as the page: none when it is not a public event of that convening. The calendar cache asks
    /// this to learn whether a change brings an event into a cached filtered feed.
    /// </summary>
    public async Task<IReadOnlySet<ProgrammeFilter>> FiltersPassedAsync(Guid sideEventId, Guid conveningId, IReadOnlyCollection<ProgrammeFilter> filters)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var timeZone = await db.SideEvents.Where(e => e.Id == sideEventId && e.ConveningId == conveningId).Where(IsPublicEvent)
            .Where(e => e.Convening.Visibility == "public" || e.Convening.Visibility == "unlisted")
            .Select(e => e.Convening.TimeZone)
            .SingleOrDefaultAsync();
        var passed = new HashSet<ProgrammeFilter>();
        if (timeZone is null) return passed;
        foreach (var filter in filters)
            if (await Matching(db.SideEvents.Where(e => e.Id == sideEventId), filter, timeZone).AnyAsync()) passed.Add(filter);
        return passed;
    }

    /// <summary>The events the filter keeps; the very same query when it keeps them all.</summary>
    private static IQueryable<SideEvent> Matching(IQueryable<SideEvent> events, ProgrammeFilter filter, string timeZone)
    {
        if (filter.Day is { } day)
            events = events.Where(e => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeBySystemTimeZoneId(e.StartsAt!.Value, timeZone)) == day);
        if (!string.IsNullOrWhiteSpace(filter.Theme))
        {
            var theme = filter.Theme.Trim();
            events = events.Where(e => e.Themes.Contains(theme));
        }
        if (!string.IsNullOrWhiteSpace(filter.Format))
        {
            var format = filter.Format.Trim();
            events = events.Where(e => e.Format == format);
        }
        if (filter.RoomId is { } roomId)
            events = events.Where(e => e.RoomId == roomId);
        if (!string.IsNullOrWhiteSpace(filter.Organisation))
        {
            var organisation = filter.Organisation.Trim();
            events = events.Where(e => e.ProposingOrganisation == organisation
                                       || e.CoSponsorships.Any(cs => cs.Status == "confirmed" && cs.DisplayName == organisation));
        }
        if (!string.IsNullOrWhiteSpace(filter.Query))
        {
            // Lower-cased on both sides: the same on every provider and collation (EF escapes the term's % and _).
            var term = filter.Query.Trim().ToLowerInvariant();
            events = events.Where(e => e.Title.ToLower().Contains(term)
                                       || (e.AbstractMd != null && e.AbstractMd.ToLower().Contains(term))
                                       || e.ProposingOrganisation.ToLower().Contains(term));
        }
        return events;
    }

    public async Task<SideEventDetail?> FindEventAsync(Guid id)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var e = await db.SideEvents.AsNoTracking()
            .Where(e => e.Id == id)
            .Where(IsPublicEvent)
            .Where(e => e.Convening.Visibility == "public" || e.Convening.Visibility == "unlisted")
            .Select(e => new
            {
                e.Id, e.ConveningId, ConveningSlug = e.Convening.Slug, ConveningName = e.Convening.Name, ConveningKind = e.Convening.Kind,
                e.Convening.TimeZone, e.Convening.ChathamHouse, e.Title, e.Kind, e.Format, e.Status,
                StatusReason = e.Status == "cancelled" ? e.StatusReason : null,
                StartsAt = e.StartsAt!.Value, EndsAt = e.EndsAt!.Value, RoomName = e.Room!.Name, RoomAccessibilityNotes = e.Room.AccessibilityNotes,
                VenueName = e.Room.Venue.Name, VenueAddress = e.Room.Venue.Address, e.Themes, e.ProposingOrganisation, e.AbstractMd,
                e.Languages, e.Interpretation, e.WebcastUrl, e.AccessibilityInfo, e.Capacity, e.FlyerFileName,
                // A speaker who asked not to be named keeps their organisation and role; the rest stays in the database.
                Speakers = e.Speakers
                    .OrderBy(s => s.Role == "moderator" ? 0 : 1).ThenBy(s => s.SortOrder).ThenBy(s => s.Id)
                    .Select(s => new PublicSpeaker(s.Role, s.PublishName ? s.Name : null, s.PublishName ? s.Title : null, s.Organisation,
                        s.PublishName ? s.Bio : null))
                    .ToList(),
            })
            .SingleOrDefaultAsync();
        if (e is null) return null;

        var sponsors = (await db.CoSponsorships.AsNoTracking()
                .Where(cs => cs.SideEventId == id && cs.Status == "confirmed")
                .OrderBy(cs => cs.SponsorKind == "state" ? 0 : cs.SponsorKind == "un_entity" ? 1 : 2).ThenBy(cs => cs.DisplayName)
                .Select(cs => new { cs.DisplayName, cs.SponsorKind, RegionalGroup = cs.StateIso3Navigation!.RegionalGroup })
                .ToListAsync())
            .Select(s => new PublicCoSponsor(s.DisplayName, s.SponsorKind, RegionalGroups.FromCode(s.RegionalGroup)))
            .ToList();

        var startsAt = Utc(e.StartsAt);
        var endsAt = Utc(e.EndsAt);
        return new SideEventDetail(e.Id, e.ConveningId, e.ConveningSlug, e.ConveningName, ParseKind(e.ConveningKind), e.TimeZone, e.ChathamHouse,
            e.Title, e.Kind, e.Format, e.Status, e.StatusReason, startsAt, endsAt,
            ConveningClock.ToLocal(startsAt, e.TimeZone), ConveningClock.ToLocal(endsAt, e.TimeZone),
            e.RoomName, e.RoomAccessibilityNotes, e.VenueName, e.VenueAddress, e.Themes, e.ProposingOrganisation, e.AbstractMd,
            e.Languages, e.Interpretation, e.WebcastUrl, e.AccessibilityInfo, e.Capacity, e.Speakers, sponsors, e.FlyerFileName);
    }

    private static ConveningKind ParseKind(string kind) => kind == "dialogue" ? ConveningKind.Dialogue : ConveningKind.UnSession;

    private static int SponsorRank(string sponsorKind) => sponsorKind switch { "state" => 1, "un_entity" => 2, _ => 3 };

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
