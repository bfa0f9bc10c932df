using System.Linq.Expressions;
using Events.Server.Database;
using Events.Shared.QandA;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.QandA;

/// <summary>Reads questions as clients see them. The author link (participant, owner tag) is never part of a view.</summary>
internal static class QaQueries
{
    /// <summary>A stored question as clients see it.</summary>
    public static readonly Expression<Func<QaQuestion, QuestionView>> View = q => new QuestionView(
        q.Id, q.SideEventId, q.Text, q.AuthorName, q.State, q.Votes, q.Starred, q.Highlighted, q.Edited,
        new DateTimeOffset(q.AskedAt, TimeSpan.Zero), q.Revision);

    private static readonly Func<QaQuestion, QuestionView> ToView = View.Compile();

    /// <summary>The view of a row the database handed back (<see cref="SqlDialect.InsertReturning{T}"/>, <see cref="SqlDialect.UpdateReturning{T}"/>).</summary>
    public static QuestionView ViewOf(QaQuestion question) => ToView(question);

    public static async Task<IReadOnlyList<QuestionView>> ForEventAsync(EventsDbContext db, Guid sideEventId, bool publicOnly)
    {
        var questions = db.QaQuestions.AsNoTracking().Where(q => q.SideEventId == sideEventId);
        if (publicOnly) questions = questions.Where(q => q.State == QuestionStates.Published || q.State == QuestionStates.Answered);
        return await questions.OrderBy(q => q.AskedAt).Select(View).ToListAsync();
    }

    public static Task<QuestionView?> OneAsync(EventsDbContext db, Guid questionId) =>
        db.QaQuestions.AsNoTracking().Where(q => q.Id == questionId).Select(View).FirstOrDefaultAsync();

    public static async Task<IReadOnlyList<QuestionView>> ManyAsync(EventsDbContext db, Guid[] ids, CancellationToken cancellationToken = default) =>
        await db.QaQuestions.AsNoTracking().Where(q => ids.Contains(q.Id)).Select(View).ToListAsync(cancellationToken);

    public static async Task<IReadOnlyList<QuestionView>> PendingOfAsync(EventsDbContext db, Guid sideEventId, Guid participantId) =>
        await db.QaQuestions.AsNoTracking()
            .Where(q => q.SideEventId == sideEventId && q.ParticipantId == participantId && q.State == QuestionStates.Pending)
            .OrderBy(q => q.AskedAt).Select(View).ToListAsync();

    /// <summary>Every anonymous question waiting for approval, with what its owner tag was made from, for the asker to recognise theirs.</summary>
    public static async Task<IReadOnlyList<(QuestionView Question, Guid RequestId, byte[] OwnerTag)>> PendingAnonymousAsync(EventsDbContext db, Guid sideEventId) =>
        (await db.QaQuestions.AsNoTracking()
            .Where(q => q.SideEventId == sideEventId && q.State == QuestionStates.Pending && q.OwnerTag != null)
            .Select(q => new { q.Id, q.SideEventId, q.Text, q.AuthorName, q.State, q.Votes, q.Starred, q.Highlighted, q.Edited, q.AskedAt, q.Revision,
                               RequestId = q.ClientRequestId!.Value, OwnerTag = q.OwnerTag! })
            .ToListAsync())
        .Select(r => (new QuestionView(r.Id, r.SideEventId, r.Text, r.AuthorName, r.State, r.Votes, r.Starred, r.Highlighted, r.Edited,
            new DateTimeOffset(r.AskedAt, TimeSpan.Zero), r.Revision), r.RequestId, r.OwnerTag))
        .ToList();

    public static async Task<QaCounts> CountsAsync(EventsDbContext db, Guid sideEventId) =>
        await db.QaQuestions.Where(q => q.SideEventId == sideEventId)
            .GroupBy(q => q.SideEventId)
            .Select(g => new QaCounts(g.Key,
                g.Count(q => q.State == QuestionStates.Pending), g.Count(q => q.State == QuestionStates.Published),
                g.Count(q => q.State == QuestionStates.Answered), g.Count(q => q.State == QuestionStates.Hidden),
                g.Count(q => q.State == QuestionStates.Archived)))
            .FirstOrDefaultAsync()
        // An event without questions has no group, and nothing in any state.
        ?? new QaCounts(sideEventId, 0, 0, 0, 0, 0);
}
