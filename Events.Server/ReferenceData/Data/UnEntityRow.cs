using Events.Server.CoSponsors;

namespace Events.Server.ReferenceData;

/// <summary>A row of <c>un_entities</c>.</summary>
public class UnEntityRow
{
    public string Code { get; set; } = null!;

    public string Name { get; set; } = null!;

    public string Kind { get; set; } = null!;

    public virtual ICollection<CoSponsorship> CoSponsorships { get; set; } = new List<CoSponsorship>();
}
