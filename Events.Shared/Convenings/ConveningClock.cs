namespace Events.Shared.Convenings;

/// <summary>
/// Times are entered and shown in the convening's own IANA time zone and stored in UTC.
/// Wall-clock times that do not exist (the spring-forward gap) are refused; ambiguous ones (the autumn
/// repeat) take the first occurrence, which is what a printed programme means.
/// </summary>
public static class ConveningClock
{
    public static TimeZoneInfo Zone(string ianaId)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(ianaId); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ArgumentException($"'{ianaId}' is not a known time zone (use an IANA name such as America/New_York).", nameof(ianaId), e);
        }
    }

    public static bool IsKnownZone(string ianaId)
    {
        try { Zone(ianaId); return true; } catch (ArgumentException) { return false; }
    }

    public static DateTimeOffset ToUtc(DateOnly date, TimeOnly time, string ianaId)
    {
        var zone = Zone(ianaId);
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
            throw new ArgumentException($"{date:yyyy-MM-dd} {time:HH\\:mm} does not exist in {ianaId} (the clocks go forward then).");
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public static DateTimeOffset ToLocal(DateTimeOffset instant, string ianaId) => TimeZoneInfo.ConvertTime(instant, Zone(ianaId));
}
