using Events.Server.Convenings;
using Events.Server.SideEvents;

namespace Events.Server.Registrations;

/// <summary>A row of <c>registrations</c>.</summary>
public class Registration
{
    public Guid Id { get; set; }

    public Guid? SideEventId { get; set; }

    public Guid? UserId { get; set; }

    public string Status { get; set; } = null!;

    public DateTime QueuedAt { get; set; }

    public long QueueOrder { get; set; }

    public string? CheckInCode { get; set; }

    public DateTime? CheckedInAt { get; set; }

    public string? DecisionMessage { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public Guid ConveningId { get; set; }

    public virtual Convening Convening { get; set; } = null!;

    public virtual SideEvent? SideEvent { get; set; }
}
