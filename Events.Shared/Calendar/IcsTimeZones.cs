using System.Collections.Concurrent;

namespace Events.Shared.Calendar;

/// <summary>
/// VTIMEZONE components (RFC 5545 §3.6.5) for IANA zones, built from what .NET's TimeZoneInfo says the UTC offset is
/// at each instant.
/// <para>
/// Why not translate TimeZoneInfo.GetAdjustmentRules() into RRULEs: on Linux those rules are read from the tz
/// database as a list of one-off transitions plus a POSIX footer, their shape differs between platforms and .NET
/// versions, and a rule mistake would shift events by an hour without anyone noticing. Instead the offset itself is
/// sampled and each real change located to the second, and every change becomes its own STANDARD or DAYLIGHT
/// observance with a single DTSTART (no RRULE). That is valid iCalendar, exact by construction, and only as long as
/// the years the events need.
/// </para>
/// </summary>
public static class IcsTimeZones
{
    /// <summary>One period of a zone: from <see cref="StartsAtUtc"/> the offset is <see cref="OffsetTo"/> (it was <see cref="OffsetFrom"/>).</summary>
    public sealed record Observance(DateTimeOffset StartsAtUtc, TimeSpan OffsetFrom, TimeSpan OffsetTo, bool IsDaylight)
    {
        /// <summary>The observance's DTSTART: by RFC 5545 it is the wall-clock time just before the change, in the old offset.</summary>
        public DateTime LocalStart => StartsAtUtc.UtcDateTime.Add(OffsetFrom);
    }

    // Observances depend only on the zone and the years, and a feed asks for the same ones on every request.
    private static readonly ConcurrentDictionary<(string Zone, int FirstYear, int LastYear), IReadOnlyList<Observance>> Cache = new();

    // How far back to look for the change that set the offset in force when the covered years begin.
    private const int LookBackYears = 50;
    private static readonly DateTime NoKnownChange = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// The observances that cover the calendar years <paramref name="firstYear"/> to <paramref name="lastYear"/>: the one
    /// in force on 1 January of the first year, then every change up to the end of the last.
    /// </summary>
    public static IReadOnlyList<Observance> Observances(TimeZoneInfo zone, int firstYear, int lastYear) =>
        Cache.GetOrAdd((zone.Id, firstYear, lastYear), _ => Compute(zone, firstYear, lastYear));

    /// <summary>Writes BEGIN:VTIMEZONE … END:VTIMEZONE with <paramref name="tzid"/> as the TZID.</summary>
    public static void Write(IcsWriter writer, string tzid, TimeZoneInfo zone, int firstYear, int lastYear)
    {
        writer.Begin("VTIMEZONE").Property("TZID", tzid);
        foreach (var o in Observances(zone, firstYear, lastYear))
        {
            var kind = o.IsDaylight ? "DAYLIGHT" : "STANDARD";
            writer.Begin(kind)
                .Property("DTSTART", IcsWriter.LocalDateTime(o.LocalStart))
                .Property("TZOFFSETFROM", IcsWriter.UtcOffset(o.OffsetFrom))
                .Property("TZOFFSETTO", IcsWriter.UtcOffset(o.OffsetTo))
                .End(kind);
        }
        writer.End("VTIMEZONE");
    }

    private static IReadOnlyList<Observance> Compute(TimeZoneInfo zone, int firstYear, int lastYear)
    {
        // Start a day early so that a change in the first hours of 1 January (local) is still seen.
        var from = new DateTimeOffset(firstYear, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(-1);
        var to = new DateTimeOffset(lastYear + 1, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(1);

        var observances = new List<Observance> { InForceAt(zone, from) };
        // Offsets never change twice within a day, so daily samples find every change.
        for (var t = from; t < to; t = t.AddDays(1))
        {
            if (Changes(zone, t, t.AddDays(1)) is { } change) observances.Add(change);
        }
        return observances;
    }

    /// <summary>The last change at or before <paramref name="instant"/>, or, when there was none for decades, a constant offset.</summary>
    private static Observance InForceAt(TimeZoneInfo zone, DateTimeOffset instant)
    {
        // Weekly steps backwards: every real change is separated from the one before by far more than a week.
        var limit = instant.AddYears(-LookBackYears);
        for (var t = instant; t > limit; t = t.AddDays(-7))
        {
            if (Changes(zone, t.AddDays(-7), t) is { } change) return change;
        }
        var offset = zone.GetUtcOffset(instant);
        return new Observance(new DateTimeOffset(NoKnownChange), offset, offset, zone.IsDaylightSavingTime(instant));
    }

    /// <summary>The change of offset (or of daylight-saving status) within (before, after], to the second, or null.</summary>
    private static Observance? Changes(TimeZoneInfo zone, DateTimeOffset before, DateTimeOffset after)
    {
        var state = State(zone, before);
        if (State(zone, after) == state) return null;
        // Binary search for the first second whose state differs from the state at "before".
        var low = before;
        var high = after;
        while (high - low > TimeSpan.FromSeconds(1))
        {
            var middle = low + TimeSpan.FromSeconds(Math.Floor((high - low).TotalSeconds / 2));
            if (State(zone, middle) == state) low = middle; else high = middle;
        }
        var (offset, daylight) = State(zone, high);
        return new Observance(high, state.Offset, offset, daylight);
    }

    private static (TimeSpan Offset, bool Daylight) State(TimeZoneInfo zone, DateTimeOffset instant) =>
        (zone.GetUtcOffset(instant), zone.IsDaylightSavingTime(instant));
}
