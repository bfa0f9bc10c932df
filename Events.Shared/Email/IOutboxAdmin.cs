namespace Events.Shared.Email;

/// <summary>
/// A mail still in the outbox, as Admins see it: waiting for its next attempt, or given up after its last one.
/// Times are UTC.
/// </summary>
public sealed record OutboxMailItem(
    long Id, string To, string Subject, int Attempts, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt,
    DateTimeOffset? GaveUpAt)
{
    public bool GaveUp => GaveUpAt is not null;
}

/// <summary>The Admins' view of the mail outbox: what waits and what was given up on, to try again now or discard.</summary>
public interface IOutboxAdmin
{
    /// <summary>Given-up mails first (newest failure first), then waiting ones by their next attempt; null for anyone but an Admin.</summary>
    Task<IReadOnlyList<OutboxMailItem>?> ListAsync(Guid actorUserId);

    /// <summary>Tries the mail at once: a given-up mail is taken up again (one more attempt once it has used them all).</summary>
    Task<OperationResult> RetryNowAsync(Guid actorUserId, long mailId);

    /// <summary>Deletes the mail from the outbox: it is never sent.</summary>
    Task<OperationResult> DiscardAsync(Guid actorUserId, long mailId);
}
