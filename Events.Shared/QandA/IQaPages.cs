namespace Events.Shared.QandA;

/// <summary>
/// What the Q&amp;A pages need before their script connects to the hub: the event's title and whether this visitor may
/// take part, so that a visitor without access gets a clear page rather than an empty one.
/// </summary>
public interface IQaPages
{
    Task<QaPageInfo?> DescribeAsync(Guid sideEventId, Guid? userId, string? code);

    /// <summary>The event whose Q&amp;A code this is, when the organisers let code-holders in; otherwise null.</summary>
    Task<Guid?> FindByCodeAsync(string? code);
}

/// <param name="CanJoin">May read and (when open) ask: moderators, confirmed participants, holders of a valid code.</param>
/// <param name="Reason">Why not, when <paramref name="CanJoin"/> is false.</param>
public sealed record QaPageInfo(Guid SideEventId, string Title, bool CanJoin, bool CanModerate, bool CodeAccess, string? Reason);
