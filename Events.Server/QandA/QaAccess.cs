using System.Data;
using Dapper;
using Events.Server.Convenings;
using Events.Shared.QandA;

namespace Events.Server.QandA;

/// <summary>
/// Where a caller stands in one event's Q&amp;A, read in one round trip because it is checked on every join, question and
/// vote.
///
/// Who moderates: the event's staff, as <c>RegistrationService.IsEventStaffAsync</c> defines them (the proposer, the
/// convening's organisers, Admins), and accounts with the site-wide Moderator role, which Admins give to the people
/// who run Q&amp;A desks. Moderators see every question but never who asked an anonymous one.
///
/// Who takes part: moderators, the event's confirmed participants (registered for the event, or for its whole convening),
/// and, while the organisers allow it, anyone who has the event's Q&amp;A code.
/// </summary>
public sealed record QaStanding(
    Guid SideEventId, string Title, bool SessionExists, bool IsOpen, bool PreModeration, bool CodeAccess, string? Code,
    bool IsModerator, bool IsRegistered, string? DisplayName, bool PagePublic)
{
    public bool CodeMatches(string? code) =>
        CodeAccess && Code is not null && code is not null && QaLimits.NormaliseCode(code) == Code;

    public bool MayTakePart(string? code) => IsModerator || IsRegistered || CodeMatches(code);

    /// <summary>Whether a connection admitted with this grant may still receive what its group gets.</summary>
    public bool StillAllows(QaGrant grant) => grant.IsModerator ? IsModerator : MayTakePart(grant.Code);

    public QaSessionView View(bool forModerator) => new(SideEventId, Title, IsOpen, PreModeration, CodeAccess, forModerator ? Code : null);

    /// <summary>Why this caller may not take part, in words that say what to do about it.</summary>
    public static string Refusal(bool signedIn, string? code) =>
        code is { Length: > 0 } ? "This Q&A code is not valid for this event, or the organisers no longer accept codes. Check the code on the screen in the room."
        : signedIn ? "Only the event's confirmed participants can join this Q&A. If the organisers gave you a Q&A code, enter it."
        : "Log in with the account you registered with, or enter the event's Q&A code.";

    public static Task<QaStanding?> LoadAsync(IDbConnection db, IDbTransaction? tx, Guid sideEventId, Guid? userId) =>
        db.QuerySingleOrDefaultAsync<QaStanding>($"""
            SELECT e.id AS SideEventId, e.title AS Title, s.side_event_id IS NOT NULL AS SessionExists,
                   COALESCE(s.is_open, false) AS IsOpen, COALESCE(s.pre_moderation, false) AS PreModeration,
                   COALESCE(s.code_access, false) AS CodeAccess, s.code AS Code,
                   -- The event's staff (as RegistrationService.IsEventStaffAsync) or a site-wide Moderator.
                   COALESCE(e.proposer_user_id = @userId
                       OR EXISTS (SELECT 1 FROM convening_organisers o WHERE o.convening_id = e.convening_id AND o.user_id = @userId)
                       OR EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                                  WHERE ur.user_id = @userId AND r.normalized_name IN ('ADMIN', 'MODERATOR')), false) AS IsModerator,
                   -- Registered for this event, or for the whole convening (a dialogue's participants take part in every session).
                   EXISTS (SELECT 1 FROM registrations g WHERE g.user_id = @userId AND g.status = 'confirmed'
                           AND (g.side_event_id = e.id OR (g.side_event_id IS NULL AND g.convening_id = e.convening_id))) AS IsRegistered,
                   (SELECT display_name FROM users WHERE id = @userId) AS DisplayName,
                   -- The event's own public page shows its title, so the Q&A page may too.
                   ({ProgrammeQueries.PublicEvent} AND {ProgrammeQueries.PublicConvening}) AS PagePublic
            FROM side_events e JOIN convenings c ON c.id = e.convening_id LEFT JOIN qa_sessions s ON s.side_event_id = e.id
            WHERE e.id = @sideEventId
            """, new { sideEventId, userId }, tx);
}

/// <summary>
/// What a connection was admitted to when it joined: one event, as a moderator or a participant, with the code it used,
/// from the network address it came from (questions and votes are limited per address too).
/// </summary>
public sealed record QaGrant(Guid SideEventId, bool IsModerator, string? Code, string? ClientAddress = null);
