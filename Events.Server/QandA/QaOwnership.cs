using System.Security.Cryptography;
using Events.Server.Database;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.QandA;

/// <summary>
/// Which questions the caller asked, recognised as the asker's own pending questions are: a named question through the
/// caller's participant row, an anonymous one by recomputing its owner tag from the caller's identity and the request id
/// it was stored with (only the server key can). Nothing is written: telling a caller their own questions links them to
/// no one in the database.
/// </summary>
internal static class QaOwnership
{
    private sealed record Authorship(Guid Id, Guid? ParticipantId, Guid? RequestId, byte[]? OwnerTag);

    /// <summary>Those of <paramref name="among"/> that the caller asked.</summary>
    public static async Task<IReadOnlyList<Guid>> MineAsync(EventsDbContext db, QaSecret secret, Guid sideEventId, QaIdentity identity, IEnumerable<Guid> among)
    {
        var ids = among.Distinct().ToArray();
        if (!identity.CanParticipate || ids.Length == 0) return [];
        var participantId = await QaService.FindParticipantAsync(db, sideEventId, identity);
        var rows = await AuthorshipOf(db.QaQuestions.Where(q => ids.Contains(q.Id)), sideEventId, participantId).ToListAsync();
        return rows.Where(r => Owns(secret, sideEventId, identity, participantId, r)).Select(r => r.Id).ToList();
    }

    public static async Task<bool> OwnsAsync(EventsDbContext db, QaSecret secret, Guid sideEventId, QaIdentity identity, Guid questionId)
    {
        if (!identity.CanParticipate) return false;
        var participantId = await QaService.FindParticipantAsync(db, sideEventId, identity);
        var row = await AuthorshipOf(db.QaQuestions.Where(q => q.Id == questionId), sideEventId, participantId).FirstOrDefaultAsync();
        return row is not null && Owns(secret, sideEventId, identity, participantId, row);
    }

    /// <summary>The event's anonymous questions and the caller's named ones, with what recognising them needs.</summary>
    private static IQueryable<Authorship> AuthorshipOf(IQueryable<QaQuestion> questions, Guid sideEventId, Guid? participantId) =>
        questions.AsNoTracking()
            .Where(q => q.SideEventId == sideEventId && (q.OwnerTag != null || (participantId != null && q.ParticipantId == participantId)))
            .Select(q => new Authorship(q.Id, q.ParticipantId, q.ClientRequestId, q.OwnerTag));

    private static bool Owns(QaSecret secret, Guid sideEventId, QaIdentity identity, Guid? participantId, Authorship row) =>
        row.OwnerTag is { } tag
            ? row.RequestId is { } requestId && CryptographicOperations.FixedTimeEquals(tag, identity.OwnerTag(secret, sideEventId, requestId))
            : participantId is not null && row.ParticipantId == participantId;
}
