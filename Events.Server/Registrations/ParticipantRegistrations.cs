using Events.Server.Database;
using Events.Shared.Registrations;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Registrations;

/// <summary>
/// A participant registers and cancels. Each change locks its target's row first (<see cref="RegistrationTarget"/>),
/// so parallel attempts queue up and the seat count is exact. Each change writes its mails to the outbox in the same
/// transaction: they leave after the commit, and a mail server that is down never undoes or delays a registration.
/// Registrations without an invitation are taken together in a rush (<see cref="RegistrationQueue"/>).
/// </summary>
public sealed class ParticipantRegistrations(
    IDbContextFactory<EventsDbContext> dbFactory, RegistrationMails mails, TimeProvider clock) : IParticipantRegistrations
{
    public Task<RegistrationOutcome> RegisterAsync(Guid userId, Guid sideEventId, string? invitationToken = null) =>
        invitationToken is null
            ? RegistrationQueue.RegisterAsync(sideEventId, userId, RegisterManyAsync, () => RegisterOneAsync(userId, sideEventId, null))
            : RegisterOneAsync(userId, sideEventId, invitationToken);

    /// <summary>
    /// Registers the people queued for one target, in their order, in one transaction under the target's lock: one
    /// count, one save of all the rows and their mails, one commit. Each gets the answer their place gives.
    /// </summary>
    private async Task<RegistrationOutcome[]> RegisterManyAsync(Guid targetId, IReadOnlyList<Guid> userIds)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var target = await RegistrationTarget.FindAsync(db, targetId, lockRow: true);
        RegistrationOutcome[] All(RegistrationOutcome outcome) => userIds.Select(_ => outcome).ToArray();
        if (target is null || target.Status is not ("scheduled" or "cancelled" or "closed") || target.Visibility == "invitation")
            return All(RegistrationOutcome.Refused(RegistrationOutcomeCode.NoSuchEvent));
        if (target.ClosedReason(clock.GetUtcNow().UtcDateTime) is { } closed) return All(RegistrationOutcome.Refused(closed));
        var mode = RegistrationCodes.ParseMode(target.Mode);
        if (mode == RegistrationMode.Invitation) return All(RegistrationOutcome.Refused(RegistrationOutcomeCode.InvitationInvalid));

        var distinct = userIds.Distinct().ToList();
        var live = await db.Registrations.Where(target.Registrations)
            .Where(r => r.UserId != null && distinct.Contains(r.UserId.Value) && RegistrationStatuses.Live.Contains(r.Status))
            .Select(r => new { UserId = r.UserId!.Value, r.Id, r.Status }).ToListAsync();
        var existing = live.ToDictionary(r => r.UserId, r => (r.Id, r.Status));
        var confirmed = (await target.CountsAsync(db)).Confirmed;
        // Ids in ascending order, given out in arrival order: EF Core writes a batch's rows in key order, and the
        // waitlist's order (queue_order) is the order of the writes.
        var ids = userIds.Select(_ => Guid.NewGuid()).Order().ToArray();
        var outcomes = new RegistrationOutcome[userIds.Count];
        var mailed = new List<(Registration, RegistrationMailKind)>();
        for (var i = 0; i < userIds.Count; i++)
        {
            if (existing.TryGetValue(userIds[i], out var had))
            {
                outcomes[i] = new RegistrationOutcome(true, RegistrationCodes.ParseStatus(had.Status), AlreadyCode(had.Status), had.Id);
                continue;
            }
            var status = mode == RegistrationMode.Approval ? RegistrationStatus.Pending
                : target.Capacity is null || confirmed < target.Capacity ? RegistrationStatus.Confirmed : RegistrationStatus.Waitlisted;
            if (status == RegistrationStatus.Confirmed) confirmed++;
            var registration = New(target, userIds[i], status, ids[i]);
            db.Registrations.Add(registration);
            existing[userIds[i]] = (registration.Id, registration.Status);
            outcomes[i] = Outcome(status, registration.Id);
            mailed.Add((registration, MailKind(status)));
        }
        await mails.EnqueueAddedAsync(db, mailed);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return outcomes;
    }

    private async Task<RegistrationOutcome> RegisterOneAsync(Guid userId, Guid sideEventId, string? invitationToken)
    {
        RegistrationOutcome outcome;
        using (await RegistrationGate.EnterAsync(sideEventId))
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var target = await RegistrationTarget.FindAsync(db, sideEventId, lockRow: true);
            if (target is null || target.Status is not ("scheduled" or "cancelled" or "closed") || target.Visibility == "invitation" && invitationToken is null)
                return RegistrationOutcome.Refused(RegistrationOutcomeCode.NoSuchEvent);
            if (target.ClosedReason(clock.GetUtcNow().UtcDateTime) is { } closed) return RegistrationOutcome.Refused(closed);

            var existing = await db.Registrations.Where(target.Registrations)
                .Where(r => r.UserId == userId && RegistrationStatuses.Live.Contains(r.Status))
                .Select(r => new { r.Id, r.Status }).FirstOrDefaultAsync();
            if (existing is not null)
                return new RegistrationOutcome(true, RegistrationCodes.ParseStatus(existing.Status), AlreadyCode(existing.Status), existing.Id);

            var mode = RegistrationCodes.ParseMode(target.Mode);
            // An invitation-only convening needs a valid invitation for every one of its events, whatever each event's own mode.
            if (mode == RegistrationMode.Invitation || target.Visibility == "invitation")
            {
                if (invitationToken is null || !await UseInvitationAsync(db, target, invitationToken, userId))
                    return RegistrationOutcome.Refused(RegistrationOutcomeCode.InvitationInvalid);
            }

            var counts = await target.CountsAsync(db);
            var status = mode == RegistrationMode.Approval ? RegistrationStatus.Pending
                : target.Capacity is null || counts.Confirmed < target.Capacity ? RegistrationStatus.Confirmed : RegistrationStatus.Waitlisted;
            var registration = New(target, userId, status, Guid.NewGuid());
            db.Registrations.Add(registration);
            await mails.EnqueueAddedAsync(db, [(registration, MailKind(status))]);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            outcome = Outcome(status, registration.Id);
        }
        return outcome;
    }

    public async Task<RegistrationOutcome> CancelAsync(Guid userId, Guid registrationId)
    {
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var owner = await db.Registrations.Where(r => r.Id == registrationId).Select(r => new { r.UserId, r.ConveningId, r.SideEventId }).SingleOrDefaultAsync();
            if (owner is null || owner.UserId != userId) return RegistrationOutcome.Refused(RegistrationOutcomeCode.NoSuchRegistration);
            var target = (await RegistrationTarget.FindAsync(db, owner.SideEventId ?? owner.ConveningId, lockRow: true))!;
            var previous = await RegistrationChanges.EndAsync(db, registrationId, "cancelled", null);
            if (previous is null) return new RegistrationOutcome(true, RegistrationStatus.Cancelled, RegistrationOutcomeCode.AlreadyCancelled, registrationId);
            var promoted = previous == RegistrationStatuses.Confirmed ? await Waitlist.PromoteAsync(db, target) : [];
            await mails.EnqueueAsync(db, registrationId, RegistrationMailKind.Cancelled);
            await mails.EnqueueAsync(db, promoted, RegistrationMailKind.Promoted);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }
        return new RegistrationOutcome(true, RegistrationStatus.Cancelled, RegistrationOutcomeCode.Cancelled, registrationId);
    }

    /// <summary>Claims an unused, unrevoked invitation for this target; one statement, so a link works exactly once.</summary>
    private static async Task<bool> UseInvitationAsync(EventsDbContext db, RegistrationTarget target, string token, Guid userId)
    {
        var hash = InvitationTokens.Hash(token);
        var invitations = db.RegistrationInvitations.Where(i => i.TokenHash == hash && i.RevokedAt == null && i.UsedAt == null);
        invitations = target.SideEventId is { } sideEventId
            ? invitations.Where(i => i.SideEventId == sideEventId)
            : invitations.Where(i => i.ConveningId == target.ConveningId && i.SideEventId == null);
        return await invitations.ExecuteUpdateAsync(s => s.SetProperty(i => i.UsedAt, i => DateTime.UtcNow).SetProperty(i => i.UsedBy, userId)) == 1;
    }

    private static Registration New(RegistrationTarget target, Guid userId, RegistrationStatus status, Guid id) => new()
    {
        Id = id, ConveningId = target.ConveningId, SideEventId = target.SideEventId, UserId = userId, Status = RegistrationCodes.Status(status),
        CheckInCode = status == RegistrationStatus.Confirmed ? CheckInCodes.New() : null,
    };

    private static RegistrationOutcome Outcome(RegistrationStatus status, Guid registrationId) => new(true, status, status switch
    {
        RegistrationStatus.Confirmed => RegistrationOutcomeCode.Registered,
        RegistrationStatus.Waitlisted => RegistrationOutcomeCode.Waitlisted,
        _ => RegistrationOutcomeCode.Pending,
    }, registrationId);

    private static RegistrationMailKind MailKind(RegistrationStatus status) => status switch
    {
        RegistrationStatus.Confirmed => RegistrationMailKind.Registered,
        RegistrationStatus.Waitlisted => RegistrationMailKind.Waitlisted,
        _ => RegistrationMailKind.PendingApproval,
    };

    private static RegistrationOutcomeCode AlreadyCode(string status) => status switch
    {
        RegistrationStatuses.Confirmed => RegistrationOutcomeCode.AlreadyRegistered,
        RegistrationStatuses.Waitlisted => RegistrationOutcomeCode.AlreadyWaitlisted,
        _ => RegistrationOutcomeCode.AlreadyPending,
    };
}
