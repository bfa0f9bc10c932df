using Events.Server.CoSponsors;
using Events.Server.Database;
using Events.Server.Email;
using Events.Shared.Email;
using Events.Shared.Site;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.SideEvents;

/// <summary>
/// Writes the proposal workflow's mails to the outbox in the transaction of the change they report (so a mail is sent
/// if and only if its change commits, even when the server dies right after): to the proposer as the proposal moves,
/// and to the convening's organisers on a new proposal and on each co-sponsor answer. The words are in
/// <see cref="ProposerMailText"/> and <see cref="OrganiserMailText"/>; this class reads the facts through the change's
/// own context, after the change, and adds each mail to it with <see cref="MailOutbox"/>; the caller saves and commits.
/// </summary>
public sealed class ProposalMails(MailOutbox outbox, SiteAddress site)
{
    public async Task QueueToProposerAsync(EventsDbContext db, Guid sideEventId, ProposerMailKind kind)
    {
        var proposer = await db.SideEvents.Where(e => e.Id == sideEventId)
            .Join(db.Users, e => e.ProposerUserId, u => u.Id, (e, u) => new { u.Email, u.DisplayName })
            .FirstOrDefaultAsync();
        if (proposer?.Email is null || await FactsAsync(db, sideEventId) is not { } facts) return;
        outbox.Enqueue(db, ProposerMailText.Compose(proposer.Email, proposer.DisplayName, facts, kind, site.Link("/my/proposals")));
    }

    public async Task QueueNewProposalAsync(EventsDbContext db, Guid sideEventId)
    {
        if (await FactsAsync(db, sideEventId) is not { } facts) return;
        foreach (var to in await OrganisersAsync(db, sideEventId))
            outbox.Enqueue(db, OrganiserMailText.NewProposal(to, facts, site.Link($"/organise/{Uri.EscapeDataString(facts.ConveningSlug)}")));
    }

    /// <summary>A focal point confirmed or declined: the organisers hear which UN regional groups still have no confirmed State.</summary>
    public async Task QueueCoSponsorAnsweredAsync(EventsDbContext db, Guid coSponsorshipId)
    {
        var answer = await db.CoSponsorships.Where(cs => cs.Id == coSponsorshipId)
            .Select(cs => new { cs.SideEventId, cs.Status, Name = cs.StateIso3Navigation != null ? cs.StateIso3Navigation.Name : cs.DisplayName })
            .FirstOrDefaultAsync();
        if (answer is null || answer.Status is not ("confirmed" or "declined") || await FactsAsync(db, answer.SideEventId) is not { } facts) return;
        var confirmed = await ConfirmedCoSponsors.OfEventAsync(db, answer.SideEventId);
        var board = site.Link($"/organise/{Uri.EscapeDataString(facts.ConveningSlug)}/events/{answer.SideEventId}/cosponsors");
        foreach (var to in await OrganisersAsync(db, answer.SideEventId))
            outbox.Enqueue(db, OrganiserMailText.CoSponsorAnswered(to, facts, answer.Name, answer.Status == "confirmed", confirmed, board));
    }

    private static async Task<ProposalMailFacts?> FactsAsync(EventsDbContext db, Guid sideEventId)
    {
        var row = await db.SideEvents.AsNoTracking().Where(e => e.Id == sideEventId)
            .Select(e => new
            {
                e.Id, e.Title, e.ProposingOrganisation, ConveningName = e.Convening.Name, e.Convening.Slug, e.Convening.OrganisingOrganisation,
                e.Convening.TimeZone, e.StartsAt, e.EndsAt, RoomName = e.Room != null ? e.Room.Name : null, e.SlotResponseDue, e.StatusReason,
            })
            .FirstOrDefaultAsync();
        static DateTimeOffset? Utc(DateTime? at) => at is { } a ? new DateTimeOffset(DateTime.SpecifyKind(a, DateTimeKind.Utc)) : null;
        return row is null ? null : new ProposalMailFacts(row.Id, row.Title, row.ProposingOrganisation, row.ConveningName, row.Slug, row.OrganisingOrganisation,
            row.TimeZone, Utc(row.StartsAt), Utc(row.EndsAt), row.RoomName, Utc(row.SlotResponseDue), row.StatusReason);
    }

    /// <summary>The convening's organisers' addresses (Admins act on every convening but are not written to about each).</summary>
    private static async Task<List<string>> OrganisersAsync(EventsDbContext db, Guid sideEventId) =>
        await (from e in db.SideEvents
               where e.Id == sideEventId
               join o in db.ConveningOrganisers on e.ConveningId equals o.ConveningId
               join u in db.Users on o.UserId equals u.Id
               where u.Email != null
               select u.Email!).Distinct().ToListAsync();
}
