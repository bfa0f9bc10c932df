namespace Events.Server.SideEvents;

/// <summary>A row of <c>side_event_history</c>.</summary>
public class SideEventHistory
{
    public long Id { get; set; }

    public Guid SideEventId { get; set; }

    public DateTime At { get; set; }

    public Guid? ActorUserId { get; set; }

    public string Action { get; set; } = null!;

    public string? Detail { get; set; }

    public virtual SideEvent SideEvent { get; set; } = null!;
}
