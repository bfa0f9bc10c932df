using System.Globalization;
using System.Text;
using Dapper;
using Events.Server.Database;
using Events.Shared.Convenings;
using Events.Shared.ReferenceData;

namespace Events.Server.Convenings;

/// <summary>
/// The public programme pages' reads. The rules of what is public are in the SQL itself, so that nothing private
/// leaves the database: only public and unlisted convenings, only scheduled and cancelled events that have a time,
/// only confirmed co-sponsors, and no name, title or bio of a speaker who asked not to be named.
/// </summary>
public sealed class ProgrammeQueries(DatabaseConnections database) : IProgramme
{
    internal const string PublicEvent = "e.status IN ('scheduled', 'cancelled') AND e.starts_at IS NOT NULL";
    internal const string PublicConvening = "c.visibility IN ('public', 'unlisted')";
    private const string SponsorOrder = "CASE cs.sponsor_kind WHEN 'state' THEN 0 WHEN 'un_entity' THEN 1 ELSE 2 END, cs.display_name";
    private static readonly StringComparer NameOrder = StringComparer.Create(CultureInfo.InvariantCulture, ignoreCase: true);

    public async Task<ProgrammeView?> FindAsync(string slug, ProgrammeFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (string.IsNullOrWhiteSpace(slug) || slug.Length > 60) return null;
        await using var connection = await database.OpenAsync();
        var c = await connection.QuerySingleOrDefaultAsync<ConveningRow>($"""
            SELECT c.id AS Id, c.slug AS Slug, c.name AS Name, c.kind AS Kind, c.visibility AS Visibility, c.starts_on AS StartsOn,
                   c.ends_on AS EndsOn, c.time_zone AS TimeZone, c.description_md AS DescriptionMd, c.chatham_house AS ChathamHouse,
                   c.organising_organisation AS OrganisingOrganisation
            FROM convenings c
            WHERE c.slug = @slug AND {PublicConvening}
            """, new { slug = slug.Trim().ToLowerInvariant() });
        if (c is null) return null;

        var parameters = new DynamicParameters();
        parameters.Add("id", c.Id);
        var where = new StringBuilder($"e.convening_id = @id AND {PublicEvent}");
        if (filter.Day is { } day)
        {
            where.Append(" AND (e.starts_at AT TIME ZONE @zone)::date = @day::date");
            parameters.Add("zone", c.TimeZone);
            parameters.Add("day", day.ToDateTime(TimeOnly.MinValue));
        }
        if (!string.IsNullOrWhiteSpace(filter.Theme))
        {
            where.Append(" AND @theme = ANY (e.themes)");
            parameters.Add("theme", filter.Theme.Trim());
        }
        if (!string.IsNullOrWhiteSpace(filter.Format))
        {
            where.Append(" AND e.format = @format");
            parameters.Add("format", filter.Format.Trim());
        }
        if (filter.RoomId is { } roomId)
        {
            where.Append(" AND e.room_id = @roomId");
            parameters.Add("roomId", roomId);
        }
        if (!string.IsNullOrWhiteSpace(filter.Organisation))
        {
            where.Append("""
                 AND (e.proposing_organisation = @organisation OR EXISTS (
                    SELECT 1 FROM co_sponsorships cs
                    WHERE cs.side_event_id = e.id AND cs.status = 'confirmed' AND cs.display_name = @organisation))
                """);
            parameters.Add("organisation", filter.Organisation.Trim());
        }
        if (!string.IsNullOrWhiteSpace(filter.Query))
        {
            where.Append("""
                 AND (e.title ILIKE @pattern ESCAPE '\' OR e.abstract_md ILIKE @pattern ESCAPE '\'
                      OR e.proposing_organisation ILIKE @pattern ESCAPE '\')
                """);
            parameters.Add("pattern", "%" + EscapeLike(filter.Query.Trim()) + "%");
        }

        using var results = await connection.QueryMultipleAsync($"""
            SELECT r.id AS Id, r.name AS Name, v.name AS VenueName
            FROM rooms r JOIN venues v ON v.id = r.venue_id
            WHERE r.convening_id = @id AND EXISTS (SELECT 1 FROM side_events e WHERE e.room_id = r.id AND e.convening_id = @id AND {PublicEvent});

            SELECT DISTINCT t.theme FROM side_events e CROSS JOIN LATERAL unnest(e.themes) AS t (theme)
            WHERE e.convening_id = @id AND {PublicEvent};

            SELECT DISTINCT ON (o.name) o.name AS Name, o.kind AS Kind
            FROM (
                SELECT e.proposing_organisation AS name, 'organiser' AS kind, 0 AS rank
                FROM side_events e WHERE e.convening_id = @id AND {PublicEvent}
                UNION ALL
                SELECT cs.display_name, cs.sponsor_kind, CASE cs.sponsor_kind WHEN 'state' THEN 1 WHEN 'un_entity' THEN 2 ELSE 3 END
                FROM co_sponsorships cs JOIN side_events e ON e.id = cs.side_event_id
                WHERE e.convening_id = @id AND {PublicEvent} AND cs.status = 'confirmed'
            ) o
            ORDER BY o.name, o.rank;

            SELECT DISTINCT e.format FROM side_events e WHERE e.convening_id = @id AND {PublicEvent};

            SELECT count(*)::int FROM side_events e WHERE e.convening_id = @id AND {PublicEvent};

            SELECT e.id AS Id, e.title AS Title, e.kind AS Kind, e.format AS Format, e.status AS Status, e.starts_at AS StartsAt,
                   e.ends_at AS EndsAt, r.name AS RoomName, v.name AS VenueName, e.themes AS Themes,
                   e.proposing_organisation AS ProposingOrganisation,
                   ARRAY(SELECT cs.display_name FROM co_sponsorships cs WHERE cs.side_event_id = e.id AND cs.status = 'confirmed'
                         ORDER BY {SponsorOrder}) AS CoSponsors
            FROM side_events e
            LEFT JOIN rooms r ON r.id = e.room_id
            LEFT JOIN venues v ON v.id = r.venue_id
            WHERE {where}
            ORDER BY e.starts_at, e.ends_at, e.title, e.id;
            """, parameters);

        var rooms = (await results.ReadAsync<ProgrammeRoom>()).OrderBy(r => r.VenueName, NameOrder).ThenBy(r => r.Name, NameOrder).ToList();
        var themes = (await results.ReadAsync<string>()).Order(NameOrder).ToList();
        var organisations = (await results.ReadAsync<ProgrammeOrganisation>()).OrderBy(o => o.Name, NameOrder).ToList();
        var usedFormats = (await results.ReadAsync<string>()).ToHashSet();
        var total = await results.ReadSingleAsync<int>();
        var events = (await results.ReadAsync<EventRow>()).Select(e => e.ToEvent(c.TimeZone)).ToList();

        return new ProgrammeView(c.Id, c.Slug, c.Name, ParseKind(c.Kind), c.Visibility == "unlisted" ? ConveningVisibility.Unlisted : ConveningVisibility.Public,
            c.StartsOn, c.EndsOn, c.TimeZone, c.DescriptionMd, c.ChathamHouse, c.OrganisingOrganisation,
            rooms, themes, organisations, ProgrammeLabels.AllFormats.Where(usedFormats.Contains).ToList(), events, total);
    }

