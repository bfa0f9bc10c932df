using Events.Server.Database;
using Events.Shared.Registrations;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Registrations;

/// <summary>
/// A participant registers and cancels. Each change locks its target's row first (<see cref="RegistrationTarget"/>),
/// so parallel attempts queue up and the seat count is exact. Mails go out after the commit, so a failed mail never
/// undoes a registration.
/// </summary>
public sealed class ParticipantRegistrations(
    IDbContextFactory<EventsDbContext> dbFactory, RegistrationMails mails, TimeProvider clock) : IParticipantRegistrations
{
    public async Task<RegistrationOutcome> RegisterAsync(Guid userId, Guid sideEventId, string? invitationToken = null)
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
            var registration = new Registration
            {
                ConveningId = target.ConveningId, SideEventId = target.SideEventId, UserId = userId, Status = RegistrationCodes.Status(status),
                CheckInCode = status == RegistrationStatus.Confirmed ? CheckInCodes.New() : null,
            };
            db.Registrations.Add(registration);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            outcome = new RegistrationOutcome(true, status, status switch
            {
                RegistrationStatus.Confirmed => RegistrationOutcomeCode.Registered,
                RegistrationStatus.Waitlisted => RegistrationOutcomeCode.Waitlisted,
                _ => RegistrationOutcomeCode.Pending,
            }, registration.Id);
        }
        await mails.SendAsync(outcome.RegistrationId!.Value, outcome.Status switch
        {
            RegistrationStatus.Confirmed => RegistrationMailKind.Registered,
            RegistrationStatus.Waitlisted => RegistrationMailKind.Waitlisted,
            _ => RegistrationMailKind.PendingApproval,
        });
        return outcome;
    }

    public async Task<RegistrationOutcome> CancelAsync(Guid userId, Guid registrationId)
    {
        IReadOnlyList<Guid> promoted;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var owner = await db.Registrations.Where(r => r.Id == registrationId).Select(r => new { r.UserId, r.ConveningId, r.SideEventId }).SingleOrDefaultAsync();
            if (owner is null || owner.UserId != userId) return RegistrationOutcome.Refused(RegistrationOutcomeCode.NoSuchRegistration);
            var target = (await RegistrationTarget.FindAsync(db, owner.SideEventId ?? owner.ConveningId, lockRow: true))!;
            var previous = await RegistrationChanges.EndAsync(db, registrationId, "cancelled", null);
            if (previous is null) return new RegistrationOutcome(true, RegistrationStatus.Cancelled, RegistrationOutcomeCode.AlreadyCancelled, registrationId);
            promoted = previous == RegistrationStatuses.Confirmed ? await Waitlist.PromoteAsync(db, target) : [];
            await tx.CommitAsync();
        }
        await mails.SendAsync(registrationId, RegistrationMailKind.Cancelled);
        foreach (var id in promoted) await mails.SendAsync(id, RegistrationMailKind.Promoted);
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

    private static RegistrationOutcomeCode AlreadyCode(string status) => status switch
    {
        RegistrationStatuses.Confirmed => RegistrationOutcomeCode.AlreadyRegistered,
        RegistrationStatuses.Waitlisted => RegistrationOutcomeCode.AlreadyWaitlisted,
        _ => RegistrationOutcomeCode.AlreadyPending,
    };
}
