using Events.Shared.Site;
using System.Net;
using Events.Server.Database;
using Events.Server.Email;
using Events.Server.Hosting;
using Events.Shared.Calendar;
using Events.Shared.Convenings;
using Events.Shared.Email;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Registrations;

public enum RegistrationMailKind { Registered, Waitlisted, PendingApproval, Approved, Declined, Promoted, Cancelled, Removed, EventRescheduled, EventCancelled }

/// <summary>Builds the calendar file a registration mail carries: METHOD:REQUEST for a seat, METHOD:CANCEL when it is gone.</summary>
public interface IRegistrationCalendar
{
    /// <summary>The event as calendars describe it, read through <paramref name="db"/> (so it shows the caller's uncommitted change), or null when there is nothing to put in a calendar yet.</summary>
    Task<CalendarEvent?> EventAsync(EventsDbContext db, Guid sideEventId);

    /// <summary>The .ics for one attendee.</summary>
    MailAttachment Invitation(CalendarEvent calendarEvent, string attendeeEmail, string? attendeeName, bool cancelled);
}

/// <summary>
/// The mails a participant gets for every change of their registration. Each is written to the outbox in the caller's
/// context (<see cref="MailOutbox"/>), so it is committed with the change or not at all; the caller saves.
/// </summary>
public sealed class RegistrationMails(MailOutbox outbox, IRegistrationCalendar calendar, SiteAddress site)
{
    private sealed record Details(string? Email, string? Name, Guid SideEventId, string Title, string ConveningName, DateTime? StartsAt, DateTime? EndsAt,
        string TimeZone, string? Room, string? Venue, string Status, string? CheckInCode, string? DecisionMessage, string? EventReason, string PagePath);

    /// <summary>The mail for this change of the registration, read and written through <paramref name="db"/> (in the change's transaction).</summary>
    public Task EnqueueAsync(EventsDbContext db, Guid registrationId, RegistrationMailKind kind) => EnqueueAsync(db, [(registrationId, kind)]);

    /// <summary>
    /// The mails for changes of several registrations, in the change's transaction: one read of the registrations, then
    /// what <see cref="EnqueueAddedAsync"/> reads, so that a batch of registrations costs little more than one.
    /// </summary>
    public async Task EnqueueAsync(EventsDbContext db, IReadOnlyCollection<(Guid RegistrationId, RegistrationMailKind Kind)> changes)
    {
        if (changes.Count == 0) return;
        var ids = changes.Select(c => c.RegistrationId).ToList();
        var rows = await db.Registrations.Where(r => ids.Contains(r.Id))
            .Select(r => new RegistrationFacts(r.Id, r.UserId, r.ConveningId, r.SideEventId, r.Status, r.CheckInCode, r.DecisionMessage))
            .ToDictionaryAsync(r => r.Id);
        await EnqueueAsync(db, changes.Where(c => rows.ContainsKey(c.RegistrationId)).Select(c => (rows[c.RegistrationId], c.Kind)).ToList());
    }

    /// <summary>
    /// The mails for registrations this transaction is adding, before they are saved: the rows and their mails then go
    /// to the database in one save (a rush's batch of a hundred people pays one round trip for both). The people are
    /// read in one query and each event once.
    /// </summary>
    public Task EnqueueAddedAsync(EventsDbContext db, IReadOnlyCollection<(Registration Registration, RegistrationMailKind Kind)> added) =>
        EnqueueAsync(db, added.Select(a => (new RegistrationFacts(a.Registration.Id, a.Registration.UserId, a.Registration.ConveningId,
            a.Registration.SideEventId, a.Registration.Status, a.Registration.CheckInCode, a.Registration.DecisionMessage), a.Kind)).ToList());

    private async Task EnqueueAsync(EventsDbContext db, IReadOnlyCollection<(RegistrationFacts Registration, RegistrationMailKind Kind)> changes)
    {
        if (changes.Count == 0) return;
        var details = await DetailsAsync(db, changes.Select(c => c.Registration).ToList());
        var calendarEvents = new Dictionary<Guid, CalendarEvent?>();
        foreach (var (registration, kind) in changes)
            if (details.TryGetValue(registration.Id, out var d) && d.Email is not null) // no account any more: nobody to write to
                outbox.Enqueue(db, await ComposeAsync(db, d, d.Email, kind, calendarEvents));
    }

