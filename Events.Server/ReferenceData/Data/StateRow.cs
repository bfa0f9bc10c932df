using Events.Server.CoSponsors;

namespace Events.Server.ReferenceData;

/// <summary>A row of <c>states</c>.</summary>
public class StateRow
{
    public string Iso3 { get; set; } = null!;

    public string Name { get; set; } = null!;

    public string Status { get; set; } = null!;

    public string? RegionalGroup { get; set; }

    public string? ElectoralGroup { get; set; }

    public string? AlsoParticipatesIn { get; set; }

    public string? ObserverIn { get; set; }

    public string? Note { get; set; }

    public virtual ICollection<CoSponsorship> CoSponsorships { get; set; } = new List<CoSponsorship>();
}
