using Events.Server.Convenings;
using Events.Server.Database;
using Events.Shared;
using Events.Shared.CoSponsors;
using Events.Shared.Convenings;
using Events.Shared.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static Events.Server.Convenings.FormValidation;
using static Events.Server.CoSponsors.CoSponsorTime;

namespace Events.Server.CoSponsors;

/// <summary>
/// The organisers' board: invite, invite many States at once, re-send, revoke, lock, mark final, and the convening's
/// co-sponsor rules. The board's reads (the <see cref="ICoSponsorInvitations"/> contract the pages use includes them)
/// are answered by <see cref="CoSponsorBoardQueries"/>.
/// <para>
/// Every change runs in one transaction with its history entry, under a lock on the side event's row (FOR NO KEY UPDATE).
/// Focal points' answers share-lock that row (see <see cref="CoSponsorLinks"/>), so an answer and a lock or "mark final"
/// never interleave: either the answer lands before the list is locked, or it is refused.
/// </para>
/// </summary>
public sealed class CoSponsorBoardCommands(
    IDbContextFactory<EventsDbContext> dbFactory,
    CoSponsorBoardQueries queries,
    CoSponsorMails mails,
    TimeProvider clock,
    IOptions<CoSponsorOptions> options,
    ILogger<CoSponsorBoardCommands> logger) : ICoSponsorInvitations
{
    private const string OnlyOrganisers = "Only the convening's organisers can manage its co-sponsors.";
    private const string NoSuchEvent = "There is no such side event.";
    private const string NoSuchInvitation = "There is no such invitation.";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private int LinkLifetimeDays => options.Value.LinkLifetimeDays;

    public Task<CoSponsorBoardView?> BoardAsync(Guid actorUserId, Guid sideEventId) => queries.BoardAsync(actorUserId, sideEventId);

    public Task<IReadOnlyList<CoSponsorOverviewRow>> OverviewAsync(Guid actorUserId, string conveningSlug) =>
        queries.OverviewAsync(actorUserId, conveningSlug);

    public async Task<OperationResult> InviteAsync(Guid actorUserId, Guid sideEventId, InvitationForm form)
    {
        if (FirstError(form) is { } error) return OperationResult.Fail(error);
        var result = await AsOrganiserAsync(actorUserId, sideEventId, async (db, e) =>
        {
            if (RefuseInvitations(e) is { } refused) return refused;
            Sponsor? sponsor;
            switch (form.Kind)
            {
                case SponsorKind.State:
                    var iso3 = form.StateIso3!.Trim().ToUpperInvariant();
                    sponsor = await db.States.Where(s => s.Iso3 == iso3).Select(s => new Sponsor("state", s.Iso3, null, null, s.Name)).FirstOrDefaultAsync();
                    break;
                case SponsorKind.UnEntity:
                    var code = form.UnEntityCode!.Trim();
                    sponsor = await db.UnEntities.Where(u => u.Code == code).Select(u => new Sponsor("un_entity", null, u.Code, null, u.Name)).FirstOrDefaultAsync();
                    break;
                default:
                    var name = form.OrganisationName!.Trim();
                    sponsor = new Sponsor("organisation", null, null, name, name);
                    break;
            }
            if (sponsor is null) return OperationResult.Fail(form.Kind == SponsorKind.State ? "Choose a State from the list." : "Choose a UN entity from the list.");
            if (await AlreadyInvitedAsync(db, e.Id, sponsor))
                return OperationResult.Fail($"{sponsor.Name} is already on this event's list of co-sponsors. Re-send or revoke that invitation instead.");
            var outgoing = AddInvitation(db, e, actorUserId, sponsor, form.FocalPointName.Trim(), form.FocalPointEmail.Trim(), Blank(form.Message));
            mails.Enqueue(db, outgoing);
            return OperationResult.Ok(outgoing.InvitationId);
        });
        return result;
    }

    public async Task<BulkInvitationResult> InviteStatesAsync(Guid actorUserId, Guid sideEventId, BulkInvitationForm form)
    {
        if (FirstError(form) is { } error) return BulkInvitationResult.Fail(error);
        var (lines, lineErrors) = BulkInvitationLines.Parse(form.Lines);
        if (lineErrors.Count > 0) return BulkInvitationResult.Fail([.. lineErrors]);

        var errors = new List<string>();
        var sent = 0;
        var result = await AsOrganiserAsync(actorUserId, sideEventId, async (db, e) =>
        {
            if (RefuseInvitations(e) is { } refused) return refused;
            var states = await db.States.Select(s => new Sponsor("state", s.Iso3, null, null, s.Name)).ToListAsync();
            var byCode = states.ToDictionary(s => s.StateIso3!.Trim(), StringComparer.OrdinalIgnoreCase);
            var byName = states.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
            var invited = (await db.CoSponsorships.Where(cs => cs.SideEventId == e.Id && cs.StateIso3 != null).Select(cs => cs.StateIso3!).ToListAsync())
                .Select(s => s.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var resolved = new List<(BulkInvitationLine Line, Sponsor State)>();
            foreach (var line in lines)
            {
                if (!byCode.TryGetValue(line.State, out var state) && !byName.TryGetValue(line.State, out state))
                    errors.Add($"Line {line.LineNumber}: there is no State with the code or name “{Shorten(line.State)}”. Use the three-letter code, e.g. KEN for Kenya.");
                else if (seen.TryGetValue(state.StateIso3!, out var earlier))
                    errors.Add($"Line {line.LineNumber}: {state.Name} is already on line {earlier}.");
                else if (invited.Contains(state.StateIso3!))
                    errors.Add($"Line {line.LineNumber}: {state.Name} is already on this event's list of co-sponsors.");
                else
                {
                    seen[state.StateIso3!] = line.LineNumber;
                    resolved.Add((line, state));
                }
            }
            if (errors.Count > 0) return OperationResult.Fail("Nothing was sent: correct the lines below and send again.");
            foreach (var (line, state) in resolved)
                mails.Enqueue(db, AddInvitation(db, e, actorUserId, state, line.FocalPointName, line.FocalPointEmail, Blank(form.Message)));
            sent = resolved.Count;
            return OperationResult.Ok();
        });
        if (!result.Succeeded) return new BulkInvitationResult(false, 0, [result.Error!, .. errors]);
        return new BulkInvitationResult(true, sent, []);
    }

    public Task<OperationResult> ResendAsync(Guid actorUserId, Guid invitationId) =>
        AsOrganiserOfInvitationAsync(actorUserId, invitationId, (db, e, invitation, sponsorName) =>
        {
            if (RefuseInvitations(e) is { } refused) return refused;
            if (string.IsNullOrEmpty(invitation.FocalPointEmail))
                return OperationResult.Fail($"The invitation to {sponsorName} has no focal point's e-mail address, so there is nowhere to send a link.");
            var token = CoSponsorTokens.NewToken();
            var now = Now;
            var expires = now.AddDays(LinkLifetimeDays);
            var previousStatus = invitation.Status;
            var wasRevoked = previousStatus == "revoked";
            // A new token replaces the old hash, so the previous link stops working at once. A revoked invitation starts over.
            invitation.TokenHash = CoSponsorTokens.Hash(token);
            invitation.TokenExpiresAt = expires;
            invitation.LastSentAt = now;
            invitation.SendCount++;
            invitation.RevokedAt = null;
            if (wasRevoked)
            {
                invitation.Status = "invited";
                invitation.AnsweredAt = null;
                invitation.AuthorisingOfficialName = null;
                invitation.AuthorisingOfficialTitle = null;
                invitation.DeclineReason = null;
            }
            CoSponsorActor.Organiser(actorUserId).Record(db, now, e.Id, invitation.Id, wasRevoked ? "invited again" : "re-sent the link",
                $"New link to {invitation.FocalPointName}, valid until {TimeText.ShortDate(Local(expires, e.TimeZone))}; the previous link no longer works.");
            mails.Enqueue(db, new CoSponsorMails.Outgoing(invitation.Id, e, sponsorName, invitation.FocalPointName, invitation.FocalPointEmail,
                invitation.Message, token, Utc(expires), e.OrganisingBody,
                wasRevoked ? CoSponsorMails.Kind.Invitation : previousStatus is "invited" or "opened" ? CoSponsorMails.Kind.Reminder : CoSponsorMails.Kind.NewLink));
            return OperationResult.Ok(invitation.Id);
        });

    public Task<OperationResult> RevokeAsync(Guid actorUserId, Guid invitationId) =>
        AsOrganiserOfInvitationAsync(actorUserId, invitationId, (db, e, invitation, sponsorName) =>
        {
            if (e.Final) return OperationResult.Fail("The co-sponsor list is final. Unlock it before revoking an invitation.");
            if (invitation.Status == "revoked") return OperationResult.Fail($"The invitation to {sponsorName} is already revoked.");
            var now = Now;
            var was = CoSponsorCodes.StatusLabel(EffectiveStatus(invitation.Status, invitation.TokenExpiresAt, now));
            invitation.Status = "revoked";
            invitation.TokenHash = null;
            invitation.RevokedAt = now;
            CoSponsorActor.Organiser(actorUserId).Record(db, now, e.Id, invitation.Id, "revoked", $"It was {was}; its link no longer works.");
            return OperationResult.Ok(invitation.Id);
        });

    public Task<OperationResult> SetLockedAsync(Guid actorUserId, Guid sideEventId, bool locked) =>
        AsOrganiserAsync(actorUserId, sideEventId, async (db, e) =>
        {
            if (locked == e.Locked) return OperationResult.Fail(locked ? "The co-sponsor list is already locked." : "The co-sponsor list is not locked.");
            await db.SideEvents.Where(x => x.Id == e.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.CoSponsorsLocked, locked).SetProperty(x => x.CoSponsorsFinal, false));
            CoSponsorActor.Organiser(actorUserId).Record(db, Now, e.Id, null, locked ? "locked the list" : "unlocked the list",
                locked ? "Focal points can no longer change their answers." : e.Final ? "The list is no longer final; focal points can answer again." : "Focal points can answer again.");
            return OperationResult.Ok(e.Id);
        });

    public Task<OperationResult> MarkFinalAsync(Guid actorUserId, Guid sideEventId) =>
        AsOrganiserAsync(actorUserId, sideEventId, async (db, e) =>
        {
            if (e.Final) return OperationResult.Fail("The co-sponsor list is already final.");
            // Read under the event's row lock: no answer can land between this check and the update below.
            var confirmed = await ConfirmedCoSponsors.OfEventAsync(db, e.Id);
            var eligibility = CoSponsorEligibility.Evaluate(e.Rules, confirmed);
            if (!eligibility.IsMet)
                return OperationResult.Fail($"“{e.Title}” cannot be marked final: it does not meet the convening's co-sponsor rules yet. {string.Join(" ", eligibility.Missing)}");
            await db.SideEvents.Where(x => x.Id == e.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.CoSponsorsLocked, true).SetProperty(x => x.CoSponsorsFinal, true));
            CoSponsorActor.Organiser(actorUserId).Record(db, Now, e.Id, null, "marked the list final",
                $"{confirmed.Count} confirmed {(confirmed.Count == 1 ? "co-sponsor" : "co-sponsors")}; the list is locked.");
            return OperationResult.Ok(e.Id);
        });

    public async Task<OperationResult> UpdateRulesAsync(Guid actorUserId, string conveningSlug, CoSponsorRulesForm form)
    {
        if (FirstError(form) is { } error) return OperationResult.Fail(error);
        await using var db = await dbFactory.CreateDbContextAsync();
        var conveningId = await db.Convenings.Where(c => c.Slug == conveningSlug).Where(EventAccess.OrganisedBy(db, actorUserId))
            .Select(c => (Guid?)c.Id).FirstOrDefaultAsync();
        if (conveningId is null) return OperationResult.Fail("You do not organise this convening.");
        await db.Convenings.Where(c => c.Id == conveningId).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.MinMemberStateOrUnCosponsors, form.MinMemberStatesOrUnEntities)
            .SetProperty(c => c.MinCosponsorRegionalGroups, form.MinRegionalGroups)
            .SetProperty(c => c.UpdatedAt, c => DateTime.UtcNow)); // now(), the database's clock, as for every convening change
        logger.LogInformation("Co-sponsor rules of convening {ConveningId} set by {UserId}: {MinMembers} Member States or UN entities, {MinGroups} regional groups",
            conveningId, actorUserId, form.MinMemberStatesOrUnEntities, form.MinRegionalGroups);
        return OperationResult.Ok(conveningId);
    }

    // ---------------------------------------------------------------- the lock, the check, the transaction

    /// <summary>Loads and locks the side event, checks that the actor organises its convening, runs the change and commits it with its history, or nothing.</summary>
    private async Task<OperationResult> AsOrganiserAsync(Guid actorUserId, Guid sideEventId,
        Func<EventsDbContext, CoSponsorEvent, Task<OperationResult>> change)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var lockedEvent = SqlDialect.Of(db).Locked(db.SideEvents, sideEventId, RowLock.UpdateNoKey);
        var e = await CoSponsorEvent.Of(lockedEvent, db, actorUserId).FirstOrDefaultAsync();
        if (e is null) return OperationResult.Fail(NoSuchEvent);
        if (!e.ActorIsOrganiser) return OperationResult.Fail(OnlyOrganisers);
        var result = await change(db, e);
        if (!result.Succeeded) return result; // disposing the transaction rolls it back
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return result;
    }

    /// <summary>As <see cref="AsOrganiserAsync"/>, with the invitation locked (FOR UPDATE) and tracked: the change edits it in place.</summary>
    private async Task<OperationResult> AsOrganiserOfInvitationAsync(Guid actorUserId, Guid invitationId,
        Func<EventsDbContext, CoSponsorEvent, CoSponsorship, string, OperationResult> change)
    {
        Guid? sideEventId;
        await using (var lookup = await dbFactory.CreateDbContextAsync())
            sideEventId = await lookup.CoSponsorships.Where(cs => cs.Id == invitationId).Select(cs => (Guid?)cs.SideEventId).FirstOrDefaultAsync();
        if (sideEventId is null) return OperationResult.Fail(NoSuchInvitation);
        return await AsOrganiserAsync(actorUserId, sideEventId.Value, async (db, e) =>
        {
            var locked = await SqlDialect.Of(db).Locked(db.CoSponsorships, invitationId)
                .Select(cs => new
                {
                    Invitation = cs,
                    SponsorName = cs.StateIso3Navigation!.Name ?? cs.UnEntityCodeNavigation!.Name ?? cs.OrganisationName ?? "",
                })
                .FirstOrDefaultAsync();
            return locked is null ? OperationResult.Fail(NoSuchInvitation) : change(db, e, locked.Invitation, locked.SponsorName);
        });
    }

    private static OperationResult? RefuseInvitations(CoSponsorEvent e)
    {
        if (!CoSponsorStatuses.EventTakesCoSponsors(e.Status))
            return OperationResult.Fail($"“{e.Title}” is {e.Status}: it takes no co-sponsors.");
        if (e.Locked)
            return OperationResult.Fail(e.Final ? "The co-sponsor list is final. Unlock it to invite or remind co-sponsors." : "The co-sponsor list is locked. Unlock it to invite or remind co-sponsors.");
        return null;
    }

    /// <summary>A State or UN entity is invited once per event; an organisation once per name, whatever its case.</summary>
    private static Task<bool> AlreadyInvitedAsync(EventsDbContext db, Guid sideEventId, Sponsor sponsor)
    {
        var invitations = db.CoSponsorships.Where(cs => cs.SideEventId == sideEventId);
        return sponsor.Kind switch
        {
            "state" => invitations.AnyAsync(cs => cs.StateIso3 == sponsor.StateIso3),
            "un_entity" => invitations.AnyAsync(cs => cs.UnEntityCode == sponsor.UnEntityCode),
            _ => invitations.AnyAsync(cs => cs.SponsorKind == "organisation" && cs.OrganisationName!.ToLower() == sponsor.OrganisationName!.ToLower()),
        };
    }

    /// <summary>Adds the invitation and its history entry to the context; the mail to send once they are committed is returned.</summary>
    private CoSponsorMails.Outgoing AddInvitation(EventsDbContext db, CoSponsorEvent e, Guid actorUserId, Sponsor sponsor,
        string focalPointName, string focalPointEmail, string? message)
    {
        var token = CoSponsorTokens.NewToken();
        var now = Now;
        var expires = now.AddDays(LinkLifetimeDays);
        var invitation = new CoSponsorship
        {
            Id = Guid.NewGuid(), SideEventId = e.Id, SponsorKind = sponsor.Kind, StateIso3 = sponsor.StateIso3, UnEntityCode = sponsor.UnEntityCode,
            OrganisationName = sponsor.OrganisationName, DisplayName = sponsor.Name, Status = "invited", CreatedAt = now,
            FocalPointName = focalPointName, FocalPointEmail = focalPointEmail, Message = message,
            TokenHash = CoSponsorTokens.Hash(token), TokenExpiresAt = expires, InvitedBy = actorUserId, LastSentAt = now, SendCount = 1,
        };
        db.CoSponsorships.Add(invitation);
        CoSponsorActor.Organiser(actorUserId).Record(db, now, e.Id, invitation.Id, "invited",
            $"Link sent to {focalPointName}, valid until {TimeText.ShortDate(Local(expires, e.TimeZone))}.");
        return new CoSponsorMails.Outgoing(invitation.Id, e, sponsor.Name, focalPointName, focalPointEmail, message, token, Utc(expires),
            e.OrganisingBody, CoSponsorMails.Kind.Invitation);
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

    private sealed record Sponsor(string Kind, string? StateIso3, string? UnEntityCode, string? OrganisationName, string Name);
}