    public async Task<SideEventDetail?> FindEventAsync(Guid id)
    {
        await using var connection = await database.OpenAsync();
        var e = await connection.QuerySingleOrDefaultAsync<DetailRow>($"""
            SELECT e.id AS Id, c.id AS ConveningId, c.slug AS ConveningSlug, c.name AS ConveningName, c.kind AS ConveningKind,
                   c.time_zone AS TimeZone, c.chatham_house AS ChathamHouse, e.title AS Title, e.kind AS Kind, e.format AS Format,
                   e.status AS Status, CASE WHEN e.status = 'cancelled' THEN e.status_reason END AS StatusReason,
                   e.starts_at AS StartsAt, e.ends_at AS EndsAt, r.name AS RoomName, r.accessibility_notes AS RoomAccessibilityNotes,
                   v.name AS VenueName, v.address AS VenueAddress, e.themes AS Themes, e.proposing_organisation AS ProposingOrganisation,
                   e.abstract_md AS AbstractMd, e.languages AS Languages, e.interpretation AS Interpretation, e.webcast_url AS WebcastUrl,
                   e.accessibility_info AS AccessibilityInfo, e.capacity AS Capacity, e.flyer_file_name AS FlyerFileName
            FROM side_events e
            JOIN convenings c ON c.id = e.convening_id
            LEFT JOIN rooms r ON r.id = e.room_id
            LEFT JOIN venues v ON v.id = r.venue_id
            WHERE e.id = @id AND {PublicConvening} AND {PublicEvent}
            """, new { id });
        if (e is null) return null;

        using var results = await connection.QueryMultipleAsync($"""
            SELECT s.role AS Role,
                   CASE WHEN s.publish_name THEN s.name END AS Name,
                   CASE WHEN s.publish_name THEN s.title END AS Title,
                   s.organisation AS Organisation,
                   CASE WHEN s.publish_name THEN s.bio END AS Bio
            FROM speakers s
            WHERE s.side_event_id = @id
            ORDER BY CASE s.role WHEN 'moderator' THEN 0 ELSE 1 END, s.sort_order, s.id;

            SELECT cs.display_name AS DisplayName, cs.sponsor_kind AS Kind, st.regional_group AS RegionalGroup
            FROM co_sponsorships cs
            LEFT JOIN states st ON st.iso3 = cs.state_iso3
            WHERE cs.side_event_id = @id AND cs.status = 'confirmed'
            ORDER BY {SponsorOrder};
            """, new { id });
        var speakers = (await results.ReadAsync<PublicSpeaker>()).ToList();
        var sponsors = (await results.ReadAsync<SponsorRow>())
            .Select(s => new PublicCoSponsor(s.DisplayName, s.Kind, RegionalGroups.FromCode(s.RegionalGroup)))
            .ToList();

        var startsAt = Utc(e.StartsAt);
        var endsAt = Utc(e.EndsAt);
        return new SideEventDetail(e.Id, e.ConveningId, e.ConveningSlug, e.ConveningName, ParseKind(e.ConveningKind), e.TimeZone, e.ChathamHouse,
            e.Title, e.Kind, e.Format, e.Status, e.StatusReason, startsAt, endsAt,
            ConveningClock.ToLocal(startsAt, e.TimeZone), ConveningClock.ToLocal(endsAt, e.TimeZone),
            e.RoomName, e.RoomAccessibilityNotes, e.VenueName, e.VenueAddress, e.Themes ?? [], e.ProposingOrganisation, e.AbstractMd,
            e.Languages ?? [], e.Interpretation, e.WebcastUrl, e.AccessibilityInfo, e.Capacity, speakers, sponsors, e.FlyerFileName);
    }

