using System.Collections.Concurrent;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using NodaTime;
using NodaTime.TimeZones;
using Duration = NodaTime.Duration;

namespace Events.Server.Calendar;

/// <summary>
/// Event times in a convening's zone, and the VTIMEZONE that defines that zone, both from the system's tz database
/// (through NodaTime's BCL provider), which is what the app uses when it turns an organiser's "09:00" into an instant:
/// a calendar then shows the programme's times and maps them back to the stored instants. (NodaTime's own tz database
/// may be another version: 2026f dropped Morocco's Ramadan changes after September 2026, which Debian's 2025b has.)
/// <para>
/// Why not Ical.Net's own <c>VTimeZone.FromDateTimeZone</c>: it turns the zone's recent changes into yearly RRULEs,
/// which is wrong for zones without a yearly rule (Morocco moves its clocks for Ramadan, eleven days earlier each year),
/// so a calendar would show such events an hour off (CalendarDocumentsTests shows it). Instead every change in the
/// years the events need becomes its own STANDARD or DAYLIGHT observance with a single DTSTART and no RRULE: valid
/// iCalendar, exact by construction, and only as long as the events need.
/// </para>
/// </summary>
public static class CalendarTimeZones
{
    // No change before this instant is written: the observance in force then starts here.
    private static readonly Instant Epoch = Instant.FromUtc(1970, 1, 1, 0, 0);

    // Observances depend only on the zone and the years, and feeds ask for the same ones again and again.
    private static readonly ConcurrentDictionary<(string Zone, int FirstYear, int LastYear), IReadOnlyList<ZoneInterval>> Intervals = new();

    /// <summary>The zone by its IANA name, as the system knows it.</summary>
    public static DateTimeZone Zone(string tzid) => DateTimeZoneProviders.Bcl[tzid];

    /// <summary>
    /// An event time: the wall-clock time with TZID, or UTC when that wall-clock time happens twice (the repeated hour
    /// of an autumn change means its first occurrence by RFC 5545 §3.3.5, but ical.js and libical take the second).
    /// </summary>
    public static CalDateTime Time(DateTimeOffset utc, string tzid)
    {
        var zone = Zone(tzid);
        var local = Instant.FromDateTimeOffset(utc).InZone(zone).LocalDateTime;
        return zone.MapLocal(local).Count == 1
            ? new CalDateTime(local.ToDateTimeUnspecified(), tzid, hasTime: true)
            : new CalDateTime(utc.UtcDateTime, hasTime: true);
    }

    /// <summary>
    /// The VTIMEZONE for <paramref name="tzid"/> covering the calendar years of <paramref name="from"/> to
    /// <paramref name="to"/>: the observance in force on 1 January of the first year, then every change up to the end
    /// of the last.
    /// </summary>
    public static VTimeZone For(string tzid, DateTimeOffset from, DateTimeOffset to)
    {
        var zone = Zone(tzid);
        var firstYear = Instant.FromDateTimeOffset(from).InZone(zone).Year;
        var lastYear = Instant.FromDateTimeOffset(to).InZone(zone).Year;
        var timeZone = new VTimeZone(tzid);
        foreach (var interval in Intervals.GetOrAdd((tzid, firstYear, lastYear), _ => Compute(zone, firstYear, lastYear)))
        {
            var starts = interval.HasStart && interval.Start > Epoch ? interval.Start : Epoch;
            var before = interval.HasStart && interval.Start > Epoch ? zone.GetZoneInterval(interval.Start - Duration.Epsilon).WallOffset : interval.WallOffset;
            timeZone.TimeZoneInfos.Add(new VTimeZoneInfo(interval.Savings != Offset.Zero ? "DAYLIGHT" : "STANDARD")
            {
                // By RFC 5545 an observance starts at the wall-clock time just before the change, in the old offset.
                DtStart = new CalDateTime(starts.WithOffset(before).LocalDateTime.ToDateTimeUnspecified(), tzId: null, hasTime: true),
                OffsetFrom = new UtcOffset(before.ToTimeSpan()),
                OffsetTo = new UtcOffset(interval.WallOffset.ToTimeSpan()),
                TimeZoneName = interval.Name,
            });
        }
        return timeZone;
    }

    private static IReadOnlyList<ZoneInterval> Compute(DateTimeZone zone, int firstYear, int lastYear)
    {
        // A day either side, so that a change in the first or last hours of a year (local) is still seen.
        var start = Instant.FromUtc(firstYear, 1, 1, 0, 0) - Duration.FromDays(1);
        var end = Instant.FromUtc(lastYear + 1, 1, 1, 0, 0) + Duration.FromDays(1);
        return zone.GetZoneIntervals(start, end).ToList();
    }
}
