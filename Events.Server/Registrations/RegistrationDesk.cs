using Events.Server.Convenings;
using Events.Server.Database;
using Events.Shared;
using Events.Shared.Accounts;
using Events.Shared.Convenings;
using Events.Shared.Registrations;
using Events.Shared.Site;
using Microsoft.EntityFrameworkCore;
using static Events.Server.Convenings.FormValidation;

namespace Events.Server.Registrations;

/// <summary>
/// The organisers' desk: approve or decline requests, withdraw registrations, set how people register, invite, and
/// check people in at the door. Only the event's staff (<see cref="EventAccess"/>) may act. Changes that move seats lock
/// the target's row first, as a participant's registration does; their mails go to the outbox in the same transaction.
/// </summary>
public sealed class RegistrationDesk(IDbContextFactory<EventsDbContext> dbFactory, RegistrationMails mails) : IRegistrationDesk
{
    private const string StaffOnly = "Only the event's organisers can do this.";

    public async Task<OperationResult> DecideAsync(Guid organiserId, Guid registrationId, bool approve, string? message)
    {
        if (message is { Length: > 2000 }) return OperationResult.Fail("The message can be at most 2000 characters.");
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var target = await RegistrationTarget.OfRegistrationAsync(db, registrationId, lockRow: true);
            if (target is null || !await EventAccess.IsEventStaffAsync(db, organiserId, target.Id)) return OperationResult.Fail(StaffOnly);
            var registration = await db.Registrations.SingleAsync(r => r.Id == registrationId);
            if (registration.Status != RegistrationStatuses.Pending) return OperationResult.Fail("Only a request waiting for approval can be approved or declined.");
            registration.DecisionMessage = Blank(message);
            registration.UpdatedAt = DateTime.UtcNow;
            if (!approve)
            {
                registration.Status = "declined";
                await db.SaveChangesAsync();
                await mails.EnqueueAsync(db, registrationId, RegistrationMailKind.Declined);
            }
            else
            {
                var counts = await target.CountsAsync(db);
                var seat = target.Capacity is null || counts.Confirmed < target.Capacity;
                registration.Status = seat ? RegistrationStatuses.Confirmed : RegistrationStatuses.Waitlisted;
                registration.CheckInCode = seat ? CheckInCodes.New() : null;
                registration.QueuedAt = DateTime.UtcNow;
                await db.SaveChangesAsync();
                await mails.EnqueueAsync(db, registrationId, seat ? RegistrationMailKind.Approved : RegistrationMailKind.Waitlisted);
            }
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }
        return OperationResult.Ok(registrationId);
    }

    public async Task<OperationResult> RemoveAsync(Guid organiserId, Guid registrationId, string? message)
    {
        if (message is { Length: > 2000 }) return OperationResult.Fail("The message can be at most 2000 characters.");
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var target = await RegistrationTarget.OfRegistrationAsync(db, registrationId, lockRow: true);
            if (target is null || !await EventAccess.IsEventStaffAsync(db, organiserId, target.Id)) return OperationResult.Fail(StaffOnly);
            var previous = await RegistrationChanges.EndAsync(db, registrationId, "removed", Blank(message));
            if (previous is null) return OperationResult.Fail("This registration is no longer active.");
            var promoted = previous == RegistrationStatuses.Confirmed ? await Waitlist.PromoteAsync(db, target) : [];
            await mails.EnqueueAsync(db, registrationId, RegistrationMailKind.Removed);
            await mails.EnqueueAsync(db, promoted, RegistrationMailKind.Promoted);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }
        return OperationResult.Ok(registrationId);
    }

    public async Task<OperationResult> UpdateSettingsAsync(Guid organiserId, Guid sideEventId, RegistrationSettings settings)
    {
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var target = await RegistrationTarget.FindAsync(db, sideEventId, lockRow: true);
            if (target is null || !await EventAccess.IsEventStaffAsync(db, organiserId, target.Id)) return OperationResult.Fail(StaffOnly);
            if (settings.Capacity is < 1 or > 100000) return OperationResult.Fail("The capacity must be between 1 and 100000 people.");
            var mode = RegistrationCodes.Mode(settings.Mode);
            if (target.SideEventId is null)
            {
                await db.Convenings.Where(c => c.Id == target.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.RegistrationMode, mode)
                    .SetProperty(c => c.AttendeeListPublic, settings.AttendeeListPublic)
                    .SetProperty(c => c.RegistrationEnabled, settings.Enabled)
                    .SetProperty(c => c.RegistrationCapacity, settings.Capacity));
                // A larger capacity frees seats for the waitlist at once.
                var promoted = await Waitlist.PromoteAsync(db, target with { Capacity = settings.Capacity });
                await mails.EnqueueAsync(db, promoted, RegistrationMailKind.Promoted);
                await db.SaveChangesAsync();
            }
            else
                await db.SideEvents.Where(e => e.Id == target.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(e => e.RegistrationMode, mode)
                    .SetProperty(e => e.AttendeeListPublic, settings.AttendeeListPublic));
            await tx.CommitAsync();
        }
        return OperationResult.Ok(sideEventId);
    }

    public async Task<OperationResult> InviteAsync(Guid organiserId, Guid sideEventId, IReadOnlyList<string> emails)
    {
        var cleaned = emails.Select(e => e.Trim()).Where(e => e.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (cleaned.Count == 0) return OperationResult.Fail("Enter at least one e-mail address.");
        if (cleaned.Count > 500) return OperationResult.Fail("At most 500 invitations at once.");
        if (cleaned.FirstOrDefault(e => !EmailAddressRules.IsValid(e)) is { } bad) return OperationResult.Fail($"'{Shorten(bad)}' is not a valid e-mail address; nothing was sent.");
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var target = await RegistrationTarget.FindAsync(db, sideEventId, lockRow: false);
            if (target is null || !await EventAccess.IsEventStaffAsync(db, organiserId, sideEventId)) return OperationResult.Fail(StaffOnly);
            foreach (var email in cleaned)
            {
                var token = InvitationTokens.New();
                db.RegistrationInvitations.Add(new RegistrationInvitation
                {
                    ConveningId = target.ConveningId, SideEventId = target.SideEventId, Email = email, TokenHash = InvitationTokens.Hash(token),
                    CreatedBy = organiserId,
                });
                await mails.EnqueueInvitationAsync(db, sideEventId, email, token);
            }
            await db.SaveChangesAsync(); // all or none, invitations and their mails
        }
        return OperationResult.Ok(sideEventId, [$"{cleaned.Count} invitation(s) sent."]);
    }

    public async Task<CheckInResult> CheckInAsync(Guid staffId, Guid sideEventId, string code)
    {
        var normalised = RegistrationCodes.NormaliseCode(code);
        if (normalised.Length == 0 || normalised.Length > 64) return new CheckInResult(false, "Enter or scan a check-in code.", null, null);
        await using var db = await dbFactory.CreateDbContextAsync();
        var target = await RegistrationTarget.FindAsync(db, sideEventId, lockRow: false);
        if (target is null || !await EventAccess.IsEventStaffAsync(db, staffId, sideEventId)) return new CheckInResult(false, "Only the event's staff can check people in.", null, null);
        var withCode = db.Registrations.Where(target.Registrations).Where(r => r.CheckInCode == normalised);
        // One conditional statement, so that two scanners at the door cannot both check the same person in.
        var checkedInNow = await withCode.Where(r => r.Status == RegistrationStatuses.Confirmed && r.CheckedInAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CheckedInAt, r => DateTime.UtcNow)) == 1;
        var row = await (from r in withCode
                         join u in db.Users on r.UserId equals (Guid?)u.Id into users
                         from u in users.DefaultIfEmpty()
                         select new { Name = u == null ? null : u.DisplayName, r.Status, r.CheckedInAt }).FirstOrDefaultAsync();
        if (row is null) return new CheckInResult(false, "No registration with this code for this event. Check the code, or the event.", null, null);
        if (row.Status != RegistrationStatuses.Confirmed) return new CheckInResult(false, "This registration is not confirmed (it was cancelled or is on the waitlist).", row.Name, null);
        var name = row.Name ?? "Participant";
        if (row.CheckedInAt is not { } checkedInAt) return new CheckInResult(false, "Enter or scan a check-in code.", null, null); // its code changed meanwhile
        var at = ConveningClock.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(checkedInAt, DateTimeKind.Utc)), target.TimeZone);
        return checkedInNow
            ? new CheckInResult(true, $"{name} checked in at {TimeText.Time(at)}.", name, at)
            : new CheckInResult(false, $"{name} is already checked in at {TimeText.Time(at)}.", name, at);
    }

    private static string Shorten(string s) => s.Length > 60 ? s[..60] + "…" : s;
}
