using Events.Shared.Convenings;

namespace Events.Server.Registrations;

/// <summary>
/// A convening registered for as a whole lasts from midnight of its first day to midnight after its last, in its own
/// time zone.
/// </summary>
internal static class ConveningSpan
{
    public static DateTime StartUtc(DateOnly startsOn, string timeZone) => MidnightUtc(startsOn, timeZone);

    public static DateTime EndUtc(DateOnly endsOn, string timeZone) => MidnightUtc(endsOn.AddDays(1), timeZone);

    private static DateTime MidnightUtc(DateOnly day, string timeZone)
    {
        var zone = ConveningClock.Zone(timeZone);
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Where the clocks go forward at midnight, that midnight does not exist: take the offset before the change, as
        // PostgreSQL's AT TIME ZONE does (the day then starts at 01:00).
        if (zone.IsInvalidTime(local)) return DateTime.SpecifyKind(local - zone.GetUtcOffset(local.AddHours(-2)), DateTimeKind.Utc);
        return ConveningClock.ToUtc(day, TimeOnly.MinValue, timeZone).UtcDateTime;
    }
}