    /// <summary>Makes text match itself literally in a LIKE pattern with the escape character '\'.</summary>
    public static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");

    private static ConveningKind ParseKind(string kind) => kind == "dialogue" ? ConveningKind.Dialogue : ConveningKind.UnSession;

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed class ConveningRow
    {
        public Guid Id { get; set; }
        public string Slug { get; set; } = "";
        public string Name { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Visibility { get; set; } = "";
        public DateOnly StartsOn { get; set; }
        public DateOnly EndsOn { get; set; }
        public string TimeZone { get; set; } = "";
        public string DescriptionMd { get; set; } = "";
        public bool ChathamHouse { get; set; }
        public string? OrganisingOrganisation { get; set; }
    }

    private sealed class EventRow
    {
        public Guid Id { get; set; }
        public string Title { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Format { get; set; } = "";
        public string Status { get; set; } = "";
        public DateTime StartsAt { get; set; }
        public DateTime EndsAt { get; set; }
        public string? RoomName { get; set; }
        public string? VenueName { get; set; }
        public string[]? Themes { get; set; }
        public string ProposingOrganisation { get; set; } = "";
        public string[]? CoSponsors { get; set; }

        public ProgrammeEvent ToEvent(string zone)
        {
            var startsAt = Utc(StartsAt);
            var endsAt = Utc(EndsAt);
            return new ProgrammeEvent(Id, Title, Kind, Format, Status, startsAt, endsAt,
                ConveningClock.ToLocal(startsAt, zone), ConveningClock.ToLocal(endsAt, zone),
                RoomName, VenueName, Themes ?? [], ProposingOrganisation, CoSponsors ?? []);
        }
    }

    private sealed class DetailRow
    {
        public Guid Id { get; set; }
        public Guid ConveningId { get; set; }
        public string ConveningSlug { get; set; } = "";
        public string ConveningName { get; set; } = "";
        public string ConveningKind { get; set; } = "";
        public string TimeZone { get; set; } = "";
        public bool ChathamHouse { get; set; }
        public string Title { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Format { get; set; } = "";
        public string Status { get; set; } = "";
        public string? StatusReason { get; set; }
        public DateTime StartsAt { get; set; }
        public DateTime EndsAt { get; set; }
        public string? RoomName { get; set; }
        public string? RoomAccessibilityNotes { get; set; }
        public string? VenueName { get; set; }
        public string? VenueAddress { get; set; }
        public string[]? Themes { get; set; }
        public string ProposingOrganisation { get; set; } = "";
        public string AbstractMd { get; set; } = "";
        public string[]? Languages { get; set; }
        public string? Interpretation { get; set; }
        public string? WebcastUrl { get; set; }
        public string? AccessibilityInfo { get; set; }
        public int? Capacity { get; set; }
        public string? FlyerFileName { get; set; }
    }

    private sealed class SponsorRow
    {
        public string DisplayName { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? RegionalGroup { get; set; }
    }
}
