using Events.Server.Database;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Registrations;

/// <summary>Changes to one registration that the participant and the organisers share.</summary>
internal static class RegistrationChanges
{
    /// <summary>
    /// Moves a live registration to a closed status (cancelled, removed); returns the status it had, or null when it was
    /// not live. The caller holds its target's lock, so the status read here is the one that is changed.
    /// </summary>
    public static async Task<string?> EndAsync(EventsDbContext db, Guid registrationId, string status, string? message)
    {
        var registration = await db.Registrations.SingleOrDefaultAsync(r => r.Id == registrationId);
        if (registration is null || !RegistrationStatuses.Live.Contains(registration.Status)) return null;
        var previous = registration.Status;
        registration.Status = status;
        registration.DecisionMessage = message ?? registration.DecisionMessage;
        registration.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync();
        return previous;
    }
}