    private async Task<OutgoingMail> ComposeAsync(EventsDbContext db, Details d, string email, RegistrationMailKind kind, Dictionary<Guid, CalendarEvent?> calendarEvents)
    {
        var when = d.StartsAt is { } s && d.EndsAt is { } en
            ? $"{TimeText.Span(Local(s, d.TimeZone), Local(en, d.TimeZone))} ({d.TimeZone})" : "time to be announced";
        var where = string.Join(", ", new[] { d.Room, d.Venue }.Where(x => x is not null));
        var (subject, body) = kind switch
        {
            RegistrationMailKind.Registered or RegistrationMailKind.Approved =>
                ($"Registered: {d.Title}", $"You are registered for “{d.Title}” ({d.ConveningName}).\n\nWhen: {when}\nWhere: {where}\nYour check-in code: {FormatCode(d.CheckInCode)}\n\nThe attached calendar entry adds it to your calendar."),
            RegistrationMailKind.Promoted =>
                ($"A seat is yours: {d.Title}", $"A seat freed up and you moved from the waitlist: you are now registered for “{d.Title}”.\n\nWhen: {when}\nWhere: {where}\nYour check-in code: {FormatCode(d.CheckInCode)}"),
            RegistrationMailKind.Waitlisted =>
                ($"On the waitlist: {d.Title}", $"“{d.Title}” is full, so you are on the waitlist. Seats go to the waitlist in order; we will write if one is yours.\n\nWhen: {when}"),
            RegistrationMailKind.PendingApproval =>
                ($"Request received: {d.Title}", $"The organisers of “{d.Title}” approve registrations. We will write with their answer.\n\nWhen: {when}"),
            RegistrationMailKind.Declined =>
                ($"Registration declined: {d.Title}", $"The organisers could not offer you a place at “{d.Title}”." + (d.DecisionMessage is null ? "" : $"\n\nTheir message: {d.DecisionMessage}")),
            RegistrationMailKind.Cancelled =>
                ($"Registration cancelled: {d.Title}", $"Your registration for “{d.Title}” is cancelled. The attached file removes it from your calendar."),
            RegistrationMailKind.Removed =>
                ($"Registration withdrawn: {d.Title}", $"The organisers withdrew your registration for “{d.Title}”." + (d.DecisionMessage is null ? "" : $"\n\nTheir message: {d.DecisionMessage}")),
            RegistrationMailKind.EventRescheduled =>
                ($"New time: {d.Title}", $"“{d.Title}” has moved.\n\nNew time: {when}\nWhere: {where}" + (d.EventReason is null ? "" : $"\n\nReason: {d.EventReason}") + "\n\nThe attached calendar entry updates your calendar."),
            _ =>
                ($"Cancelled: {d.Title}", $"“{d.Title}” has been cancelled." + (d.EventReason is null ? "" : $"\n\nReason: {d.EventReason}") + "\n\nThe attached file removes it from your calendar."),
        };
        var link = site.Link(d.PagePath);
        var text = $"Hello {d.Name},\n\n{body}\n\nEvent page: {link}\nYour registrations: {site.Link("/my/registrations")}\n";
        var html = $"<p>Hello {WebUtility.HtmlEncode(d.Name)},</p><p>{WebUtility.HtmlEncode(body).Replace("\n", "<br>")}</p><p><a href=\"{WebUtility.HtmlEncode(link)}\">Event page</a></p>";

        var seatHeld = kind is RegistrationMailKind.Registered or RegistrationMailKind.Approved or RegistrationMailKind.Promoted
            || (kind == RegistrationMailKind.EventRescheduled && d.Status == "confirmed");
        var seatGone = kind is RegistrationMailKind.Cancelled or RegistrationMailKind.Removed or RegistrationMailKind.EventCancelled;
        MailAttachment? attachment = null;
        if (seatHeld || seatGone)
        {
            if (!calendarEvents.TryGetValue(d.SideEventId, out var calendarEvent))
                calendarEvents[d.SideEventId] = calendarEvent = await calendar.EventAsync(db, d.SideEventId);
            if (calendarEvent is not null) attachment = calendar.Invitation(calendarEvent, email, d.Name, cancelled: seatGone);
        }
        return new OutgoingMail(email, subject, text, html, attachment is null ? null : [attachment]);
    }

    /// <summary>The mails for several registrations (waitlist promotions), in the change's transaction.</summary>
    public Task EnqueueAsync(EventsDbContext db, IEnumerable<Guid> registrationIds, RegistrationMailKind kind) =>
        EnqueueAsync(db, registrationIds.Select(id => (id, kind)).ToList());

    /// <summary>Tells everyone still registered that the event moved or was cancelled.</summary>
    public async Task EnqueueEventChangeAsync(EventsDbContext db, Guid sideEventId, RegistrationMailKind kind)
    {
        var ids = await db.Registrations
            .Where(g => g.SideEventId == sideEventId && RegistrationStatuses.Live.Contains(g.Status) && g.UserId != null)
            .Select(g => g.Id).ToListAsync();
        await EnqueueAsync(db, ids, kind);
    }

