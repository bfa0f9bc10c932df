using System.ComponentModel.DataAnnotations;

namespace Events.Server.Calendar;

/// <summary>Events:Calendar: how much memory the cached calendar files and feeds may take on one instance.</summary>
public sealed class CalendarOptions
{
    public const string Section = "Events:Calendar";

    [Range(1, 65_536)] public int CacheMegabytes { get; set; } = 256;
}
