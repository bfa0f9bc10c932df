namespace Events.Server.Convenings;

/// <summary>A row of <c>venues</c>.</summary>
public class Venue
{
    public Guid Id { get; set; }

    public Guid ConveningId { get; set; }

    public string Name { get; set; } = null!;

    public string? Address { get; set; }

    /// <summary>Kept by the database on every change: calendars' Last-Modified counts it.</summary>
    public DateTime UpdatedAt { get; set; }

    public virtual Convening Convening { get; set; } = null!;

    public virtual ICollection<Room> Rooms { get; set; } = new List<Room>();
}
