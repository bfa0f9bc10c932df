using Events.Server.Registrations;
using Events.Server.SideEvents;

namespace Events.Server.Convenings;

/// <summary>A row of <c>convenings</c>.</summary>
public class Convening
{
    public Guid Id { get; set; }

    public string Slug { get; set; } = null!;

    public string Name { get; set; } = null!;

    public string Kind { get; set; } = null!;

    public DateOnly StartsOn { get; set; }

    public DateOnly EndsOn { get; set; }

    public string TimeZone { get; set; } = null!;

    public string? OrganisingOrganisation { get; set; }

    public string DescriptionMd { get; set; } = null!;

    public string Visibility { get; set; } = null!;

    public bool ChathamHouse { get; set; }

    public int ChangeoverMinutes { get; set; } = 15;

    public int CrossRegionalThreshold { get; set; } = 3;

    public int SlotResponseDays { get; set; } = 5;

    /// <summary>The organisers' deadline for proposals (UTC), if they set one; entered on the convening's clock.</summary>
    public DateTime? ProposalsCloseAt { get; set; }

    /// <summary>What the organisers ask of proposers, in plain text.</summary>
    public string? ProposalGuidelines { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public int MinMemberStateOrUnCosponsors { get; set; }

    public int MinCosponsorRegionalGroups { get; set; }

    public bool RegistrationEnabled { get; set; }

    public string RegistrationMode { get; set; } = null!;

    public int? RegistrationCapacity { get; set; }

    public bool AttendeeListPublic { get; set; }

    public virtual ICollection<RegistrationInvitation> RegistrationInvitations { get; set; } = new List<RegistrationInvitation>();

    public virtual ICollection<Registration> Registrations { get; set; } = new List<Registration>();

    public virtual ICollection<Room> Rooms { get; set; } = new List<Room>();

    public virtual ICollection<SideEvent> SideEvents { get; set; } = new List<SideEvent>();

    public virtual ICollection<Venue> Venues { get; set; } = new List<Venue>();
}
