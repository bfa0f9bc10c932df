using Events.Server.SideEvents;

namespace Events.Server.CoSponsors;

/// <summary>A row of <c>co_sponsor_history</c>.</summary>
public class CoSponsorHistory
{
    public long Id { get; set; }

    public Guid SideEventId { get; set; }

    public Guid? CoSponsorshipId { get; set; }

    public DateTime At { get; set; }

    public Guid? ActorUserId { get; set; }

    public bool ByFocalPoint { get; set; }

    public string Action { get; set; } = null!;

    public string? Detail { get; set; }

    public virtual CoSponsorship? CoSponsorship { get; set; }

    public virtual SideEvent SideEvent { get; set; } = null!;
}
