using Events.Shared.Site;
using System.Net.Mail;
using System.Text;
using Events.Server.Calendar;
using Events.Server.Database;
using Events.Server.Email;
using Events.Server.Hosting;
using Events.Shared.Calendar;
using Events.Shared.Email;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Registrations;

/// <summary>
/// The .ics a registration mail carries, built by CalendarDocuments (Ical.Net) for this one recipient. A side
/// event is described exactly as the calendar feeds describe it (<see cref="CalendarQueries"/>); a convening registered
/// for as a whole spans its days.
/// </summary>
public sealed class RegistrationCalendar(
    CalendarQueries calendars, SiteAddress site, EmailOptions email, TimeProvider clock) : IRegistrationCalendar
{
    public async Task<CalendarEvent?> EventAsync(EventsDbContext db, Guid sideEventId) =>
        (await calendars.EventsAsync([sideEventId], site.BaseUri, publicConveningsOnly: false, within: db)).SingleOrDefault()?.Event
        ?? await ConveningAsync(db, sideEventId, site.BaseUri);

    public MailAttachment Invitation(CalendarEvent calendarEvent, string attendeeEmail, string? attendeeName, bool cancelled)
    {
        var ics = CalendarDocuments.ForInvitation(calendarEvent, new MailAddress(email.From).Address, new CalendarAttendee(attendeeEmail, attendeeName),
            clock.GetUtcNow(), cancelled ? InvitationMethod.Cancel : InvitationMethod.Request);
        var method = cancelled ? "CANCEL" : "REQUEST";
        return new MailAttachment(cancelled ? "cancel.ics" : "invite.ics", $"text/calendar; charset=utf-8; method={method}", Encoding.UTF8.GetBytes(ics));
    }

    /// <summary>A convening as a whole: from the start of its first day to the end of its last, in its own time zone.</summary>
    private static async Task<CalendarEvent?> ConveningAsync(EventsDbContext db, Guid conveningId, Uri siteUrl)
    {
        var c = await db.Convenings.Where(c => c.Id == conveningId)
            .Select(c => new { c.Id, c.Name, c.Slug, c.StartsOn, c.EndsOn, c.TimeZone, c.UpdatedAt, c.DescriptionMd, c.ChathamHouse, c.OrganisingOrganisation })
            .SingleOrDefaultAsync();
        if (c is null) return null;
        return new CalendarEvent
        {
            Id = c.Id, Title = c.Name, TimeZone = c.TimeZone,
            StartsAtUtc = new DateTimeOffset(ConveningSpan.StartUtc(c.StartsOn, c.TimeZone)),
            EndsAtUtc = new DateTimeOffset(ConveningSpan.EndUtc(c.EndsOn, c.TimeZone)),
            UpdatedAtUtc = new DateTimeOffset(DateTime.SpecifyKind(c.UpdatedAt, DateTimeKind.Utc)),
            Abstract = CalendarText.FromMarkdown(c.DescriptionMd), ChathamHouse = c.ChathamHouse, Organiser = c.OrganisingOrganisation ?? c.Name,
            PageUrl = new Uri(siteUrl, $"c/{c.Slug}"),
        };
    }
}
