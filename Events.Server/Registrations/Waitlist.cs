using Events.Server.Database;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Registrations;

/// <summary>First come, first served: free seats go to the waitlist in the order people joined it.</summary>
internal static class Waitlist
{
    /// <summary>Fills the target's free seats from its waitlist, earliest first; returns who got a seat. The caller holds the target's lock.</summary>
    public static async Task<IReadOnlyList<Guid>> PromoteAsync(EventsDbContext db, RegistrationTarget target)
    {
        var waiting = db.Registrations.Where(target.Registrations).Where(r => r.Status == RegistrationStatuses.Waitlisted).OrderBy(r => r.QueueOrder);
        List<Registration> promoted;
        if (target.Capacity is { } capacity)
        {
            var free = capacity - (await target.CountsAsync(db)).Confirmed;
            if (free <= 0) return [];
            promoted = await waiting.Take(free).ToListAsync();
        }
        else promoted = await waiting.ToListAsync();
        foreach (var registration in promoted)
        {
            registration.Status = RegistrationStatuses.Confirmed;
            registration.CheckInCode = CheckInCodes.New();
            registration.UpdatedAt = DateTime.UtcNow;
        }
        await db.SaveChangesAsync();
        return promoted.Select(r => r.Id).ToList();
    }
}
