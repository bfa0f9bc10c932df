using System.Net;
using Events.Shared.CoSponsors;
using Events.Shared.Email;
using Events.Shared.ReferenceData;

namespace Events.Server.SideEvents;

/// <summary>The mails to a convening's organisers: a new proposal, and each answer of a co-sponsor.</summary>
public static class OrganiserMailText
{
    public static OutgoingMail NewProposal(string to, ProposalMailFacts f, string workspaceLink) =>
        Mail(to, $"New proposal: “{f.Title}”",
            $"{f.ProposingOrganisation} proposed the side event “{f.Title}” for {f.ConveningName}. Review it in the workspace.", workspaceLink, "The workspace");

    /// <param name="confirmed">The event's confirmed co-sponsors after the answer, for the regional groups still missing.</param>
    public static OutgoingMail CoSponsorAnswered(string to, ProposalMailFacts f, string sponsorName, bool confirmedNow,
        IReadOnlyCollection<ConfirmedCoSponsor> confirmed, string boardLink)
    {
        var covered = confirmed.Select(s => s.CountingGroup).OfType<RegionalGroup>().ToHashSet();
        var missing = RegionalGroups.All.Where(g => !covered.Contains(g)).Select(RegionalGroups.DisplayName).ToList();
        var groups = missing.Count == 0
            ? "Confirmed States now come from all five UN regional groups."
            : $"UN regional groups without a confirmed State yet: {string.Join(", ", missing)}.";
        var answer = confirmedNow ? "confirmed" : "declined";
        return Mail(to, $"{sponsorName} {answer} co-sponsoring “{f.Title}”",
            $"{sponsorName} {answer} co-sponsoring “{f.Title}” ({f.ConveningName}).\n\n{groups}", boardLink, "The co-sponsor board");
    }

    private static OutgoingMail Mail(string to, string subject, string body, string link, string linkText)
    {
        var text = $"Hello,\n\n{body}\n\n{linkText}: {link}\n";
        var html = "<p>Hello,</p>" + string.Concat(body.Split("\n\n").Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>"))
            + $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(linkText)}</a></p>";
        return new OutgoingMail(to, subject, text, html);
    }
}
