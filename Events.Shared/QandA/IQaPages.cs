namespace Events.Shared.QandA;

/// <summary>
/// What the Q&amp;A pages need before their script connects to the hub: the event's title and whether this visitor may
/// take part, so that a visitor without access gets a clear page rather than an empty one.
/// </summary>
public interface IQaPages
{
    /// <param name="clientAddress">The visitor's network address: wrong codes from one address are limited.</param>
    Task<QaPageInfo?> DescribeAsync(Guid sideEventId, Guid? userId, string? code, string? clientAddress);

    /// <summary>The event whose Q&amp;A code this is, when the organisers let code-holders in.</summary>
    Task<QaCodeLookup> FindByCodeAsync(string? code, string? clientAddress);
}

/// <param name="SideEventId">Null when no open Q&amp;A has this code.</param>
/// <param name="Refusal">Set when this address has guessed wrong too often; the code was not looked up.</param>
public sealed record QaCodeLookup(Guid? SideEventId, string? Refusal);

/// <param name="CanJoin">May read and (when open) ask: moderators, confirmed participants, holders of a valid code.</param>
/// <param name="Reason">Why not, when <paramref name="CanJoin"/> is false.</param>
public sealed record QaPageInfo(Guid SideEventId, string Title, bool CanJoin, bool CanModerate, bool CodeAccess, string? Reason);
