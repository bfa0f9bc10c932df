namespace Events.Server.Registrations;

/// <summary>How a target's registrations stand: seats taken, waiting, awaiting approval, and checked in.</summary>
internal sealed record SeatCounts(int Confirmed, int Waitlisted, int Pending, int CheckedIn)
{
    public static readonly SeatCounts None = new(0, 0, 0, 0);
}
