namespace Events.Server.Registrations;

/// <summary>The status codes stored in <c>registrations.status</c> that the seat rules look at.</summary>
internal static class RegistrationStatuses
{
    public const string Pending = "pending", Confirmed = "confirmed", Waitlisted = "waitlisted";

    /// <summary>A live registration holds (or waits for) a seat; a user has at most one per target.</summary>
    public static readonly string[] Live = [Pending, Confirmed, Waitlisted];
}
