using Events.Shared.Site;
using System.Net;
using Dapper;
using Events.Server.Database;
using Events.Server.Email;
using Events.Server.Hosting;
using Events.Shared.Convenings;
using Events.Shared.Email;

namespace Events.Server.Registrations;

public enum RegistrationMailKind { Registered, Waitlisted, PendingApproval, Approved, Declined, Promoted, Cancelled, Removed, EventRescheduled, EventCancelled }

/// <summary>Builds the calendar file a registration mail carries: METHOD:REQUEST for a seat, METHOD:CANCEL when it is gone.</summary>
public interface IRegistrationCalendar
{
    Task<MailAttachment?> InvitationAsync(Guid sideEventId, string attendeeEmail, string? attendeeName, bool cancelled);
}

/// <summary>
/// The mails a participant gets for every change of their registration. A mail that cannot be sent is logged and
/// does not undo the change: the participant still sees the truth on "My registrations".
/// </summary>
public sealed class RegistrationMails(
    DatabaseConnections database, IMailSender mail, IRegistrationCalendar calendar, SiteAddress site, ILogger<RegistrationMails> logger)
{
    private sealed record Details(string? Email, string? Name, Guid SideEventId, string Title, string ConveningName, DateTime? StartsAt, DateTime? EndsAt,
        string TimeZone, string? Room, string? Venue, string Status, string? CheckInCode, string? DecisionMessage, string? EventReason, string PagePath);

    public async Task SendAsync(Guid registrationId, RegistrationMailKind kind)
    {
        try
        {
            await using var db = await database.OpenAsync();
            var d = await db.QuerySingleOrDefaultAsync<Details>("""
                SELECT u.email, u.display_name AS Name, COALESCE(e.id, c.id) AS SideEventId, COALESCE(e.title, c.name) AS Title, c.name AS ConveningName,
                       COALESCE(e.starts_at, c.starts_on::timestamp AT TIME ZONE c.time_zone) AS StartsAt,
                       COALESCE(e.ends_at, (c.ends_on + 1)::timestamp AT TIME ZONE c.time_zone) AS EndsAt,
                       c.time_zone AS TimeZone, r.name AS Room, v.name AS Venue, g.status, g.check_in_code AS CheckInCode,
                       g.decision_message AS DecisionMessage, e.status_reason AS EventReason,
                       CASE WHEN e.id IS NULL THEN '/c/' || c.slug ELSE '/e/' || e.id END AS PagePath
                FROM registrations g JOIN convenings c ON c.id = g.convening_id LEFT JOIN side_events e ON e.id = g.side_event_id
                LEFT JOIN users u ON u.id = g.user_id LEFT JOIN rooms r ON r.id = e.room_id LEFT JOIN venues v ON v.id = r.venue_id
                WHERE g.id = @registrationId
                """, new { registrationId });
            if (d?.Email is null) return; // erased in the meantime: nobody to write to
            var when = d.StartsAt is { } s && d.EndsAt is { } en
                ? $"{Local(s, d.TimeZone):dddd d MMMM yyyy, HH:mm}–{Local(en, d.TimeZone):HH:mm} ({d.TimeZone})" : "time to be announced";
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
            var attachment = seatHeld || seatGone ? await calendar.InvitationAsync(d.SideEventId, d.Email, d.Name, cancelled: seatGone) : null;
            await mail.SendAsync(new OutgoingMail(d.Email, subject, text, html, attachment is null ? null : [attachment]));
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not send the {Kind} mail for registration {RegistrationId}", kind, registrationId);
        }
    }

    /// <summary>Tells everyone still registered that the event moved or was cancelled.</summary>
    public async Task NotifyEventChangeAsync(Guid sideEventId, RegistrationMailKind kind)
    {
        await using var db = await database.OpenAsync();
        var ids = await db.QueryAsync<Guid>(
            "SELECT id FROM registrations WHERE side_event_id = @sideEventId AND status IN ('pending', 'confirmed', 'waitlisted') AND user_id IS NOT NULL",
            new { sideEventId });
        foreach (var id in ids) await SendAsync(id, kind);
    }

    public async Task SendInvitationAsync(Guid sideEventId, string email, string token)
    {
        var link = site.Link($"/e/{sideEventId}/register?invitation={Uri.EscapeDataString(token)}");
        await using var db = await database.OpenAsync();
        var d = await db.QuerySingleAsync<(string Title, string ConveningName, DateTime? StartsAt, string TimeZone)>("""
            SELECT e.title, c.name, e.starts_at, c.time_zone FROM side_events e JOIN convenings c ON c.id = e.convening_id WHERE e.id = @sideEventId
            UNION ALL
            SELECT c.name, c.name, c.starts_on::timestamp AT TIME ZONE c.time_zone, c.time_zone FROM convenings c WHERE c.id = @sideEventId
            """, new { sideEventId });
        var when = d.StartsAt is { } s ? $"{Local(s, d.TimeZone):dddd d MMMM yyyy, HH:mm} ({d.TimeZone})" : "time to be announced";
        var text = $"Hello,\n\nYou are invited to “{d.Title}” ({d.ConveningName}), {when}.\n\nThis personal link registers you (log in or create an account first):\n{link}\n\nPlease do not forward it: it works once.\n";
        await mail.SendAsync(new OutgoingMail(email, $"Invitation: {d.Title}", text,
            $"<p>Hello,</p><p>You are invited to “{WebUtility.HtmlEncode(d.Title)}” ({WebUtility.HtmlEncode(d.ConveningName)}), {WebUtility.HtmlEncode(when)}.</p><p><a href=\"{WebUtility.HtmlEncode(link)}\">Register with your personal invitation</a></p><p>Please do not forward it: it works once.</p>"));
    }

    private static DateTimeOffset Local(DateTime utc, string zone) => ConveningClock.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), zone);
    private static string FormatCode(string? code) => code is { Length: 8 } ? $"{code[..4]}-{code[4..]}" : code ?? "";
}
