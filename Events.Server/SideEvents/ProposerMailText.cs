using System.Net;
using Events.Shared.Convenings;
using Events.Shared.Email;
using Events.Shared.Site;

namespace Events.Server.SideEvents;

/// <summary>What a proposal's workflow mails need to say, read once after the change is committed.</summary>
/// <param name="StartsAt">The slot in UTC, when the event has one.</param>
/// <param name="SlotResponseDue">The deadline to answer an offered slot, in UTC.</param>
public sealed record ProposalMailFacts(
    Guid SideEventId, string Title, string ProposingOrganisation, string ConveningName, string ConveningSlug, string? OrganisingBody,
    string TimeZone, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? RoomName, DateTimeOffset? SlotResponseDue, string? Reason)
{
    /// <summary>Who runs the convening, as mails name it: the organising body, never an organiser's own name.</summary>
    public string Organisers => string.IsNullOrWhiteSpace(OrganisingBody) ? $"The organisers of {ConveningName}" : OrganisingBody!;

    /// <summary>The slot on the convening's clock, with the zone named once.</summary>
    public string? Slot => StartsAt is { } starts && EndsAt is { } ends
        ? $"{TimeText.Span(Local(starts), Local(ends))} ({TimeZone}){(RoomName is null ? "" : $", {RoomName}")}"
        : null;

    public DateTimeOffset Local(DateTimeOffset utc) => ConveningClock.ToLocal(utc, TimeZone);
}

public enum ProposerMailKind { Accepted, Declined, Waitlisted, SlotOffered, Rescheduled }

/// <summary>The mails to a proposer as their proposal moves: accepted, declined, waitlisted, offered a slot, rescheduled.</summary>
public static class ProposerMailText
{
    public static OutgoingMail Compose(string to, string? name, ProposalMailFacts f, ProposerMailKind kind, string proposalsLink)
    {
        var (subject, body) = kind switch
        {
            ProposerMailKind.Accepted => ($"Accepted: “{f.Title}”",
                $"{f.Organisers} accepted your proposal “{f.Title}” for {f.ConveningName}. You will receive a room and a time next."),
            ProposerMailKind.Declined => ($"Not accepted: “{f.Title}”",
                $"{f.Organisers} could not accept your proposal “{f.Title}” for {f.ConveningName}.{(f.Reason is null ? "" : $"\n\nTheir reason: {f.Reason}")}"),
            ProposerMailKind.Waitlisted => ($"On the waiting list: “{f.Title}”",
                $"{f.Organisers} put your proposal “{f.Title}” for {f.ConveningName} on the waiting list. They will write again if a slot opens.{(f.Reason is null ? "" : $"\n\nTheir note: {f.Reason}")}"),
            ProposerMailKind.SlotOffered => ($"A slot for “{f.Title}”: please answer",
                $"{f.Organisers} offer “{f.Title}” this slot: {f.Slot}.\n\n"
                + (f.SlotResponseDue is { } due
                    ? $"Please accept it or ask for a change by {TimeText.DayAndTime(f.Local(due))} ({f.TimeZone})."
                    : "Please accept it or ask for a change.")),
            ProposerMailKind.Rescheduled => ($"New time for “{f.Title}”",
                $"{f.Organisers} moved “{f.Title}” to {f.Slot}.{(f.Reason is null ? "" : $"\n\nTheir reason: {f.Reason}")}\n\n"
                + (f.SlotResponseDue is { } due
                    ? $"Please accept the new slot or ask for a change by {TimeText.DayAndTime(f.Local(due))} ({f.TimeZone})."
                    : "Please accept the new slot or ask for a change.")),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var greeting = string.IsNullOrWhiteSpace(name) ? "Hello," : $"Dear {name},";
        var text = $"{greeting}\n\n{body}\n\nYour proposals: {proposalsLink}\n";
        var html = $"<p>{WebUtility.HtmlEncode(greeting)}</p>"
            + string.Concat(body.Split("\n\n").Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>"))
            + $"<p><a href=\"{WebUtility.HtmlEncode(proposalsLink)}\">Your proposals</a></p>";
        return new OutgoingMail(to, subject, text, html);
    }
}
