namespace Events.Server.Registrations;

/// <summary>A row of <c>participant_profiles</c>.</summary>
public class ParticipantProfile
{
    public Guid UserId { get; set; }

    public string? Organisation { get; set; }

    public string? StakeholderGroup { get; set; }

    public string? Country { get; set; }

    public string? Gender { get; set; }

    public string? AccessibilityNeeds { get; set; }

    public string? InterpretationNeeds { get; set; }

    public bool ConsentPublishName { get; set; }

    public bool ConsentPhotograph { get; set; }

    public DateTime UpdatedAt { get; set; }
}
