using Events.Shared.Site;
using System.Net.Mail;
using System.Text;
using Dapper;
using Events.Shared.Calendar;
using Events.Server.Calendar;
using Events.Server.Database;
using Events.Server.Email;
using Events.Server.Hosting;
using Events.Shared.Calendar;
using Events.Shared.Email;

namespace Events.Server.Registrations;

/// <summary>
/// The .ics a registration mail carries, written by the project's iCalendar writer for this one recipient. A side
/// event is described exactly as the calendar feeds describe it (<see cref="CalendarQueries"/>); a convening registered
/// for as a whole spans its days.
/// </summary>
public sealed class RegistrationCalendar(
    DatabaseConnections database, CalendarQueries calendars, SiteAddress site, EmailOptions email, TimeProvider clock) : IRegistrationCalendar
{
    public async Task<MailAttachment?> InvitationAsync(Guid sideEventId, string attendeeEmail, string? attendeeName, bool cancelled)
    {
        var calendarEvent = (await calendars.EventsAsync([sideEventId], site.BaseUri, publicConveningsOnly: false)).SingleOrDefault()
            ?? await ConveningAsync(sideEventId, site.BaseUri);
        if (calendarEvent is null) return null; // nothing to put in a calendar yet
        var ics = IcsDocument.ForInvitation(calendarEvent, new MailAddress(email.From).Address, new CalendarAttendee(attendeeEmail, attendeeName),
            clock.GetUtcNow(), cancelled ? InvitationMethod.Cancel : InvitationMethod.Request);
        var method = cancelled ? "CANCEL" : "REQUEST";
        return new MailAttachment(cancelled ? "cancel.ics" : "invite.ics", $"text/calendar; charset=utf-8; method={method}", Encoding.UTF8.GetBytes(ics));
    }

    private sealed record ConveningRow(Guid Id, string Name, string Slug, DateTime StartsAt, DateTime EndsAt, string TimeZone, DateTime UpdatedAt,
        string DescriptionMd, bool ChathamHouse, string? OrganisingOrganisation);

    /// <summary>A convening as a whole: from the start of its first day to the end of its last, in its own time zone.</summary>
    private async Task<CalendarEvent?> ConveningAsync(Guid conveningId, Uri siteUrl)
    {
        await using var db = await database.OpenAsync();
        var c = await db.QuerySingleOrDefaultAsync<ConveningRow>("""
            SELECT id, name, slug, starts_on::timestamp AT TIME ZONE time_zone AS StartsAt, (ends_on + 1)::timestamp AT TIME ZONE time_zone AS EndsAt,
                   time_zone AS TimeZone, updated_at AS UpdatedAt, description_md AS DescriptionMd, chatham_house AS ChathamHouse,
                   organising_organisation AS OrganisingOrganisation
            FROM convenings WHERE id = @conveningId
            """, new { conveningId });
        if (c is null) return null;
        return new CalendarEvent
        {
            Id = c.Id, Title = c.Name, TimeZone = c.TimeZone,
            StartsAtUtc = new DateTimeOffset(DateTime.SpecifyKind(c.StartsAt, DateTimeKind.Utc)),
            EndsAtUtc = new DateTimeOffset(DateTime.SpecifyKind(c.EndsAt, DateTimeKind.Utc)),
            UpdatedAtUtc = new DateTimeOffset(DateTime.SpecifyKind(c.UpdatedAt, DateTimeKind.Utc)),
            Abstract = CalendarText.FromMarkdown(c.DescriptionMd), ChathamHouse = c.ChathamHouse, Organiser = c.OrganisingOrganisation ?? c.Name,
            PageUrl = new Uri(siteUrl, $"c/{c.Slug}"),
        };
    }
}
