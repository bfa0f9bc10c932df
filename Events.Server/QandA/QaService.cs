using System.Data;
using System.Security.Cryptography;
using Dapper;
using Events.Server.Database;
using Events.Shared.QandA;
using Npgsql;

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
    DatabaseConnections database, IQaNotifier notifier, QaCodeGuard codeGuard, QaFloodGuard flood, QaSecret secret, ILogger<QaService> logger) : IQaPages
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
        await using var db = await database.OpenAsync();
        var standing = await QaStanding.LoadAsync(db, null, request.SideEventId, identity.UserId);
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
        await using var db = await database.OpenAsync();
        var standing = await QaStanding.LoadAsync(db, null, grant.SideEventId, identity.UserId);
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

    private async Task<QaSnapshot> SnapshotAsync(NpgsqlConnection db, QaStanding standing, QaIdentity identity)
    {
        var moderator = standing.IsModerator;
        var questions = await QaQueries.ForEventAsync(db, null, standing.SideEventId, publicOnly: !moderator);
        // The caller's votes: their tag for each question they can see, looked up at once.
        var myVotes = identity.CanParticipate && questions.Count > 0
            ? (await db.QueryAsync<Guid>("SELECT question_id FROM qa_votes WHERE voter_tag = ANY(@tags)",
                new { tags = questions.Select(q => identity.VoterTag(secret, standing.SideEventId, q.Id)).ToArray() })).ToList()
            : [];
        var myPending = identity.CanParticipate && !moderator ? await MyPendingAsync(db, standing.SideEventId, identity) : [];
        var caller = new QaCaller(
            CanAsk: standing.IsOpen && identity.CanParticipate, CanVote: identity.CanParticipate, CanModerate: moderator,
            SignedIn: identity.UserId is not null, DisplayName: identity.UserId is not null ? standing.DisplayName : null,
            CannotAskReason: !identity.CanParticipate ? CannotTakePart(identity) : !standing.IsOpen ? Closed : null);
        return new QaSnapshot(standing.View(forModerator: moderator), caller, questions, myPending, myVotes,
            questions.FirstOrDefault(q => q.Highlighted), moderator ? await QaQueries.CountsAsync(db, null, standing.SideEventId) : null);
    }

    /// <summary>
    /// The caller's questions still waiting for approval: named ones through the caller's participant row, anonymous ones
    /// by recomputing each pending question's owner tag for this caller (the queue is short, and nothing else can tell).
    /// </summary>
    private async Task<IReadOnlyList<QuestionView>> MyPendingAsync(NpgsqlConnection db, Guid sideEventId, QaIdentity identity)
    {
        var named = await FindParticipantAsync(db, sideEventId, identity) is { } participantId
            ? await QaQueries.PendingOfAsync(db, sideEventId, participantId) : [];
        var anonymous = (await QaQueries.PendingAnonymousAsync(db, sideEventId))
            .Where(p => CryptographicOperations.FixedTimeEquals(p.OwnerTag, identity.OwnerTag(secret, sideEventId, p.RequestId)))
            .Select(p => p.Question);
        return named.Concat(anonymous).OrderBy(q => q.AskedAt).ToList();
    }

    private const string Closed = "Q&A for this event is closed: new questions are not being taken.";

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
        QaCounts counts;
        await using (var db = await database.OpenAsync())
        {
            await using var tx = await db.BeginTransactionAsync();
            // Holds off a concurrent "close" until this question is in: a question acknowledged as received was received while open.
            await db.ExecuteAsync("SELECT 1 FROM qa_sessions WHERE side_event_id = @SideEventId FOR SHARE", new { grant.SideEventId }, tx);
            var standing = await QaStanding.LoadAsync(db, tx, grant.SideEventId, identity.UserId);
            if (standing is null || !standing.MayTakePart(grant.Code)) return AskResult.Fail(QaStanding.Refusal(identity.UserId is not null, grant.Code));
            if (!standing.IsOpen) return AskResult.Fail(Closed);

            // One ask at a time per asker and event, so that a retried request finds the first instead of racing it in.
            // The lock's number comes from the asker's tag and lives only as long as this transaction.
            var askerTag = identity.AskerTag(secret, grant.SideEventId);
            await db.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key = BitConverter.ToInt64(askerTag, 0) }, tx);

            // An anonymous question is stored with an owner tag and nothing else of its asker; a named one with its participant.
            var requestId = request.ClientRequestId ?? Guid.NewGuid();
            var ownerTag = request.Anonymous ? identity.OwnerTag(secret, grant.SideEventId, requestId) : null;
            var participantId = request.Anonymous ? (Guid?)null : await EnsureParticipantAsync(db, tx, grant.SideEventId, identity);
            if (request.ClientRequestId is not null && await db.ExecuteScalarAsync<Guid?>(request.Anonymous
                    ? "SELECT id FROM qa_questions WHERE owner_tag = @ownerTag"
                    : "SELECT id FROM qa_questions WHERE participant_id = @participantId AND client_request_id = @requestId",
                    new { ownerTag, participantId, requestId }, tx) is { } alreadyAsked)
            {
                var stored = (await QaQueries.OneAsync(db, tx, alreadyAsked))!;
                await tx.CommitAsync();
                return new AskResult(true, null, stored);
            }
            if (flood.TakeQuestion(grant.SideEventId, askerTag, grant.ClientAddress) is { } tooMany) return AskResult.Fail(tooMany);

            var authorName = request.Anonymous ? null : identity.UserId is not null ? standing.DisplayName : typedName;
            // An anonymous question's time is kept to the minute: precise enough for the room, too coarse to match other rows by.
            var id = await db.ExecuteScalarAsync<Guid>($"""
                INSERT INTO qa_questions (side_event_id, participant_id, owner_tag, author_name, text, state, client_request_id, asked_at)
                VALUES (@SideEventId, @participantId, @ownerTag, @authorName, @text, @state, @requestId,
                        {(request.Anonymous ? "date_trunc('minute', clock_timestamp())" : "clock_timestamp()")}) RETURNING id
                """, new
            {
                grant.SideEventId, participantId, ownerTag, authorName, text,
                requestId = request.Anonymous ? requestId : request.ClientRequestId,
                state = standing.PreModeration ? QuestionStates.Pending : QuestionStates.Published,
            }, tx);
            question = (await QaQueries.OneAsync(db, tx, id))!;
            counts = await QaQueries.CountsAsync(db, tx, grant.SideEventId);
            await tx.CommitAsync();
        }
        // No identity here, at any level: the event and the state say enough to follow what happened.
        logger.LogInformation("A question was asked in the Q&A of side event {SideEventId} ({State})", question.SideEventId, question.State);
        await NotifyAsync(async () =>
        {
            await notifier.QuestionChangedAsync(null, question);
            await notifier.CountsChangedAsync(counts);
        });
        return new AskResult(true, null, question);
    }

    public async Task<VoteResult> VoteAsync(QaGrant? grant, QaIdentity identity, Guid questionId, bool vote)
    {
        if (grant is null) return VoteResult.Fail(NotJoined);
        if (!identity.CanParticipate) return VoteResult.Fail(CannotTakePart(identity));
        int votes;
        bool changed;
        await using (var db = await database.OpenAsync())
        {
            await using var tx = await db.BeginTransactionAsync();
            var question = await db.QuerySingleOrDefaultAsync<(Guid SideEventId, string State, int Votes)>(
                "SELECT side_event_id, state, votes FROM qa_questions WHERE id = @questionId", new { questionId }, tx);
            if (question.SideEventId != grant.SideEventId) return VoteResult.Fail("There is no such question in this Q&A.");
            var standing = await QaStanding.LoadAsync(db, tx, grant.SideEventId, identity.UserId);
            if (standing is null || !standing.MayTakePart(grant.Code)) return VoteResult.Fail(QaStanding.Refusal(identity.UserId is not null, grant.Code));
            if (vote && question.State != QuestionStates.Published)
                return VoteResult.Fail(question.State == QuestionStates.Answered ? "This question has been answered; votes are closed for it." : "There is no such question in this Q&A.");

            // A vote is kept under the voter's tag: one per person and question (the primary key decides, whatever the
            // timing), and it leads to nobody.
            var voterTag = identity.VoterTag(secret, grant.SideEventId, questionId);
            if (vote && flood.TakeVoter(questionId, voterTag, grant.ClientAddress) is { } tooMany)
                return new VoteResult(false, tooMany, question.Votes, false);
            changed = vote
                ? await db.ExecuteAsync("INSERT INTO qa_votes (question_id, voter_tag) VALUES (@questionId, @voterTag) ON CONFLICT DO NOTHING",
                    new { questionId, voterTag }, tx) == 1
                : await db.ExecuteAsync("DELETE FROM qa_votes WHERE question_id = @questionId AND voter_tag = @voterTag",
                    new { questionId, voterTag }, tx) == 1;
            votes = await db.ExecuteScalarAsync<int>("SELECT votes FROM qa_questions WHERE id = @questionId", new { questionId }, tx);
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
        QaCounts counts;
        await using (var db = await database.OpenAsync())
        {
            await using var tx = await db.BeginTransactionAsync();
            var sideEventId = await db.ExecuteScalarAsync<Guid?>("SELECT side_event_id FROM qa_questions WHERE id = @QuestionId", new { request.QuestionId }, tx);
            if (sideEventId != grant.SideEventId) return QaResult.Fail("There is no such question in this Q&A.");
            var standing = await QaStanding.LoadAsync(db, tx, grant.SideEventId, userId);
            if (standing is not { IsModerator: true }) return QaResult.Fail(ModeratorsOnly);
            // One moderation at a time per event: two moderators highlighting at once end with one highlight, not an error.
            await db.ExecuteAsync("SELECT 1 FROM qa_sessions WHERE side_event_id = @SideEventId FOR UPDATE", new { grant.SideEventId }, tx);
            before = (await QaQueries.OneAsync(db, tx, request.QuestionId))!;

            var (sql, refusal) = Transition(before, request.Action);
            if (refusal is not null) return QaResult.Fail(refusal);
            if (request.Action == ModerationActions.Highlight)
            {
                var previousId = await db.ExecuteScalarAsync<Guid?>("""
                    UPDATE qa_questions SET highlighted = false, revision = nextval('qa_revision')
                    WHERE side_event_id = @SideEventId AND highlighted AND id <> @QuestionId RETURNING id
                    """, new { grant.SideEventId, request.QuestionId }, tx);
                if (previousId is { } p) previousHighlight = await QaQueries.OneAsync(db, tx, p);
            }
            if (sql is not null)
                await db.ExecuteAsync($"UPDATE qa_questions SET {sql}, revision = nextval('qa_revision') WHERE id = @QuestionId",
                    new { request.QuestionId, text = newText }, tx);
            after = (await QaQueries.OneAsync(db, tx, request.QuestionId))!;
            counts = await QaQueries.CountsAsync(db, tx, grant.SideEventId);
            await tx.CommitAsync();
        }
        logger.LogInformation("Q&A moderation in side event {SideEventId}: {Action}", grant.SideEventId, request.Action);
        await NotifyAsync(async () =>
        {
            if (previousHighlight is not null) await notifier.QuestionChangedAsync(previousHighlight.State, previousHighlight);
            if (after.Revision != before.Revision) await notifier.QuestionChangedAsync(before.State, after);
            if (before.Highlighted != after.Highlighted || previousHighlight is not null)
                await notifier.HighlightChangedAsync(grant.SideEventId, after.Highlighted ? after : null);
            if (before.State != after.State) await notifier.CountsChangedAsync(counts);
        });
        return QaResult.Success;
    }

    /// <summary>The SET clause for an action on a question in its current state, or why the action does not apply.</summary>
    private static (string? Set, string? Refusal) Transition(QuestionView q, string action) => action switch
    {
        ModerationActions.Approve => q.State == QuestionStates.Pending ? ("state = 'published'", null) : (null, "Only a question waiting for approval can be approved."),
        ModerationActions.Hide => q.State is QuestionStates.Pending or QuestionStates.Published or QuestionStates.Answered
            ? ("state = 'hidden', highlighted = false", null) : (null, "This question is not visible, so it cannot be hidden."),
        ModerationActions.Restore => q.State is QuestionStates.Hidden or QuestionStates.Archived or QuestionStates.Answered
            ? ("state = 'published'", null) : (null, "Only a hidden, archived or answered question can be restored."),
        ModerationActions.Star => (q.Starred ? null : "starred = true", null),
        ModerationActions.Unstar => (q.Starred ? "starred = false" : null, null),
        ModerationActions.Highlight => q.State == QuestionStates.Published
            ? (q.Highlighted ? null : "highlighted = true", null) : (null, "Only a published question can be highlighted."),
        ModerationActions.Unhighlight => (q.Highlighted ? "highlighted = false" : null, null),
        ModerationActions.MarkAnswered => q.State == QuestionStates.Published
            ? ("state = 'answered', highlighted = false", null) : (null, "Only a published question can be marked as answered."),
        ModerationActions.Archive => q.State != QuestionStates.Archived ? ("state = 'archived', highlighted = false", null) : (null, "This question is already archived."),
        ModerationActions.Edit => ("text = @text, edited = edited OR text <> @text", null),
        _ => (null, "Unknown moderation action."),
    };

    public async Task<QaResult> ConfigureAsync(QaGrant? grant, QaIdentity identity, QaSettingsRequest request)
    {
        if (grant is null || grant.SideEventId != request.SideEventId) return QaResult.Fail(NotJoined);
        if (identity.UserId is not { } userId) return QaResult.Fail(ModeratorsOnly);
        QaStanding standing;
        await using (var db = await database.OpenAsync())
        {
            var before = await QaStanding.LoadAsync(db, null, request.SideEventId, userId);
            if (before is not { IsModerator: true }) return QaResult.Fail(ModeratorsOnly);
            await EnsureSessionAsync(db, request.SideEventId);
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await db.ExecuteAsync("""
                        UPDATE qa_sessions SET is_open = @IsOpen, pre_moderation = @PreModeration, code_access = @CodeAccess,
                               code = CASE WHEN @NewCode THEN @code ELSE code END, updated_at = now()
                        WHERE side_event_id = @SideEventId
                        """, new { request.IsOpen, request.PreModeration, request.CodeAccess, request.NewCode, code = NewCode(), request.SideEventId });
                    break;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && attempt < 5) { }
            }
            standing = (await QaStanding.LoadAsync(db, null, request.SideEventId, userId))!;
        }
        logger.LogInformation("Q&A of side event {SideEventId} set to open={IsOpen} premoderation={PreModeration} code={CodeAccess}",
            request.SideEventId, request.IsOpen, request.PreModeration, request.CodeAccess);
        await NotifyAsync(() => notifier.SessionChangedAsync(standing.View(forModerator: true)));
        return QaResult.Success;
    }

    /// <summary>Every question of the event for its moderators (CSV export): anonymous ones without a name, as everywhere.</summary>
    public async Task<IReadOnlyList<QuestionView>?> ExportAsync(Guid userId, Guid sideEventId)
    {
        await using var db = await database.OpenAsync();
        var standing = await QaStanding.LoadAsync(db, null, sideEventId, userId);
        if (standing is not { IsModerator: true }) return null;
        return await QaQueries.ForEventAsync(db, null, sideEventId, publicOnly: false);
    }

    public async Task<QaPageInfo> DescribeAsync(Guid sideEventId, Guid? userId, string? code, string? clientAddress)
    {
        await using var db = await database.OpenAsync();
        var standing = await QaStanding.LoadAsync(db, null, sideEventId, userId);
        var refusal = CheckCode(standing, userId, code, clientAddress);
        // The title only for those who may join or when the event's page is public; otherwise the same page whether the
        // event exists or not, so that its address tells a stranger nothing.
        var title = standing is not null && (refusal is null || standing.PagePublic) ? standing.Title : null;
        return new QaPageInfo(sideEventId, title, refusal is null, standing?.IsModerator == true, refusal);
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
            await using var db = await database.OpenAsync();
            found = await db.ExecuteScalarAsync<Guid?>("SELECT side_event_id FROM qa_sessions WHERE code = @normalised AND code_access", new { normalised });
        }
        if (found is null) codeGuard.WrongCode(clientAddress);
        return new QaCodeLookup(found, null);
    }

    private static async Task EnsureSessionAsync(NpgsqlConnection db, Guid sideEventId)
    {
        // A new code can collide with another event's (one in hundreds of millions): then try another.
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await db.ExecuteAsync("INSERT INTO qa_sessions (side_event_id, code) VALUES (@sideEventId, @code) ON CONFLICT DO NOTHING",
                new { sideEventId, code = NewCode() });
            if (await db.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM qa_sessions WHERE side_event_id = @sideEventId)", new { sideEventId })) return;
        }
        throw new InvalidOperationException("Could not find a free Q&A code.");
    }

    private static string NewCode() =>
        new(Enumerable.Range(0, QaLimits.CodeLength).Select(_ => QaLimits.CodeAlphabet[RandomNumberGenerator.GetInt32(QaLimits.CodeAlphabet.Length)]).ToArray());

    private static async Task<Guid?> FindParticipantAsync(NpgsqlConnection db, Guid sideEventId, QaIdentity identity) =>
        identity.CanParticipate
            ? await db.ExecuteScalarAsync<Guid?>("""
                SELECT id FROM qa_participants WHERE side_event_id = @sideEventId AND (user_id = @UserId OR browser_key_hash = @hash)
                """, new { sideEventId, identity.UserId, hash = identity.KeyHashFor(sideEventId) })
            : null;

    /// <summary>The caller's participant row in this event, made on first use: only named questions have one.</summary>
    private static async Task<Guid> EnsureParticipantAsync(NpgsqlConnection db, IDbTransaction tx, Guid sideEventId, QaIdentity identity)
    {
        var hash = identity.KeyHashFor(sideEventId);
        await db.ExecuteAsync("""
            INSERT INTO qa_participants (side_event_id, user_id, browser_key_hash) VALUES (@sideEventId, @UserId, @hash) ON CONFLICT DO NOTHING
            """, new { sideEventId, identity.UserId, hash }, tx);
        return await db.ExecuteScalarAsync<Guid>("""
            SELECT id FROM qa_participants WHERE side_event_id = @sideEventId AND (user_id = @UserId OR browser_key_hash = @hash)
            """, new { sideEventId, identity.UserId, hash }, tx);
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