    public async Task EnqueueInvitationAsync(EventsDbContext db, Guid sideEventId, string email, string token)
    {
        var link = site.Link($"/e/{sideEventId}/register?invitation={Uri.EscapeDataString(token)}");
        string title, conveningName, timeZone;
        string? organisingBody;
        DateTime? startsAt;
        {
            var sideEvent = await db.SideEvents.Where(e => e.Id == sideEventId)
                .Select(e => new { e.Title, ConveningName = e.Convening.Name, e.StartsAt, e.Convening.TimeZone, e.Convening.OrganisingOrganisation }).SingleOrDefaultAsync();
            if (sideEvent is not null)
                (title, conveningName, startsAt, timeZone, organisingBody) = (sideEvent.Title, sideEvent.ConveningName, sideEvent.StartsAt, sideEvent.TimeZone, sideEvent.OrganisingOrganisation);
            else
            {
                var convening = await db.Convenings.Where(c => c.Id == sideEventId).Select(c => new { c.Name, c.StartsOn, c.TimeZone, c.OrganisingOrganisation }).SingleAsync();
                (title, conveningName, startsAt, timeZone, organisingBody) = (convening.Name, convening.Name, ConveningSpan.StartUtc(convening.StartsOn, convening.TimeZone), convening.TimeZone, convening.OrganisingOrganisation);
            }
        }
        var when = startsAt is { } s ? $"{TimeText.DayAndTime(Local(s, timeZone))} ({timeZone})" : "time to be announced";
        // The invitation comes from the organising body, never from an organiser's own account name.
        var inviter = string.IsNullOrWhiteSpace(organisingBody) ? $"The organisers of {conveningName} invite" : $"{organisingBody} invites";
        var text = $"Hello,\n\n{inviter} you to “{title}” ({conveningName}), {when}.\n\nThis personal link registers you (log in or create an account first):\n{link}\n\nPlease do not forward it: it works once.\n";
        outbox.Enqueue(db, new OutgoingMail(email, $"Invitation: {title}", text,
            $"<p>Hello,</p><p>{WebUtility.HtmlEncode(inviter)} you to “{WebUtility.HtmlEncode(title)}” ({WebUtility.HtmlEncode(conveningName)}), {WebUtility.HtmlEncode(when)}.</p><p><a href=\"{WebUtility.HtmlEncode(link)}\">Register with your personal invitation</a></p><p>Please do not forward it: it works once.</p>"));
    }

    /// <summary>What a registration mail needs of the registration itself.</summary>
    private sealed record RegistrationFacts(Guid Id, Guid? UserId, Guid ConveningId, Guid? SideEventId, string Status, string? CheckInCode, string? DecisionMessage);

    /// <summary>What every registration mail says: the person (one query), each event (one query) and, for those registered for
    /// a convening as a whole, the convening, which spans its days.</summary>
    private static async Task<Dictionary<Guid, Details>> DetailsAsync(EventsDbContext db, List<RegistrationFacts> registrations)
    {
        var userIds = registrations.Where(r => r.UserId is not null).Select(r => r.UserId!.Value).Distinct().ToList();
        var people = await db.Users.Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.Email, u.DisplayName }).ToDictionaryAsync(u => u.Id);
        var sideEventIds = registrations.Where(r => r.SideEventId is not null).Select(r => r.SideEventId!.Value).Distinct().ToList();
        var events = sideEventIds.Count == 0 ? [] : await db.SideEvents.Where(e => sideEventIds.Contains(e.Id))
            .Select(e => new
            {
                e.Id, e.Title, ConveningName = e.Convening.Name, e.StartsAt, e.EndsAt, e.Convening.TimeZone,
                Room = e.Room == null ? null : e.Room.Name, Venue = e.Room == null ? null : e.Room.Venue.Name, e.StatusReason,
            }).ToDictionaryAsync(e => e.Id);
        var conveningIds = registrations.Where(r => r.SideEventId is null).Select(r => r.ConveningId).Distinct().ToList();
        var convenings = conveningIds.Count == 0 ? [] : await db.Convenings.Where(c => conveningIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Name, c.StartsOn, c.EndsOn, c.TimeZone, c.Slug }).ToDictionaryAsync(c => c.Id);

        var details = new Dictionary<Guid, Details>();
        foreach (var r in registrations)
        {
            var person = r.UserId is { } userId && people.TryGetValue(userId, out var p) ? p : null;
            if (r.SideEventId is { } sideEventId && events.TryGetValue(sideEventId, out var e))
                details[r.Id] = new Details(person?.Email, person?.DisplayName, sideEventId, e.Title, e.ConveningName, e.StartsAt, e.EndsAt,
                    e.TimeZone, e.Room, e.Venue, r.Status, r.CheckInCode, r.DecisionMessage, e.StatusReason, $"/e/{sideEventId}");
            else if (r.SideEventId is null && convenings.TryGetValue(r.ConveningId, out var c))
                details[r.Id] = new Details(person?.Email, person?.DisplayName, c.Id, c.Name, c.Name,
                    ConveningSpan.StartUtc(c.StartsOn, c.TimeZone), ConveningSpan.EndUtc(c.EndsOn, c.TimeZone),
                    c.TimeZone, null, null, r.Status, r.CheckInCode, r.DecisionMessage, null, $"/c/{c.Slug}");
        }
        return details;
    }

    private static DateTimeOffset Local(DateTime utc, string zone) => ConveningClock.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), zone);
    private static string FormatCode(string? code) => code is { Length: 8 } ? $"{code[..4]}-{code[4..]}" : code ?? "";
}
