using Events.Server.Convenings;
using Events.Server.Database;
using Events.Shared;
using Events.Shared.Email;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Email;

/// <summary>
/// The Admins' view of the outbox (<see cref="IOutboxAdmin"/>). Every call checks that the actor is an Admin: the
/// page's role check is not the only guard. The log names outbox rows, never addresses.
/// </summary>
public sealed class OutboxAdmin(IDbContextFactory<EventsDbContext> dbFactory, MailOutboxSignal signal, TimeProvider clock, ILogger<OutboxAdmin> logger)
    : IOutboxAdmin
{
    private const string Gone = "This mail is no longer in the outbox: it was delivered or discarded meanwhile.";

    public async Task<IReadOnlyList<OutboxMailItem>?> ListAsync(Guid actorUserId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (!await EventAccess.IsAdminAsync(db, actorUserId)) return null;
        var rows = await db.OutboxMails.AsNoTracking()
            .OrderBy(m => m.GaveUpAt == null).ThenByDescending(m => m.GaveUpAt).ThenBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Select(m => new { m.Id, m.ToAddress, m.Subject, m.Attempts, m.LastError, m.CreatedAt, m.NextAttemptAt, m.GaveUpAt })
            .Take(500)
            .ToListAsync();
        return rows.Select(m => new OutboxMailItem(m.Id, m.ToAddress, m.Subject, m.Attempts, m.LastError, Utc(m.CreatedAt), Utc(m.NextAttemptAt),
            m.GaveUpAt is { } gaveUp ? Utc(gaveUp) : null)).ToList();
    }

    public async Task<OperationResult> RetryNowAsync(Guid actorUserId, long mailId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (!await EventAccess.IsAdminAsync(db, actorUserId)) return OperationResult.Fail("Only Admins manage the outbox.");
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.OutboxMails.Where(m => m.Id == mailId)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.NextAttemptAt, now).SetProperty(m => m.GaveUpAt, (DateTime?)null));
        if (changed == 0) return OperationResult.Fail(Gone);
        logger.LogInformation("Outbox mail {MailId} set to be tried now by {ActorId}", mailId, actorUserId);
        signal.Wake();
        return OperationResult.Ok();
    }

    public async Task<OperationResult> DiscardAsync(Guid actorUserId, long mailId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (!await EventAccess.IsAdminAsync(db, actorUserId)) return OperationResult.Fail("Only Admins manage the outbox.");
        if (await db.OutboxMails.Where(m => m.Id == mailId).ExecuteDeleteAsync() == 0) return OperationResult.Fail(Gone);
        logger.LogInformation("Outbox mail {MailId} discarded by {ActorId}", mailId, actorUserId);
        return OperationResult.Ok();
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
