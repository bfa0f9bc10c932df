using Events.Server.SideEvents;

namespace Events.Server.Convenings;

/// <summary>A row of <c>rooms</c>.</summary>
public class Room
{
    public Guid Id { get; set; }

    public Guid ConveningId { get; set; }

    public Guid VenueId { get; set; }

    public string Name { get; set; } = null!;

    public int Capacity { get; set; }

    public string? AccessibilityNotes { get; set; }

    public string Mode { get; set; } = null!;

    /// <summary>Kept by the database on every change: calendars' Last-Modified counts it.</summary>
    public DateTime UpdatedAt { get; set; }

    public virtual Convening Convening { get; set; } = null!;

    public virtual ICollection<SideEvent> SideEvents { get; set; } = new List<SideEvent>();

    public virtual Venue Venue { get; set; } = null!;
}
