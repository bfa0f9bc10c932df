using Events.Server.ReferenceData;
using Events.Server.SideEvents;

namespace Events.Server.CoSponsors;

/// <summary>A row of <c>co_sponsorships</c>.</summary>
public class CoSponsorship
{
    public Guid Id { get; set; }

    public Guid SideEventId { get; set; }

    public string SponsorKind { get; set; } = null!;

    public string? StateIso3 { get; set; }

    public string? UnEntityCode { get; set; }

    public string? OrganisationName { get; set; }

    public string DisplayName { get; set; } = null!;

    public string Status { get; set; } = null!;

    public DateTime CreatedAt { get; set; }

    public string? FocalPointName { get; set; }

    public string? FocalPointEmail { get; set; }

    public string? Message { get; set; }

    public byte[]? TokenHash { get; set; }

    public DateTime? TokenExpiresAt { get; set; }

    public Guid? InvitedBy { get; set; }

    public DateTime? LastSentAt { get; set; }

    public int SendCount { get; set; }

    public DateTime? OpenedAt { get; set; }

    public DateTime? AnsweredAt { get; set; }

    public string? AuthorisingOfficialName { get; set; }

    public string? AuthorisingOfficialTitle { get; set; }

    public string? DeclineReason { get; set; }

    public DateTime? RevokedAt { get; set; }

    public virtual ICollection<CoSponsorHistory> CoSponsorHistories { get; set; } = new List<CoSponsorHistory>();

    public virtual SideEvent SideEvent { get; set; } = null!;

    public virtual StateRow? StateIso3Navigation { get; set; }

    public virtual UnEntityRow? UnEntityCodeNavigation { get; set; }
}
