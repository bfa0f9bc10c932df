using System.Net;
using Events.Server.Database;
using Events.Server.Email;
using Events.Shared.CoSponsors;
using Events.Shared.Email;
using Events.Shared.Site;
using Microsoft.EntityFrameworkCore;
using static Events.Server.CoSponsors.CoSponsorTime;

namespace Events.Server.CoSponsors;

/// <summary>
/// The mails to focal points: a first invitation, a reminder, or a new link. They are written to the outbox in the
/// change's transaction, so a mail never announces an invitation that was rolled back, and an invitation is never
/// without its mail. Focal points' addresses are personal data: they go to the mail, never to the logs.
/// </summary>
public sealed class CoSponsorMails(MailOutbox outbox, SiteAddress site)
{
    /// <summary>A first invitation, a reminder of an unanswered one, or a new link for someone who has answered (to see or change the answer).</summary>
    internal enum Kind { Invitation, Reminder, NewLink }

    /// <summary>One mail to send: the token is only here and in the mail (in the outbox until it is delivered), never stored as such.</summary>
    internal sealed record Outgoing(Guid InvitationId, CoSponsorEvent Event, string SponsorName, string? FocalPointName, string FocalPointEmail,
        string? Message, string Token, DateTimeOffset ExpiresAt, string? OrganisingBody, Kind Kind);

    /// <summary>Writes the mail into <paramref name="db"/>; the caller's commit sends it on its way.</summary>
    internal void Enqueue(EventsDbContext db, Outgoing outgoing) => outbox.Enqueue(db, Compose(outgoing));

    private OutgoingMail Compose(Outgoing o)
    {
        var link = CoSponsorLinkPaths.Link(site.BaseUrl, o.Token);
        var e = o.Event;
        var when = e.StartsAt is { } starts
            ? $" on {TimeText.Span(Local(starts, e.TimeZone), Local(e.EndsAt!.Value, e.TimeZone))} ({e.TimeZone}){(e.RoomName is null ? "" : $", {e.RoomName}")}"
            : "";
        // The organising body speaks, not the organiser's own account: "UN Women", or "The organisers of CSW70".
        var inviter = string.IsNullOrWhiteSpace(o.OrganisingBody) ? $"The organisers of {e.ConveningName}" : o.OrganisingBody;
        var expires = TimeText.Date(Local(o.ExpiresAt.UtcDateTime, e.TimeZone));
        var subject = o.Kind switch
        {
            Kind.Reminder => $"Reminder: invitation to co-sponsor “{e.Title}”",
            Kind.NewLink => $"A new link to your answer on co-sponsoring “{e.Title}”",
            _ => $"Invitation to co-sponsor “{e.Title}”",
        };
        var intro = o.Kind == Kind.NewLink
            ? $"Here is a new link to see or change the answer of {o.SponsorName} on co-sponsoring the side event “{e.Title}”, organised by {e.ProposingOrganisation}{when}, at {e.ConveningName}. Earlier links no longer work."
            : string.IsNullOrWhiteSpace(o.OrganisingBody)
                ? $"{inviter} invite {o.SponsorName} to co-sponsor the side event “{e.Title}”, organised by {e.ProposingOrganisation}{when}."
                : $"{inviter}, on behalf of {e.ConveningName}, invites {o.SponsorName} to co-sponsor the side event “{e.Title}”, organised by {e.ProposingOrganisation}{when}.";
        // The link comes before any text the organiser wrote, so it is the first link in the mail.
        var text = $"""
            Dear {o.FocalPointName},

            {intro}

            To confirm or decline, open this link (no account is needed):
            {link}

            The link works until {expires}. It is for you alone: please do not forward it. You can change your answer until the organisers close the list of co-sponsors.
            """ + (o.Message is null ? "\n" : $"\n\nMessage from {inviter}:\n{o.Message}\n");
        string H(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = $"""
            <p>Dear {H(o.FocalPointName)},</p>
            <p>{H(intro)}</p>
            <p><a href="{H(link)}">Confirm or decline</a> (no account is needed).</p>
            <p>The link works until {H(expires)}. It is for you alone: please do not forward it. You can change your answer until the organisers close the list of co-sponsors.</p>
            """ + (o.Message is null ? "" : $"<p>Message from {H(inviter)}:</p><blockquote style=\"white-space:pre-line\">{H(o.Message)}</blockquote>");
        return new OutgoingMail(o.FocalPointEmail, subject, text, html);
    }
}
