using System.Linq.Expressions;
using Events.Server.Convenings;
using Events.Server.Database;
using Events.Server.SideEvents;
using Events.Shared.QandA;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.QandA;

/// <summary>
/// Where a caller stands in one event's Q&amp;A, read in one round trip because it is checked on every join, question and
/// vote.
///
/// Who moderates: the event's staff, as <see cref="EventAccess.StaffOf"/> defines them (the proposer, the
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

    /// <summary>
    /// The caller's standing in one query: the staff rule (<see cref="EventAccess.StaffOf"/>) and the Moderator role
    /// (<see cref="EventAccess.RoleHolders"/>) compose into it as subqueries, so there is one round trip however it grows.
    /// </summary>
    public static Task<QaStanding?> LoadAsync(EventsDbContext db, Guid sideEventId, Guid? userId, CancellationToken cancellationToken = default) =>
        Query(db, sideEventId, userId).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The query behind <see cref="LoadAsync"/>: one row for an event that exists, none otherwise.</summary>
    internal static IQueryable<QaStanding> Query(EventsDbContext db, Guid sideEventId, Guid? userId)
    {
        // Nobody signed in is nobody's staff and holds no role.
        Expression<Func<SideEvent, bool>> staff = userId is { } id ? EventAccess.StaffOf(db, id) : e => false;
        var siteModerators = EventAccess.RoleHolders(db, EventAccess.Moderator);
        return db.SideEvents.AsNoTracking()
            .Where(e => e.Id == sideEventId)
            .Select(e => new QaStanding(
                e.Id, e.Title, e.QaSession != null,
                e.QaSession != null && e.QaSession.IsOpen, e.QaSession != null && e.QaSession.PreModeration,
                e.QaSession != null && e.QaSession.CodeAccess, e.QaSession != null ? e.QaSession.Code : null,
                // The event's staff, or a site-wide Moderator.
                db.SideEvents.Where(staff).Any(s => s.Id == e.Id)
                    || siteModerators.Any(m => m == userId),
                // Registered for this event, or for the whole convening (a dialogue's participants take part in every session).
                userId != null && db.Registrations.Any(g => g.UserId == userId && g.Status == "confirmed"
                    && (g.SideEventId == e.Id || (g.SideEventId == null && g.ConveningId == e.ConveningId))),
                db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefault(),
                // The event's own public page shows its title, so the Q&A page may too.
                db.SideEvents.Where(HasPublicPage).Any(s => s.Id == e.Id)));
    }

    /// <summary>
    /// Whether the event has a public page: scheduled or cancelled with a time, in a public or unlisted convening (the
    /// rule of <c>ProgrammeQueries.PublicEvent</c> and <c>PublicConvening</c>, as a predicate that composes).
    /// </summary>
    public static readonly Expression<Func<SideEvent, bool>> HasPublicPage = e =>
        (e.Status == "scheduled" || e.Status == "cancelled") && e.StartsAt != null
        && (e.Convening.Visibility == "public" || e.Convening.Visibility == "unlisted");
}

/// <summary>
/// What a connection was admitted to when it joined: one event, as a moderator or a participant, with the code it used,
/// from the network address it came from (questions and votes are limited per address too).
/// </summary>
public sealed record QaGrant(Guid SideEventId, bool IsModerator, string? Code, string? ClientAddress = null);
