namespace Events.Server.SideEvents;

/// <summary>A row of <c>speakers</c>.</summary>
public class Speaker
{
    public Guid Id { get; set; }

    public Guid SideEventId { get; set; }

    public string Role { get; set; } = null!;

    public string Name { get; set; } = null!;

    public string? Title { get; set; }

    public string? Organisation { get; set; }

    public string? Bio { get; set; }

    public bool PublishName { get; set; } = true;

    public int SortOrder { get; set; }

    public virtual SideEvent SideEvent { get; set; } = null!;
}
