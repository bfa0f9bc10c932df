using System.Security.Cryptography;
using Events.Server.Database;
using Events.Shared.QandA;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.QandA;

/// <summary>
/// The live Q&amp;A's rules and storage. Every change is committed before anyone hears of it: the asker's acknowledgement
/// and the broadcast (through <see cref="IQaNotifier"/>) both come after the commit. Refusals store nothing.
///
/// Anonymity in storage: an anonymous question keeps no participant, only an owner tag that needs the server key
/// (<see cref="QaSecret"/>) and the asker's identity to recompute, and its time to the minute; an anonymous ask writes
/// no other row. Votes are kept under voter tags, one per voter and question. So a copy of the database ties neither
/// to anyone (the qa_anonymity migration).
/// </summary>
public sealed class QaService(
    IDbContextFactory<EventsDbContext> dbFactory, IQaNotifier notifier, QaCodeGuard codeGuard, QaFloodGuard flood, QaSecret secret, ILogger<QaService> logger) : IQaPages
{
    private const string NoCookie =
        "Your browser did not keep this site's Q&A cookie, so you cannot ask or vote. Allow cookies for this site and reload the page.";
    private const string KeyNotIssued =
        "Your Q&A key was not issued by this site, so you cannot ask or vote. Reload the Q&A page to get one.";
    private const string NotJoined = "Join this event's Q&A first.";
    private const string ModeratorsOnly = "Only the event's organisers and moderators can moderate its Q&A.";

    private static string CannotTakePart(QaIdentity identity) => identity.KeyRefused ? KeyNotIssued : NoCookie;

    /// <summary>Lets the caller in to one event's Q&amp;A, or says why not. Nothing is sent to the caller until it is in a group.</summary>
    /// <param name="clientAddress">Where the connection comes from: wrong codes, questions and votes are limited per address.</param>
    public async Task<(QaGrant? Grant, string? Error)> AdmitAsync(JoinRequest request, QaIdentity identity, string? clientAddress = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var standing = await QaStanding.LoadAsync(db, request.SideEventId, identity.UserId);
        // An event that does not exist is refused like one the caller may not see, so that joining tells nothing about which exist.
        if (CheckCode(standing, identity.UserId, request.Code, clientAddress) is { } refusal) return (null, refusal);
        // The moderators' first visit sets the event's Q&A up (closed, with a code), so that the code can be shown.
        if (standing!.IsModerator && !standing.SessionExists) await EnsureSessionAsync(db, request.SideEventId);
        var code = standing.CodeMatches(request.Code) ? QaLimits.NormaliseCode(request.Code) : null;
        return (new QaGrant(request.SideEventId, standing.IsModerator, code, clientAddress), null);
    }

    /// <summary>Everything the admitted caller sees, as of now; null when the grant no longer holds.</summary>
    public async Task<QaSnapshot?> SnapshotAsync(QaGrant grant, QaIdentity identity)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var standing = await QaStanding.LoadAsync(db, grant.SideEventId, identity.UserId);
        return standing is not null && standing.StillAllows(grant)
            ? await SnapshotAsync(db, standing with { IsModerator = grant.IsModerator }, identity) : null;
    }

    /// <summary>
    /// Null when the caller may take part; otherwise why not. A wrong code counts against the caller's address, and once
    /// the address has used up its guesses even a right code is refused for a while (or guessing would still pay).
    /// </summary>
    private string? CheckCode(QaStanding? standing, Guid? userId, string? code, string? clientAddress)
    {
        if (standing is { IsModerator: true } or { IsRegistered: true }) return null;
        var hasCode = !string.IsNullOrWhiteSpace(code);
        if (hasCode && codeGuard.IsBlocked(clientAddress)) return QaCodeGuard.Refusal;
        if (standing is not null && standing.CodeMatches(code)) return null;
        if (hasCode) codeGuard.WrongCode(clientAddress);
        return QaStanding.Refusal(userId is not null, code);
    }

    /// <summary>Admission and snapshot in one, for callers that are not hub connections.</summary>
    public async Task<JoinResult> JoinAsync(JoinRequest request, QaIdentity identity)
    {
        var (grant, error) = await AdmitAsync(request, identity);
        if (grant is null) return JoinResult.Fail(error!);
        return await SnapshotAsync(grant, identity) is { } snapshot ? new JoinResult(true, null, snapshot) : JoinResult.Fail(QaStanding.Refusal(identity.UserId is not null, request.Code));
    }

    private async Task<QaSnapshot> SnapshotAsync(EventsDbContext db, QaStanding standing, QaIdentity identity)
    {
        var moderator = standing.IsModerator;
        var questions = await QaQueries.ForEventAsync(db, standing.SideEventId, publicOnly: !moderator);
        // The caller's votes: their tag for each question they can see, looked up at once.
        var tags = identity.CanParticipate ? questions.Select(q => identity.VoterTag(secret, standing.SideEventId, q.Id)).ToArray() : [];
        var myVotes = tags.Length > 0
            ? await db.QaVotes.Where(v => tags.Contains(v.VoterTag)).Select(v => v.QuestionId).ToListAsync()
            : [];
        var myPending = identity.CanParticipate && !moderator ? await MyPendingAsync(db, standing.SideEventId, identity) : [];
        var caller = new QaCaller(
            CanAsk: standing.IsOpen && identity.CanParticipate, CanVote: identity.CanParticipate, CanModerate: moderator,
            SignedIn: identity.UserId is not null, DisplayName: identity.UserId is not null ? standing.DisplayName : null,
            CannotAskReason: !identity.CanParticipate ? CannotTakePart(identity) : !standing.IsOpen ? Closed : null);
        var mine = await QaOwnership.MineAsync(db, secret, standing.SideEventId, identity, questions.Concat(myPending).Select(q => q.Id));
        return new QaSnapshot(standing.View(forModerator: moderator), caller, questions, myPending, myVotes,
            questions.FirstOrDefault(q => q.Highlighted), moderator ? await QaQueries.CountsAsync(db, standing.SideEventId) : null, mine);
    }

    /// <summary>
    /// The caller's questions still waiting for approval: named ones through the caller's participant row, anonymous ones
    /// by recomputing each pending question's owner tag for this caller (the queue is short, and nothing else can tell).
    /// </summary>
    private async Task<IReadOnlyList<QuestionView>> MyPendingAsync(EventsDbContext db, Guid sideEventId, QaIdentity identity)
    {
        var named = await FindParticipantAsync(db, sideEventId, identity) is { } participantId
            ? await QaQueries.PendingOfAsync(db, sideEventId, participantId) : [];
        var anonymous = (await QaQueries.PendingAnonymousAsync(db, sideEventId))
            .Where(p => CryptographicOperations.FixedTimeEquals(p.OwnerTag, identity.OwnerTag(secret, sideEventId, p.RequestId)))
            .Select(p => p.Question);
        return named.Concat(anonymous).OrderBy(q => q.AskedAt).ToList();
    }

    private const string Closed = "Q&A for this event is closed: new questions are not being taken.";

    /// <summary>The sequence every change of a question takes its next revision from (clients keep the newest).</summary>
    private const string QaRevision = "qa_revision";

    public async Task<AskResult> AskAsync(QaGrant? grant, QaIdentity identity, AskRequest request)
    {
        if (grant is null || request.SideEventId != grant.SideEventId) return AskResult.Fail(NotJoined);
        var (text, textError) = QaText.Question(request.Text);
        if (textError is not null) return AskResult.Fail(textError);
        string? typedName = null;
        if (!request.Anonymous && identity.UserId is null)
        {
            (typedName, var nameError) = QaText.Name(request.Name);
            if (nameError is not null) return AskResult.Fail(nameError);
        }
        if (!identity.CanParticipate) return AskResult.Fail(CannotTakePart(identity));

        QuestionView question;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            // Holds off a concurrent "close" until this question is in: a question acknowledged as received was received while open.
            await SqlDialect.Of(db).LockAsync(db, db.QaSessions, grant.SideEventId, RowLock.Share);
            var standing = await QaStanding.LoadAsync(db, grant.SideEventId, identity.UserId);
            if (standing is null || !standing.MayTakePart(grant.Code)) return AskResult.Fail(QaStanding.Refusal(identity.UserId is not null, grant.Code));
            if (!standing.IsOpen) return AskResult.Fail(Closed);

            // An anonymous question is stored with an owner tag and nothing else of its asker; a named one with its participant.
            var requestId = request.ClientRequestId ?? Guid.NewGuid();
            var ownerTag = request.Anonymous ? identity.OwnerTag(secret, grant.SideEventId, requestId) : null;
            var participantId = request.Anonymous ? (Guid?)null : await EnsureParticipantAsync(db, grant.SideEventId, identity);
            var authorName = request.Anonymous ? null : identity.UserId is not null ? standing.DisplayName : typedName;
            var state = standing.PreModeration ? QuestionStates.Pending : QuestionStates.Published;
            var storedRequestId = request.Anonymous ? requestId : request.ClientRequestId;
            // The time comes from the database's clock, as for every other row; an anonymous question's is kept to the
            // minute: precise enough for the room, too coarse to match other rows by. The insert hands back the stored row.
            // A retried request (same request id) inserts nothing: the unique indexes on the owner tag and on (participant,
            // request id) decide, waiting for the first attempt's transaction if it is still going. One statement, so that
            // the ask's answer waits for as few round trips as possible (each one waits its turn on a busy server).
            var dialect = SqlDialect.Of(db);
            var inserted = await dialect.InsertIfAbsentReturningAsync(db.QaQuestions,
                ("side_event_id", grant.SideEventId), ("participant_id", participantId), ("owner_tag", ownerTag), ("author_name", authorName),
                ("text", text), ("state", state), ("client_request_id", storedRequestId),
                ("asked_at", request.Anonymous ? dialect.NowToTheMinute : dialect.Now));
            if (inserted is null)
            {
                // The retry is answered with the question already in, and counts against no limit.
                var alreadyAsked = await (request.Anonymous
                    ? db.QaQuestions.Where(q => q.OwnerTag == ownerTag)
                    : db.QaQuestions.Where(q => q.ParticipantId == participantId && q.ClientRequestId == requestId))
                    .AsNoTracking().Select(QaQueries.View).SingleAsync();
                await tx.CommitAsync();
                return new AskResult(true, null, alreadyAsked);
            }
            // A new question counts against the limits; refused, it goes with the transaction, which is not committed.
            if (flood.TakeQuestion(grant.SideEventId, identity.AskerTag(secret, grant.SideEventId), grant.ClientAddress) is { } tooMany)
                return AskResult.Fail(tooMany);
            question = QaQueries.ViewOf(inserted);
            await tx.CommitAsync();
        }
        // No identity here, at any level: the event and the state say enough to follow what happened.
        logger.LogInformation("A question was asked in the Q&A of side event {SideEventId} ({State})", question.SideEventId, question.State);
        await NotifyAsync(async () =>
        {
            await notifier.QuestionChangedAsync(null, question);
            await notifier.CountsChangedAsync(question.SideEventId);
        });
        return new AskResult(true, null, question);
    }

    public async Task<VoteResult> VoteAsync(QaGrant? grant, QaIdentity identity, Guid questionId, bool vote)
    {
        if (grant is null) return VoteResult.Fail(NotJoined);
        if (!identity.CanParticipate) return VoteResult.Fail(CannotTakePart(identity));
        int votes;
        bool changed;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var question = await db.QaQuestions.Where(q => q.Id == questionId).Select(q => new { q.SideEventId, q.State, q.Votes }).FirstOrDefaultAsync();
            if (question is null || question.SideEventId != grant.SideEventId) return VoteResult.Fail("There is no such question in this Q&A.");
            var standing = await QaStanding.LoadAsync(db, grant.SideEventId, identity.UserId);
            if (standing is null || !standing.MayTakePart(grant.Code)) return VoteResult.Fail(QaStanding.Refusal(identity.UserId is not null, grant.Code));
            if (vote && question.State != QuestionStates.Published)
                return VoteResult.Fail(question.State == QuestionStates.Answered ? "This question has been answered; votes are closed for it." : "There is no such question in this Q&A.");
            if (vote && await QaOwnership.OwnsAsync(db, secret, grant.SideEventId, identity, questionId))
                return VoteResult.Fail("You asked this question, so you cannot vote for it.");

            // A vote is kept under the voter's tag: one per person and question (the primary key decides, whatever the
            // timing), and it leads to nobody. A trigger keeps the question's count.
            var voterTag = identity.VoterTag(secret, grant.SideEventId, questionId);
            if (vote && flood.TakeVoter(questionId, voterTag, grant.ClientAddress) is { } tooMany)
                return new VoteResult(false, tooMany, question.Votes, false);
            changed = vote
                ? await SqlDialect.Of(db).InsertIfAbsentAsync<QaVote>(db, ("question_id", questionId), ("voter_tag", voterTag)) == 1
                : await db.QaVotes.Where(v => v.QuestionId == questionId && v.VoterTag == voterTag).ExecuteDeleteAsync() == 1;
            votes = await db.QaQuestions.Where(q => q.Id == questionId).Select(q => q.Votes).SingleAsync();
            await tx.CommitAsync();
        }
        if (!changed)
            return vote ? new VoteResult(false, "You have already voted for this question.", votes, true)
                        : new VoteResult(false, "You have not voted for this question.", votes, false);
        notifier.VotesChanged(grant.SideEventId, questionId);
        return new VoteResult(true, null, votes, vote);
    }

    public async Task<QaResult> ModerateAsync(QaGrant? grant, QaIdentity identity, ModerateRequest request)
    {
        if (grant is null) return QaResult.Fail(NotJoined);
        if (identity.UserId is not { } userId) return QaResult.Fail(ModeratorsOnly);
        if (!ModerationActions.All.Contains(request.Action))
            return QaResult.Fail($"Unknown moderation action \"{Truncate(request.Action)}\". Use one of: {string.Join(", ", ModerationActions.All)}.");
        string? newText = null;
        if (request.Action == ModerationActions.Edit)
        {
            (newText, var textError) = QaText.Question(request.Text);
            if (textError is not null) return QaResult.Fail(textError);
        }

        QuestionView before, after;
        QuestionView? previousHighlight = null;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var sideEventId = await db.QaQuestions.Where(q => q.Id == request.QuestionId).Select(q => (Guid?)q.SideEventId).FirstOrDefaultAsync();
            if (sideEventId != grant.SideEventId) return QaResult.Fail("There is no such question in this Q&A.");
            var standing = await QaStanding.LoadAsync(db, grant.SideEventId, userId);
            if (standing is not { IsModerator: true }) return QaResult.Fail(ModeratorsOnly);
            // One moderation at a time per event: two moderators highlighting at once end with one highlight, not an error.
            // It also keeps the question as read here until the update below (only moderation changes what it sets).
            await SqlDialect.Of(db).LockAsync(db, db.QaSessions, grant.SideEventId, RowLock.Update);
            before = (await QaQueries.OneAsync(db, request.QuestionId))!;

            var (change, refusal) = Transition(before, request.Action, newText);
            if (refusal is not null) return QaResult.Fail(refusal);
            // Every change takes the next revision from the database's sequence, which EF cannot call in an update;
            // the update hands back the stored row, so nothing needs reading again.
            var dialect = SqlDialect.Of(db);
            var revision = dialect.NextValue(QaRevision);
            if (request.Action == ModerationActions.Highlight)
            {
                // The one highlight moves: the event's other highlighted question (at most one, by its unique index) lets go first.
                var previous = await dialect.UpdateReturning(db.QaQuestions, [("highlighted", false), ("revision", revision)],
                        $"side_event_id = {grant.SideEventId} AND highlighted = {true} AND id <> {request.QuestionId}")
                    .AsNoTracking().AsAsyncEnumerable().SingleOrDefaultAsync();
                if (previous is not null) previousHighlight = QaQueries.ViewOf(previous);
            }
            after = change is null ? before : QaQueries.ViewOf(await dialect.UpdateReturning(db.QaQuestions,
                    [("state", change.State), ("starred", change.Starred), ("highlighted", change.Highlighted), ("text", change.Text),
                     ("edited", change.Edited), ("revision", revision)],
                    $"id = {request.QuestionId}")
                .AsNoTracking().AsAsyncEnumerable().SingleAsync());
            await tx.CommitAsync();
        }
        logger.LogInformation("Q&A moderation in side event {SideEventId}: {Action}", grant.SideEventId, request.Action);
        await NotifyAsync(async () =>
        {
            if (previousHighlight is not null) await notifier.QuestionChangedAsync(previousHighlight.State, previousHighlight);
            if (after.Revision != before.Revision) await notifier.QuestionChangedAsync(before.State, after);
            if (before.Highlighted != after.Highlighted || previousHighlight is not null)
                await notifier.HighlightChangedAsync(grant.SideEventId, after.Highlighted ? after : null);
            if (before.State != after.State) await notifier.CountsChangedAsync(grant.SideEventId);
        });
        return QaResult.Success;
    }

    /// <summary>
    /// The question as an action leaves it (null when the action changes nothing), or why the action does not apply to
    /// a question in its current state.
    /// </summary>
    private static (QuestionView? Change, string? Refusal) Transition(QuestionView q, string action, string? newText) => action switch
    {
        ModerationActions.Approve => q.State == QuestionStates.Pending
            ? (q with { State = QuestionStates.Published }, null) : (null, "Only a question waiting for approval can be approved."),
        ModerationActions.Hide => q.State is QuestionStates.Pending or QuestionStates.Published or QuestionStates.Answered
            ? (q with { State = QuestionStates.Hidden, Highlighted = false }, null) : (null, "This question is not visible, so it cannot be hidden."),
        ModerationActions.Restore => q.State is QuestionStates.Hidden or QuestionStates.Archived or QuestionStates.Answered
            ? (q with { State = QuestionStates.Published }, null) : (null, "Only a hidden, archived or answered question can be restored."),
        ModerationActions.Star => (q.Starred ? null : q with { Starred = true }, null),
        ModerationActions.Unstar => (q.Starred ? q with { Starred = false } : null, null),
        ModerationActions.Highlight => q.State == QuestionStates.Published
            ? (q.Highlighted ? null : q with { Highlighted = true }, null) : (null, "Only a published question can be highlighted."),
        ModerationActions.Unhighlight => (q.Highlighted ? q with { Highlighted = false } : null, null),
        ModerationActions.MarkAnswered => q.State == QuestionStates.Published
            ? (q with { State = QuestionStates.Answered, Highlighted = false }, null) : (null, "Only a published question can be marked as answered."),
        ModerationActions.Archive => q.State != QuestionStates.Archived
            ? (q with { State = QuestionStates.Archived, Highlighted = false }, null) : (null, "This question is already archived."),
        ModerationActions.Edit => (q with { Text = newText!, Edited = q.Edited || q.Text != newText }, null),
        _ => (null, "Unknown moderation action."),
    };

    public async Task<QaResult> ConfigureAsync(QaGrant? grant, QaIdentity identity, QaSettingsRequest request)
    {
        if (grant is null || grant.SideEventId != request.SideEventId) return QaResult.Fail(NotJoined);
        if (identity.UserId is not { } userId) return QaResult.Fail(ModeratorsOnly);
        QaStanding standing;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var before = await QaStanding.LoadAsync(db, request.SideEventId, userId);
            if (before is not { IsModerator: true }) return QaResult.Fail(ModeratorsOnly);
            await EnsureSessionAsync(db, request.SideEventId);
            for (var attempt = 0; ; attempt++)
            {
                var code = NewCode();
                try
                {
                    await db.QaSessions.Where(s => s.SideEventId == request.SideEventId).ExecuteUpdateAsync(session =>
                    {
                        session.SetProperty(s => s.IsOpen, request.IsOpen)
                            .SetProperty(s => s.PreModeration, request.PreModeration)
                            .SetProperty(s => s.CodeAccess, request.CodeAccess)
                            .SetProperty(s => s.UpdatedAt, s => DateTime.UtcNow);
                        if (request.NewCode) session.SetProperty(s => s.Code, code);
                    });
                    break;
                }
                // A new code can collide with another event's: then try another.
                catch (Exception e) when (DatabaseRefusal.Is(e, RefusalKind.Unique) && attempt < 5) { }
            }
            standing = (await QaStanding.LoadAsync(db, request.SideEventId, userId))!;
        }
        logger.LogInformation("Q&A of side event {SideEventId} set to open={IsOpen} premoderation={PreModeration} code={CodeAccess}",
            request.SideEventId, request.IsOpen, request.PreModeration, request.CodeAccess);
        await NotifyAsync(() => notifier.SessionChangedAsync(standing.View(forModerator: true)));
        return QaResult.Success;
    }

    /// <summary>
    /// The asker takes their own question back: it is deleted with its votes, so nothing of it stays. The asker is
    /// recognised as when they asked (participant row, or the anonymous owner tag recomputed from their identity), so
    /// withdrawing an anonymous question links it to nobody. A question being answered, or answered, stays.
    /// </summary>
    public async Task<QaResult> WithdrawAsync(QaGrant? grant, QaIdentity identity, Guid questionId)
    {
        if (grant is null) return QaResult.Fail(NotJoined);
        if (!identity.CanParticipate) return QaResult.Fail(CannotTakePart(identity));
        const string NotYours = "You can withdraw only a question you asked in this Q&A.";
        QuestionRemoved removed;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var standing = await QaStanding.LoadAsync(db, grant.SideEventId, identity.UserId);
            if (standing is null || !standing.MayTakePart(grant.Code)) return QaResult.Fail(QaStanding.Refusal(identity.UserId is not null, grant.Code));
            // As moderation does: a highlight cannot land on the question while it goes.
            await SqlDialect.Of(db).LockAsync(db, db.QaSessions, grant.SideEventId, RowLock.Update);
            var question = await QaQueries.OneAsync(db, questionId);
            if (question is null || question.SideEventId != grant.SideEventId || !await QaOwnership.OwnsAsync(db, secret, grant.SideEventId, identity, questionId))
                return QaResult.Fail(NotYours);
            if (question.Highlighted || question.State == QuestionStates.Answered)
                return QaResult.Fail("This question is being answered or has been answered, so it can no longer be withdrawn.");
            var revision = await SqlDialect.Of(db).NextValueAsync(db, QaRevision);
            await db.QaQuestions.Where(q => q.Id == questionId).ExecuteDeleteAsync();
            removed = new QuestionRemoved(grant.SideEventId, questionId, revision);
            await tx.CommitAsync();
        }
        logger.LogInformation("A question was withdrawn by its asker in the Q&A of side event {SideEventId}", grant.SideEventId);
        await NotifyAsync(async () =>
        {
            await notifier.QuestionWithdrawnAsync(removed);
            await notifier.CountsChangedAsync(grant.SideEventId);
        });
        return QaResult.Success;
    }

    /// <summary>Every question of the event for its moderators (CSV export): anonymous ones without a name, as everywhere.</summary>
    public async Task<IReadOnlyList<QuestionView>?> ExportAsync(Guid userId, Guid sideEventId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var standing = await QaStanding.LoadAsync(db, sideEventId, userId);
        if (standing is not { IsModerator: true }) return null;
        return await QaQueries.ForEventAsync(db, sideEventId, publicOnly: false);
    }

    public async Task<QaPageInfo> DescribeAsync(Guid sideEventId, Guid? userId, string? code, string? clientAddress)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var standing = await QaStanding.LoadAsync(db, sideEventId, userId);
        var refusal = CheckCode(standing, userId, code, clientAddress);
        // The title only for those who may join or when the event's page is public; otherwise the same page whether the
        // event exists or not, so that its address tells a stranger nothing.
        var title = standing is not null && (refusal is null || standing.PagePublic) ? standing.Title : null;
        var timeZone = refusal is null
            ? await db.SideEvents.Where(e => e.Id == sideEventId).Select(e => e.Convening.TimeZone).FirstOrDefaultAsync()
            : null;
        return new QaPageInfo(sideEventId, title, refusal is null, standing?.IsModerator == true, refusal, timeZone);
    }

    public string? NewParticipantKey(string? presentedKey, string? clientAddress) =>
        secret.IssuedParticipantKey(presentedKey) || !flood.TakeParticipantKey(clientAddress) ? null : secret.NewParticipantKey();

    public async Task<QaCodeLookup> FindByCodeAsync(string? code, string? clientAddress)
    {
        if (codeGuard.IsBlocked(clientAddress)) return new QaCodeLookup(null, QaCodeGuard.Refusal);
        var normalised = QaLimits.NormaliseCode(code);
        Guid? found = null;
        if (normalised.Length == QaLimits.CodeLength)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            found = await db.QaSessions.Where(s => s.Code == normalised && s.CodeAccess).Select(s => (Guid?)s.SideEventId).FirstOrDefaultAsync();
        }
        if (found is null) codeGuard.WrongCode(clientAddress);
        return new QaCodeLookup(found, null);
    }

    /// <summary>The event's Q&amp;A settings row, closed and with a new code, unless it has one (a concurrent first visit may make it).</summary>
    private static async Task EnsureSessionAsync(EventsDbContext db, Guid sideEventId)
    {
        // A new code can collide with another event's (one in hundreds of millions): then try another.
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if (await SqlDialect.Of(db).InsertIfAbsentAsync<QaSession>(db, ("side_event_id", sideEventId), ("code", NewCode())) == 1
                || await db.QaSessions.AnyAsync(s => s.SideEventId == sideEventId)) return;
        }
        throw new InvalidOperationException("Could not find a free Q&A code.");
    }

    private static string NewCode() =>
        new(Enumerable.Range(0, QaLimits.CodeLength).Select(_ => QaLimits.CodeAlphabet[RandomNumberGenerator.GetInt32(QaLimits.CodeAlphabet.Length)]).ToArray());

    /// <summary>The caller's participant row in this event: by account, or by the hash of the browser's key.</summary>
    private static IQueryable<QaParticipant> ParticipantOf(EventsDbContext db, Guid sideEventId, QaIdentity identity)
    {
        var participants = db.QaParticipants.Where(p => p.SideEventId == sideEventId);
        if (identity.UserId is { } userId) return participants.Where(p => p.UserId == userId);
        var hash = identity.KeyHashFor(sideEventId);
        return participants.Where(p => p.BrowserKeyHash == hash);
    }

    internal static async Task<Guid?> FindParticipantAsync(EventsDbContext db, Guid sideEventId, QaIdentity identity) =>
        identity.CanParticipate
            ? await ParticipantOf(db, sideEventId, identity).Select(p => (Guid?)p.Id).FirstOrDefaultAsync()
            : null;

    /// <summary>
    /// The caller's participant row in this event, made on first use: only named questions have one. Found in one round
    /// trip when it exists; the insert leaves a concurrent one's row alone and then reads it.
    /// </summary>
    private static async Task<Guid> EnsureParticipantAsync(EventsDbContext db, Guid sideEventId, QaIdentity identity)
    {
        if (await FindParticipantAsync(db, sideEventId, identity) is { } existing) return existing;
        var id = Guid.NewGuid();
        var inserted = await SqlDialect.Of(db).InsertIfAbsentAsync<QaParticipant>(db,
            ("id", id), ("side_event_id", sideEventId), ("user_id", identity.UserId), ("browser_key_hash", identity.KeyHashFor(sideEventId)));
        return inserted == 1 ? id : await ParticipantOf(db, sideEventId, identity).Select(p => p.Id).SingleAsync();
    }

    /// <summary>
    /// The change is committed whatever happens here: a failed broadcast must not turn the acknowledgement into an error
    /// (the client would send the question again). Clients catch up at their next join.
    /// </summary>
    private async Task NotifyAsync(Func<Task> send)
    {
        try { await send(); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "A committed Q&A change could not be broadcast");
        }
    }

    private static string Truncate(string? value) => value is null ? "" : value.Length > 40 ? value[..40] + "…" : value;
}
