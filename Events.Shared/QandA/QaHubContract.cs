namespace Events.Shared.QandA;

/// <summary>
/// The live Q&amp;A hub's contract, shared by the server and by anyone who writes a client: where it is, the methods a
/// client invokes, the messages the server sends, and the records both carry. The wire format is SignalR's JSON
/// protocol, so property names arrive in camelCase. README.md ("Live Q&amp;A hub protocol") documents it for other clients.
/// </summary>
public static class QaHub
{
    public const string Path = "/hubs/qa";

    /// <summary>
    /// The cookie that gives a code-holder without an account a stable identity for voting and rate limits. Only keys
    /// the server issued count (the participant page sets one, and so does <see cref="ParticipantKeyPath"/>): a made-up
    /// key can read but not ask or vote. The server keeps no copy of the key.
    /// </summary>
    public const string ParticipantKeyCookie = "events.qa";

    /// <summary>
    /// <c>GET</c> here sets <see cref="ParticipantKeyCookie"/> (HttpOnly) when the request carries no valid key, and
    /// answers 204; 429 when this network address has been given too many keys in the last minute. For clients without
    /// a browser page; the participant page does the same for browsers.
    /// </summary>
    public const string ParticipantKeyPath = "/qa/participant-key";
}

/// <summary>Methods a client invokes on the hub; each takes one request record and returns one result record.</summary>
public static class QaHubMethods
{
    /// <summary><see cref="JoinRequest"/> → <see cref="JoinResult"/>. Join one side event's Q&amp;A; call again after every reconnect.</summary>
    public const string Join = "Join";
    /// <summary><see cref="AskRequest"/> → <see cref="AskResult"/>. Answered only after the question is committed to the database.</summary>
    public const string Ask = "Ask";
    /// <summary><see cref="VoteRequest"/> → <see cref="VoteResult"/>. One vote per participant and question.</summary>
    public const string Vote = "Vote";
    /// <summary><see cref="VoteRequest"/> → <see cref="VoteResult"/>. Takes one's vote back.</summary>
    public const string Unvote = "Unvote";
    /// <summary><see cref="WithdrawRequest"/> → <see cref="QaResult"/>. The asker takes their own question back (not once it is being answered).</summary>
    public const string Withdraw = "Withdraw";
    /// <summary><see cref="ModerateRequest"/> → <see cref="QaResult"/>. Moderators only.</summary>
    public const string Moderate = "Moderate";
    /// <summary><see cref="QaSettingsRequest"/> → <see cref="QaResult"/>. Moderators only: open or close, pre-moderation, code access.</summary>
    public const string Configure = "Configure";
}

/// <summary>Messages the server sends to joined clients; each carries one record.</summary>
public static class QaClientMethods
{
    /// <summary><see cref="QuestionView"/>: a question became visible to this client (asked, or approved).</summary>
    public const string QuestionAdded = "QuestionAdded";
    /// <summary><see cref="QuestionView"/>: text, votes, state, star or highlight changed. Keep the one with the highest revision.</summary>
    public const string QuestionUpdated = "QuestionUpdated";
    /// <summary><see cref="QuestionRemoved"/>: the question is no longer visible to this client (hidden or archived).</summary>
    public const string QuestionRemoved = "QuestionRemoved";
    /// <summary><see cref="HighlightChanged"/>: the question being answered now, or none.</summary>
    public const string HighlightChanged = "HighlightChanged";
    /// <summary><see cref="QaSessionView"/>: opened, closed, pre-moderation or code access changed.</summary>
    public const string SessionChanged = "SessionChanged";
    /// <summary><see cref="QaCounts"/>, to moderators only.</summary>
    public const string CountsChanged = "CountsChanged";
    /// <summary>
    /// <see cref="AccessRevoked"/>: this connection no longer receives anything from the event (code access turned off, a
    /// new code, no longer a moderator or participant). Joining again may work with a new code or as a participant.
    /// </summary>
    public const string AccessRevoked = "AccessRevoked";
}

/// <summary>A question's state. Participants see published and answered questions; moderators see all.</summary>
public static class QuestionStates
{
    /// <summary>Waiting in the pre-moderation queue.</summary>
    public const string Pending = "pending";
    public const string Published = "published";
    public const string Answered = "answered";
    /// <summary>Taken down by a moderator; can be restored.</summary>
    public const string Hidden = "hidden";
    /// <summary>Put away (dealt with, duplicate, off topic); can be restored.</summary>
    public const string Archived = "archived";

    public static readonly IReadOnlyList<string> All = [Pending, Published, Answered, Hidden, Archived];

    public static bool IsPublic(string state) => state is Published or Answered;
}

/// <summary>What <see cref="ModerateRequest.Action"/> can ask for.</summary>
public static class ModerationActions
{
    /// <summary>Pending → published.</summary>
    public const string Approve = "approve";
    /// <summary>Pending or published → hidden.</summary>
    public const string Hide = "hide";
    /// <summary>Hidden, archived or answered → published.</summary>
    public const string Restore = "restore";
    public const string Star = "star";
    public const string Unstar = "unstar";
    /// <summary>Published → the one question being answered now; the previous highlight is cleared.</summary>
    public const string Highlight = "highlight";
    public const string Unhighlight = "unhighlight";
    /// <summary>Published → answered (clears the highlight).</summary>
    public const string MarkAnswered = "answer";
    /// <summary>Any state → archived.</summary>
    public const string Archive = "archive";
    /// <summary>Corrects a typo: <see cref="ModerateRequest.Text"/> replaces the text and the question shows as edited.</summary>
    public const string Edit = "edit";

