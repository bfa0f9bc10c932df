using System.Net.Mail;
using System.Text;
using Dapper;
using Events.Server.Database;
using Events.Server.Email;
using Events.Server.Hosting;
using Events.Shared.Calendar;
using Events.Shared.Email;

namespace Events.Server.Registrations;

/// <summary>The .ics a registration mail carries, written by the project's iCalendar writer for this one recipient.</summary>
public sealed class RegistrationCalendar(DatabaseConnections database, SiteAddress site, EmailOptions email, TimeProvider clock) : IRegistrationCalendar
{
    private sealed record Row(Guid Id, string Title, DateTime? StartsAt, DateTime? EndsAt, string TimeZone, string Status, string? StatusReason,
        int Sequence, DateTime UpdatedAt, string AbstractMd, string? WebcastUrl, bool ChathamHouse, string? RoomName, string? VenueName,
        string? VenueAddress, string ProposingOrganisation, string PagePath);

    public async Task<MailAttachment?> InvitationAsync(Guid sideEventId, string attendeeEmail, string? attendeeName, bool cancelled)
    {
        await using var db = await database.OpenAsync();
        var r = await db.QuerySingleOrDefaultAsync<Row>("""
            SELECT e.id, e.title, e.starts_at AS StartsAt, e.ends_at AS EndsAt, c.time_zone AS TimeZone, e.status, e.status_reason AS StatusReason,
                   e.sequence, e.updated_at AS UpdatedAt, e.abstract_md AS AbstractMd, e.webcast_url AS WebcastUrl, c.chatham_house AS ChathamHouse,
                   r.name AS RoomName, v.name AS VenueName, v.address AS VenueAddress, e.proposing_organisation AS ProposingOrganisation,
                   '/e/' || e.id AS PagePath
            FROM side_events e JOIN convenings c ON c.id = e.convening_id LEFT JOIN rooms r ON r.id = e.room_id LEFT JOIN venues v ON v.id = r.venue_id
            WHERE e.id = @sideEventId
            UNION ALL
            -- A convening as a whole: from the start of its first day to the end of its last, in its own time zone.
            SELECT c.id, c.name, c.starts_on::timestamp AT TIME ZONE c.time_zone, (c.ends_on + 1)::timestamp AT TIME ZONE c.time_zone, c.time_zone,
                   'scheduled', NULL, 0, c.updated_at, c.description_md, NULL, c.chatham_house, NULL, NULL, NULL,
                   COALESCE(c.organising_organisation, c.name), '/c/' || c.slug
            FROM convenings c WHERE c.id = @sideEventId
            """, new { sideEventId });
        if (r?.StartsAt is null || r.EndsAt is null) return null; // nothing to put in a calendar yet
        var calendarEvent = new CalendarEvent
        {
            Id = r.Id, Title = r.Title, TimeZone = r.TimeZone,
            StartsAtUtc = new DateTimeOffset(DateTime.SpecifyKind(r.StartsAt.Value, DateTimeKind.Utc)),
            EndsAtUtc = new DateTimeOffset(DateTime.SpecifyKind(r.EndsAt.Value, DateTimeKind.Utc)),
            Cancelled = r.Status == "cancelled", CancellationReason = r.Status == "cancelled" ? r.StatusReason : null,
            Sequence = r.Sequence, UpdatedAtUtc = new DateTimeOffset(DateTime.SpecifyKind(r.UpdatedAt, DateTimeKind.Utc)),
            Abstract = Markdig.Markdown.ToPlainText(r.AbstractMd).Trim(), WebcastUrl = r.WebcastUrl, ChathamHouse = r.ChathamHouse,
            RoomName = r.RoomName, VenueName = r.VenueName, VenueAddress = r.VenueAddress, Organiser = r.ProposingOrganisation,
            PageUrl = Uri.TryCreate($"{site.BaseUrl}{r.PagePath}", UriKind.Absolute, out var page) ? page : null,
        };
        var ics = IcsDocument.ForInvitation(calendarEvent, new MailAddress(email.From).Address, new CalendarAttendee(attendeeEmail, attendeeName),
            clock.GetUtcNow(), cancelled ? InvitationMethod.Cancel : InvitationMethod.Request);
        var method = cancelled ? "CANCEL" : "REQUEST";
        return new MailAttachment(cancelled ? "cancel.ics" : "invite.ics", $"text/calendar; charset=utf-8; method={method}", Encoding.UTF8.GetBytes(ics));
    }
}
