namespace Events.Shared.QandA;

/// <summary>
/// What the Q&amp;A pages need before their script connects to the hub: the event's title and whether this visitor may
/// take part, so that a visitor without access gets a clear page rather than an empty one.
/// </summary>
public interface IQaPages
{
    /// <param name="clientAddress">The visitor's network address: wrong codes from one address are limited.</param>
    Task<QaPageInfo> DescribeAsync(Guid sideEventId, Guid? userId, string? code, string? clientAddress);

    /// <summary>The event whose Q&amp;A code this is, when the organisers let code-holders in.</summary>
    Task<QaCodeLookup> FindByCodeAsync(string? code, string? clientAddress);

    /// <summary>
    /// A new participant key to set as the <see cref="QaHub.ParticipantKeyCookie"/> cookie, when the one presented is not a
    /// key this server issued; null when it is (keep it), or when this address has been given too many keys just now.
    /// </summary>
    string? NewParticipantKey(string? presentedKey, string? clientAddress);
}

/// <param name="SideEventId">Null when no open Q&amp;A has this code.</param>
/// <param name="Refusal">Set when this address has guessed wrong too often; the code was not looked up.</param>
public sealed record QaCodeLookup(Guid? SideEventId, string? Refusal);

/// <param name="Title">
/// The event's title: only for callers who may join, or when the event's own page is public. Otherwise null, and the
/// answer is the same whether the event exists or not.
/// </param>
/// <param name="CanJoin">May read and (when open) ask: moderators, confirmed participants, holders of a valid code.</param>
/// <param name="Reason">Why not, when <paramref name="CanJoin"/> is false.</param>
/// <param name="TimeZone">The convening's IANA time zone, for those who may join: questions show the room's time.</param>
public sealed record QaPageInfo(Guid SideEventId, string? Title, bool CanJoin, bool CanModerate, string? Reason, string? TimeZone = null);