    public static readonly IReadOnlyList<string> All = [Approve, Hide, Restore, Star, Unstar, Highlight, Unhighlight, MarkAnswered, Archive, Edit];
}

public static class QaLimits
{
    /// <summary>In Unicode characters (code points), as PostgreSQL's length() counts them.</summary>
    public const int MaxQuestionLength = 500;
    public const int MaxNameLength = 80;
    public const int QuestionsPerMinute = 5;
    public const int CodeLength = 6;
    /// <summary>Letters and digits that are not mistaken for each other when read off a projector (no 0/O, 1/I/L).</summary>
    public const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public static string NormaliseCode(string? typed) =>
        new string((typed ?? "").Trim().ToUpperInvariant().Where(char.IsLetterOrDigit).Take(32).ToArray());
}

public sealed record JoinRequest(Guid SideEventId, string? Code = null);

public sealed record JoinResult(bool Ok, string? Error, QaSnapshot? Snapshot)
{
    public static JoinResult Fail(string error) => new(false, error, null);
}

/// <summary>Everything a client shows, as of now: sent on join and on every re-join after a reconnect.</summary>
/// <param name="Questions">Published and answered questions; for moderators every question.</param>
/// <param name="MyPendingQuestions">The caller's own questions still waiting for approval (empty for moderators, who see them in Questions).</param>
/// <param name="MyVotes">The questions the caller has voted for.</param>
/// <param name="Counts">Per state; moderators only.</param>
/// <param name="MyQuestions">The questions the caller asked (named or anonymous): they may withdraw them and not vote for them. Sent to the caller only.</param>
public sealed record QaSnapshot(
    QaSessionView Session, QaCaller Caller, IReadOnlyList<QuestionView> Questions, IReadOnlyList<QuestionView> MyPendingQuestions,
    IReadOnlyList<Guid> MyVotes, QuestionView? Highlighted, QaCounts? Counts, IReadOnlyList<Guid>? MyQuestions = null);

/// <param name="Code">The Q&amp;A code; only moderators receive it.</param>
public sealed record QaSessionView(Guid SideEventId, string Title, bool IsOpen, bool PreModeration, bool CodeAccess, string? Code);

/// <summary>What the joined caller may do.</summary>
/// <param name="CannotAskReason">Why asking is refused right now (closed, not registered), or null.</param>
/// <param name="DisplayName">The name a signed-in caller's named questions carry; null for code-holders, who type one.</param>
public sealed record QaCaller(bool CanAsk, bool CanVote, bool CanModerate, bool SignedIn, string? DisplayName, string? CannotAskReason);

/// <summary>A question as every client sees it. It never says who asked an anonymous question: no account, participant or connection id.</summary>
/// <param name="AuthorName">The name the asker chose to show; null for an anonymous question (shown as "Anonymous").</param>
/// <param name="Revision">Grows with every change; a client keeps the copy with the highest revision.</param>
public sealed record QuestionView(
    Guid Id, Guid SideEventId, string Text, string? AuthorName, string State, int Votes, bool Starred, bool Highlighted, bool Edited,
    DateTimeOffset AskedAt, long Revision);

/// <param name="Revision">As in <see cref="QuestionView.Revision"/>: ignore a removal older than the copy you hold.</param>
public sealed record QuestionRemoved(Guid SideEventId, Guid QuestionId, long Revision);

public sealed record HighlightChanged(Guid SideEventId, QuestionView? Question);

/// <param name="Reason">Why, in words to show.</param>
public sealed record AccessRevoked(Guid SideEventId, string Reason);

public sealed record QaCounts(Guid SideEventId, int Pending, int Published, int Answered, int Hidden, int Archived);

/// <param name="Anonymous">True (the default) keeps the asker's name off the question for everyone, moderators included.</param>
/// <param name="Name">For code-holders without an account who want a name shown; signed-in callers' names come from their account.</param>
/// <summary><see cref="ClientRequestId"/>: send the same id again when retrying an ask, and you get the stored question back, not a copy.</summary>
public sealed record AskRequest(Guid SideEventId, string Text, bool Anonymous = true, string? Name = null, Guid? ClientRequestId = null);

public sealed record AskResult(bool Ok, string? Error, QuestionView? Question)
{
    public static AskResult Fail(string error) => new(false, error, null);
}

public sealed record VoteRequest(Guid QuestionId);

public sealed record WithdrawRequest(Guid QuestionId);

/// <param name="Voted">Whether the caller's vote is on the question after this call.</param>
public sealed record VoteResult(bool Ok, string? Error, int Votes, bool Voted)
{
    public static VoteResult Fail(string error) => new(false, error, 0, false);
}

/// <param name="Action">One of <see cref="ModerationActions"/>.</param>
/// <param name="Text">The corrected text, for <see cref="ModerationActions.Edit"/>.</param>
public sealed record ModerateRequest(Guid QuestionId, string Action, string? Text = null);

/// <param name="NewCode">Replace the Q&amp;A code (when it has spread further than it should).</param>
public sealed record QaSettingsRequest(Guid SideEventId, bool IsOpen, bool PreModeration, bool CodeAccess, bool NewCode = false);

public sealed record QaResult(bool Ok, string? Error)
{
    public static readonly QaResult Success = new(true, null);
    public static QaResult Fail(string error) => new(false, error);
}
