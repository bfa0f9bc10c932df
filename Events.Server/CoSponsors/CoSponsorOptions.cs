using System.ComponentModel.DataAnnotations;

namespace Events.Server.CoSponsors;

/// <summary>The co-sponsor links' settings (section <see cref="Section"/>), checked when the app starts.</summary>
public sealed class CoSponsorOptions
{
    public const string Section = "Events:CoSponsors";

    /// <summary>How long a focal point's link works, in days.</summary>
    [Range(1, 366)]
    public int LinkLifetimeDays { get; set; } = 30;

    /// <summary>Requests to /cosponsor/… one client network may make per window before getting 429.</summary>
    [Range(1, int.MaxValue)]
    public int LinkRequestLimit { get; set; } = 30;

    [Range(1, 86_400)]
    public int LinkRequestWindowSeconds { get; set; } = 60;
}
