using System.Globalization;

namespace Events.Shared.Site;

/// <summary>
/// How the pages write times and dates: the 24-hour clock ("14:05") and unambiguous English dates ("Monday 8 March
/// 2027"), whatever the browser's or the server's culture, as UN programmes print them. The values given are already
/// in the zone they are shown in (the convening's, or UTC where the text says so).
/// </summary>
public static class DisplayTime
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>"14:05".</summary>
    public static string Clock(TimeOnly time) => time.ToString("HH:mm", Culture);

    /// <summary>"14:05".</summary>
    public static string Clock(DateTime time) => time.ToString("HH:mm", Culture);

    /// <summary>"14:05".</summary>
    public static string Clock(DateTimeOffset time) => time.ToString("HH:mm", Culture);

    /// <summary>"09:00–10:15", or "22:00–Tue 9 Mar 01:00" when it ends on another day.</summary>
    public static string Range(DateTime start, DateTime end) =>
        start.Date == end.Date ? $"{Clock(start)}–{Clock(end)}" : $"{Clock(start)}–{end.ToString("ddd d MMM HH:mm", Culture)}";

    /// <inheritdoc cref="Range(DateTime, DateTime)"/>
    public static string Range(DateTimeOffset start, DateTimeOffset end) => Range(start.DateTime, end.DateTime);

    /// <summary>"Monday 8 March 2027".</summary>
    public static string Day(DateOnly day) => day.ToString("dddd d MMMM yyyy", Culture);

    /// <summary>"Mon 8 Mar".</summary>
    public static string ShortDay(DateOnly day) => day.ToString("ddd d MMM", Culture);

    /// <summary>"8 Mar 2027".</summary>
    public static string Date(DateOnly day) => day.ToString("d MMM yyyy", Culture);

    /// <summary>"Monday 8 March 2027, 14:05".</summary>
    public static string DayAndClock(DateTimeOffset time) => time.ToString("dddd d MMMM yyyy, HH:mm", Culture);

    /// <summary>"Mon 8 Mar 14:05–15:20".</summary>
    public static string ShortDayAndRange(DateTimeOffset start, DateTimeOffset end) =>
        $"{ShortDay(DateOnly.FromDateTime(start.DateTime))} {Range(start, end)}";

    /// <summary>"2027-03-08 14:05", for logs and histories written in UTC.</summary>
    public static string Stamp(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm", Culture);
}
