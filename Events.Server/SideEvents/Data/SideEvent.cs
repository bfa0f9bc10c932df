using Events.Server.CoSponsors;
using Events.Server.Convenings;
using Events.Server.QandA;
using Events.Server.Registrations;

namespace Events.Server.SideEvents;

/// <summary>A row of <c>side_events</c>.</summary>
public class SideEvent
{
    public Guid Id { get; set; }

    public Guid ConveningId { get; set; }

    public string Kind { get; set; } = null!;

    public string Title { get; set; } = null!;

    public string AbstractMd { get; set; } = null!;

    public List<string> Themes { get; set; } = null!;

    public string ProposingOrganisation { get; set; } = null!;

    public Guid? ProposerUserId { get; set; }

    public string Format { get; set; } = null!;

    public string Status { get; set; } = null!;

    public Guid? RoomId { get; set; }

    public DateTime? StartsAt { get; set; }

    public DateTime? EndsAt { get; set; }

    public DateTime? OccupiedUntil { get; set; }

    public int? Capacity { get; set; }

    public List<string> Languages { get; set; } = null!;

    public string? Interpretation { get; set; }

    public string? WebcastUrl { get; set; }

    public string? AccessibilityInfo { get; set; }

    public string? StatusReason { get; set; }

    public int Sequence { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public string? SlotResponse { get; set; }

    public DateTime? SlotResponseDue { get; set; }

    public string? ChangeRequest { get; set; }

    public string? FlyerFileName { get; set; }

    public string? FlyerContentType { get; set; }

    public byte[]? Flyer { get; set; }

    public string RegistrationMode { get; set; } = null!;

    public bool AttendeeListPublic { get; set; }

    public bool CoSponsorsLocked { get; set; }

    public bool CoSponsorsFinal { get; set; }

    public Guid? SubmissionKey { get; set; }

    public virtual ICollection<CoSponsorHistory> CoSponsorHistories { get; set; } = new List<CoSponsorHistory>();

    public virtual ICollection<CoSponsorship> CoSponsorships { get; set; } = new List<CoSponsorship>();

    public virtual Convening Convening { get; set; } = null!;

    public virtual ICollection<QaParticipant> QaParticipants { get; set; } = new List<QaParticipant>();

    public virtual ICollection<QaQuestion> QaQuestions { get; set; } = new List<QaQuestion>();

    public virtual QaSession? QaSession { get; set; }

    public virtual ICollection<RegistrationInvitation> RegistrationInvitations { get; set; } = new List<RegistrationInvitation>();

    public virtual ICollection<Registration> Registrations { get; set; } = new List<Registration>();

    public virtual Room? Room { get; set; }

    public virtual ICollection<SideEventHistory> SideEventHistories { get; set; } = new List<SideEventHistory>();

    public virtual ICollection<Speaker> Speakers { get; set; } = new List<Speaker>();
}
