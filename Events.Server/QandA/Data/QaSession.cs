using Events.Server.SideEvents;

namespace Events.Server.QandA;

/// <summary>A row of <c>qa_sessions</c>.</summary>
public class QaSession
{
    public Guid SideEventId { get; set; }

    public bool IsOpen { get; set; }

    public bool PreModeration { get; set; }

    public bool CodeAccess { get; set; }

    public string Code { get; set; } = null!;

    public DateTime UpdatedAt { get; set; }

    public virtual SideEvent SideEvent { get; set; } = null!;
}
