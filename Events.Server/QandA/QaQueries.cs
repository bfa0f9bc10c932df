using System.Data;
using Dapper;
using Events.Shared.QandA;

namespace Events.Server.QandA;

/// <summary>Reads questions as clients see them. The author link (participant_id, owner_tag) is never part of a view.</summary>
internal static class QaQueries
{
    private const string Columns =
        "q.id, q.side_event_id AS SideEventId, q.text, q.author_name AS AuthorName, q.state, q.votes, q.starred, q.highlighted, q.edited, q.asked_at AS AskedAt, q.revision";

    public static async Task<IReadOnlyList<QuestionView>> ForEventAsync(IDbConnection db, IDbTransaction? tx, Guid sideEventId, bool publicOnly) =>
        (await db.QueryAsync<QuestionRow>($"""
            SELECT {Columns} FROM qa_questions q
            WHERE q.side_event_id = @sideEventId {(publicOnly ? "AND q.state IN ('published', 'answered')" : "")}
            ORDER BY q.asked_at
            """, new { sideEventId }, tx)).Select(r => r.ToView()).ToList();

    public static async Task<QuestionView?> OneAsync(IDbConnection db, IDbTransaction? tx, Guid questionId) =>
        (await db.QuerySingleOrDefaultAsync<QuestionRow>($"SELECT {Columns} FROM qa_questions q WHERE q.id = @questionId", new { questionId }, tx))?.ToView();

    public static async Task<IReadOnlyList<QuestionView>> ManyAsync(IDbConnection db, Guid[] ids) =>
        (await db.QueryAsync<QuestionRow>($"SELECT {Columns} FROM qa_questions q WHERE q.id = ANY(@ids)", new { ids })).Select(r => r.ToView()).ToList();

    public static async Task<IReadOnlyList<QuestionView>> PendingOfAsync(IDbConnection db, Guid sideEventId, Guid participantId) =>
        (await db.QueryAsync<QuestionRow>($"""
            SELECT {Columns} FROM qa_questions q
            WHERE q.side_event_id = @sideEventId AND q.participant_id = @participantId AND q.state = 'pending' ORDER BY q.asked_at
            """, new { sideEventId, participantId })).Select(r => r.ToView()).ToList();

    /// <summary>Every anonymous question waiting for approval, with what its owner tag was made from, for the asker to recognise theirs.</summary>
    public static async Task<IReadOnlyList<(QuestionView Question, Guid RequestId, byte[] OwnerTag)>> PendingAnonymousAsync(IDbConnection db, Guid sideEventId) =>
        (await db.QueryAsync<TaggedRow>($"""
            SELECT {Columns}, q.client_request_id AS RequestId, q.owner_tag AS OwnerTag FROM qa_questions q
            WHERE q.side_event_id = @sideEventId AND q.state = 'pending' AND q.owner_tag IS NOT NULL
            """, new { sideEventId })).Select(r => (r.ToView(), r.RequestId, r.OwnerTag)).ToList();

    public static Task<QaCounts> CountsAsync(IDbConnection db, IDbTransaction? tx, Guid sideEventId) =>
        db.QuerySingleAsync<QaCounts>("""
            SELECT @sideEventId AS SideEventId,
                   count(*) FILTER (WHERE state = 'pending')::int AS Pending, count(*) FILTER (WHERE state = 'published')::int AS Published,
                   count(*) FILTER (WHERE state = 'answered')::int AS Answered, count(*) FILTER (WHERE state = 'hidden')::int AS Hidden,
                   count(*) FILTER (WHERE state = 'archived')::int AS Archived
            FROM qa_questions WHERE side_event_id = @sideEventId
            """, new { sideEventId }, tx);

    internal sealed class TaggedRow : QuestionRow
    {
        public Guid RequestId { get; init; }
        public byte[] OwnerTag { get; init; } = [];
    }

    internal class QuestionRow
    {
        public Guid Id { get; init; }
        public Guid SideEventId { get; init; }
        public string Text { get; init; } = "";
        public string? AuthorName { get; init; }
        public string State { get; init; } = "";
        public int Votes { get; init; }
        public bool Starred { get; init; }
        public bool Highlighted { get; init; }
        public bool Edited { get; init; }
        public DateTime AskedAt { get; init; }
        public long Revision { get; init; }

        public QuestionView ToView() => new(Id, SideEventId, Text, AuthorName, State, Votes, Starred, Highlighted, Edited,
            new DateTimeOffset(DateTime.SpecifyKind(AskedAt, DateTimeKind.Utc)), Revision);
    }
}
