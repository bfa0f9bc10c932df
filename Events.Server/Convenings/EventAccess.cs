using System.Linq.Expressions;
using Events.Server.Database;
using Events.Server.SideEvents;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Convenings;

/// <summary>
/// Who may act on what, in one place: Admins on everything; a convening's organisers on their convening and its events;
/// an event's proposer on their event. "An event's staff" is its proposer, its convening's organisers and Admins. Site
/// Moderators (and Admins) moderate any live Q&amp;A. Organisers and Admins may create convenings.
/// The predicates compose into larger queries, so a page that needs the rule with other data still makes one round trip.
/// </summary>
public static class EventAccess
{
    public const string Admin = "ADMIN", Organiser = "ORGANISER", Moderator = "MODERATOR";

    /// <summary>The accounts holding one of these site-wide roles (normalized names), as a subquery that composes.</summary>
    public static IQueryable<Guid> RoleHolders(EventsDbContext db, params string[] normalizedRoles) =>
        db.UserRoles.Where(ur => db.Roles.Any(r => r.Id == ur.RoleId && normalizedRoles.Contains(r.NormalizedName!))).Select(ur => ur.UserId);

    /// <summary>The event's staff: its proposer, its convening's organisers, Admins.</summary>
    public static Expression<Func<SideEvent, bool>> StaffOf(EventsDbContext db, Guid userId)
    {
        var admins = RoleHolders(db, Admin);
        return e => e.ProposerUserId == userId
                    || db.ConveningOrganisers.Any(o => o.ConveningId == e.ConveningId && o.UserId == userId)
                    || admins.Contains(userId);
    }

    /// <summary>The convening's organisers and Admins.</summary>
    public static Expression<Func<Convening, bool>> OrganisedBy(EventsDbContext db, Guid userId)
    {
        var admins = RoleHolders(db, Admin);
        return c => db.ConveningOrganisers.Any(o => o.ConveningId == c.Id && o.UserId == userId) || admins.Contains(userId);
    }

    public static Task<bool> IsAdminAsync(EventsDbContext db, Guid userId, CancellationToken cancellationToken = default) =>
        RoleHolders(db, Admin).ContainsAsync(userId, cancellationToken);

    public static Task<bool> CanCreateConveningsAsync(EventsDbContext db, Guid userId, CancellationToken cancellationToken = default) =>
        RoleHolders(db, Admin, Organiser).ContainsAsync(userId, cancellationToken);

    public static Task<bool> IsSiteModeratorAsync(EventsDbContext db, Guid userId, CancellationToken cancellationToken = default) =>
        RoleHolders(db, Admin, Moderator).ContainsAsync(userId, cancellationToken);

    public static Task<bool> IsConveningOrganiserAsync(EventsDbContext db, Guid userId, Guid conveningId, CancellationToken cancellationToken = default) =>
        db.Convenings.Where(c => c.Id == conveningId).AnyAsync(OrganisedBy(db, userId), cancellationToken);

    /// <summary>Staff of a side event, or, for a convening-wide registration, an organiser of that convening.</summary>
    public static async Task<bool> IsEventStaffAsync(EventsDbContext db, Guid userId, Guid sideEventOrConveningId, CancellationToken cancellationToken = default) =>
        await db.SideEvents.Where(e => e.Id == sideEventOrConveningId).AnyAsync(StaffOf(db, userId), cancellationToken)
        || await IsConveningOrganiserAsync(db, userId, sideEventOrConveningId, cancellationToken);
}
