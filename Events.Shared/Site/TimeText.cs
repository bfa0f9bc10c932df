using System.Globalization;

namespace Events.Shared.Site;

/// <summary>
/// How the site writes dates and times, in one place: 24-hour clock, day before month, English names whatever the
/// server's culture ("Monday 9 March 2026, 14:30–15:45"). Times given here are already in the zone they are shown in
/// (the convening's, see ConveningClock); the caller says which zone when it matters.
/// </summary>
public static class TimeText
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>"14:30".</summary>
    public static string Time(DateTimeOffset at) => at.ToString("HH:mm", C);

    /// <summary>"14:30".</summary>
    public static string Time(TimeOnly at) => at.ToString("HH:mm", C);

    /// <summary>"14:30", for a wall-clock time already in the convening's zone.</summary>
    public static string Time(DateTime at) => at.ToString("HH:mm", C);

    /// <summary>"Monday 9 March 2026".</summary>
    public static string Day(DateOnly day) => day.ToString("dddd d MMMM yyyy", C);

    /// <summary>"Monday 9 March 2026".</summary>
    public static string Day(DateTimeOffset at) => at.ToString("dddd d MMMM yyyy", C);

    /// <summary>"Mon 9 Mar", for tight spaces (grids, tables).</summary>
    public static string ShortDay(DateOnly day) => day.ToString("ddd d MMM", C);

    /// <summary>"9 March 2026".</summary>
    public static string Date(DateOnly day) => day.ToString("d MMMM yyyy", C);

    /// <summary>"9 March 2026".</summary>
    public static string Date(DateTimeOffset at) => at.ToString("d MMMM yyyy", C);

    /// <summary>"9 March", where the year follows (the first date of a pair).</summary>
    public static string DayMonth(DateOnly day) => day.ToString("d MMMM", C);

    /// <summary>"9 Mar 2026", for tight spaces (boards, histories).</summary>
    public static string ShortDate(DateTimeOffset at) => at.ToString("d MMM yyyy", C);

    /// <summary>"Mon 9 Mar 2026 14:30", for tight spaces (boards, histories).</summary>
    public static string ShortDayAndTime(DateTimeOffset at) => at.ToString("ddd d MMM yyyy HH:mm", C);

    /// <summary>"9 Mar 2026 14:30", for tight spaces (boards, histories).</summary>
    public static string ShortMoment(DateTimeOffset at) => at.ToString("d MMM yyyy HH:mm", C);

    /// <summary>"Monday 9 March 2026, 14:30".</summary>
    public static string DayAndTime(DateTimeOffset at) => at.ToString("dddd d MMMM yyyy, HH:mm", C);

    /// <summary>"Mon 9 Mar 14:30–15:45".</summary>
    public static string ShortDayAndRange(DateTimeOffset start, DateTimeOffset end) =>
        $"{ShortDay(DateOnly.FromDateTime(start.DateTime))} {TimeRange(start, end)}";

    /// <summary>"2026-03-09 14:30", for histories and logs written in UTC.</summary>
    public static string Stamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm", C);

    /// <summary>"2026-03-09 14:30:05", for logs and exports written in UTC (the caller says "UTC" where a reader sees it).</summary>
    public static string StampSeconds(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", C);

    /// <summary>"9 March 2026, 14:30": a deadline or a moment.</summary>
    public static string Moment(DateTimeOffset at) => at.ToString("d MMMM yyyy, HH:mm", C);

    /// <summary>"Monday 9 March 2026, 14:30–15:45", or both days written out when the end falls on another day.</summary>
    public static string Span(DateTimeOffset start, DateTimeOffset end) => end.Date == start.Date
        ? $"{Day(start)}, {Time(start)}–{Time(end)}"
        : $"{Day(start)}, {Time(start)} – {Day(end)}, {Time(end)}";

    /// <summary>"14:30–15:45", or "14:30–Tue 10 Mar 01:00" across midnight (wall-clock times in the convening's zone).</summary>
    public static string TimeRange(DateTime start, DateTime end) => end.Date == start.Date
        ? $"{Time(start)}–{Time(end)}"
        : $"{Time(start)}–{ShortDay(DateOnly.FromDateTime(end))} {Time(end)}";

    /// <summary>"14:30–15:45", or "14:30–Tue 10 Mar 01:00" across midnight: the offsets' own wall-clock times.</summary>
    public static string TimeRange(DateTimeOffset start, DateTimeOffset end) => TimeRange(start.DateTime, end.DateTime);

    /// <summary>"9 March 2026", "9–13 March 2026", "27 February – 3 March 2026", "29 December 2026 – 2 January 2027".</summary>
    public static string DateRange(DateOnly start, DateOnly end)
    {
        if (start == end) return Date(start);
        if (start.Year == end.Year && start.Month == end.Month) return $"{start.ToString("%d", C)}–{Date(end)}";
        if (start.Year == end.Year) return $"{start.ToString("d MMMM", C)} – {Date(end)}";
        return $"{Date(start)} – {Date(end)}";
    }

    /// <summary>The machine-readable form for a &lt;time datetime&gt; attribute (UTC).</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", C);
}
