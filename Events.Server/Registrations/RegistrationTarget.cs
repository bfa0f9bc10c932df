using System.Linq.Expressions;
using Events.Server.Database;
using Events.Shared.Registrations;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Registrations;

/// <summary>
/// What people register for: one side event, or a convening as a whole (<see cref="SideEventId"/> null). Ids never
/// collide, so the same pages and endpoints serve both. Every change to a target's registrations runs in a transaction
/// that first loads the target with <c>lockRow</c>, which locks its row (<c>FOR UPDATE</c>): parallel changes queue up
/// and the seat count read after the lock is exact.
/// </summary>
internal sealed record RegistrationTarget(Guid Id, Guid ConveningId, Guid? SideEventId, string Title, string Status, string Mode, int? Capacity,
    DateTime? EndsAt, string Visibility, string TimeZone, string Slug)
{
    public string PagePath => SideEventId is null ? $"/c/{Slug}" : $"/e/{Id}";

    /// <summary>This target's registrations.</summary>
    public Expression<Func<Registration, bool>> Registrations
    {
        get
        {
            var conveningId = ConveningId;
            return SideEventId is { } sideEventId
                ? r => r.SideEventId == sideEventId
                : r => r.ConveningId == conveningId && r.SideEventId == null;
        }
    }

    public bool IsOver(DateTime utcNow) => EndsAt is { } end && end < utcNow;

    /// <summary>Why nobody can register now, or null when registration is open.</summary>
    public RegistrationOutcomeCode? ClosedReason(DateTime utcNow) =>
        Status == "closed" ? RegistrationOutcomeCode.ConveningNotOpen
        : Status == "cancelled" ? RegistrationOutcomeCode.EventCancelled
        : IsOver(utcNow) ? RegistrationOutcomeCode.EventOver
        : null;

    public async Task<SeatCounts> CountsAsync(EventsDbContext db) =>
        await db.Registrations.Where(Registrations)
            .GroupBy(r => 1)
            .Select(g => new SeatCounts(
                g.Count(r => r.Status == RegistrationStatuses.Confirmed),
                g.Count(r => r.Status == RegistrationStatuses.Waitlisted),
                g.Count(r => r.Status == RegistrationStatuses.Pending),
                g.Count(r => r.Status == RegistrationStatuses.Confirmed && r.CheckedInAt != null)))
            .SingleOrDefaultAsync()
        ?? SeatCounts.None;

    /// <summary>The side event or convening with this id; with <paramref name="lockRow"/>, its row stays locked until the transaction ends.</summary>
    public static async Task<RegistrationTarget?> FindAsync(EventsDbContext db, Guid id, bool lockRow)
    {
        var sideEvents = lockRow ? SqlDialect.Of(db).Locked(db.SideEvents, id) : db.SideEvents.Where(e => e.Id == id);
        var sideEvent = await sideEvents
            .Select(e => new RegistrationTarget(e.Id, e.ConveningId, e.Id, e.Title, e.Status, e.RegistrationMode,
                e.Capacity ?? (e.Room == null ? null : (int?)e.Room.Capacity), e.EndsAt, e.Convening.Visibility, e.Convening.TimeZone, e.Convening.Slug))
            .SingleOrDefaultAsync();
        if (sideEvent is not null) return sideEvent;

        var convenings = lockRow ? SqlDialect.Of(db).Locked(db.Convenings, id) : db.Convenings.Where(c => c.Id == id);
        var convening = await convenings
            .Select(c => new { c.Id, c.Name, c.RegistrationEnabled, c.RegistrationMode, c.RegistrationCapacity, c.EndsOn, c.Visibility, c.TimeZone, c.Slug })
            .SingleOrDefaultAsync();
        return convening is null ? null : new RegistrationTarget(convening.Id, convening.Id, null, convening.Name,
            convening.RegistrationEnabled ? "scheduled" : "closed", convening.RegistrationMode, convening.RegistrationCapacity,
            ConveningSpan.EndUtc(convening.EndsOn, convening.TimeZone), convening.Visibility, convening.TimeZone, convening.Slug);
    }

    /// <summary>The target a registration belongs to.</summary>
    public static async Task<RegistrationTarget?> OfRegistrationAsync(EventsDbContext db, Guid registrationId, bool lockRow)
    {
        var owner = await db.Registrations.Where(r => r.Id == registrationId).Select(r => new { r.ConveningId, r.SideEventId }).SingleOrDefaultAsync();
        return owner is null ? null : await FindAsync(db, owner.SideEventId ?? owner.ConveningId, lockRow);
    }
}
