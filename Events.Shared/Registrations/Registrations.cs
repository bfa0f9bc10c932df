using System.ComponentModel.DataAnnotations;

namespace Events.Shared.Registrations;

public enum RegistrationStatus { Pending, Confirmed, Waitlisted, Declined, Cancelled, Removed }

public enum RegistrationMode { Open, Approval, Invitation }

public enum StakeholderGroup { Government, UnOrIgo, CivilSociety, HumanRightsDefender, Donor, Business, Academia, Media, Other }

public static class RegistrationCodes
{
    public static string Status(RegistrationStatus status) => status.ToString().ToLowerInvariant();
    public static RegistrationStatus ParseStatus(string code) => Enum.Parse<RegistrationStatus>(code, ignoreCase: true);
    public static string Mode(RegistrationMode mode) => mode.ToString().ToLowerInvariant();
    public static RegistrationMode ParseMode(string code) => Enum.Parse<RegistrationMode>(code, ignoreCase: true);

    public static string Group(StakeholderGroup group) => group switch
    {
        StakeholderGroup.UnOrIgo => "un_or_igo", StakeholderGroup.CivilSociety => "civil_society",
        StakeholderGroup.HumanRightsDefender => "human_rights_defender", _ => group.ToString().ToLowerInvariant(),
    };
    public static StakeholderGroup? ParseGroup(string? code) => code switch
    {
        null => null, "un_or_igo" => StakeholderGroup.UnOrIgo, "civil_society" => StakeholderGroup.CivilSociety,
        "human_rights_defender" => StakeholderGroup.HumanRightsDefender, _ => Enum.Parse<StakeholderGroup>(code, ignoreCase: true),
    };
    public static string GroupLabel(StakeholderGroup group) => group switch
    {
        StakeholderGroup.Government => "Government",
        StakeholderGroup.UnOrIgo => "UN or other intergovernmental body",
        StakeholderGroup.CivilSociety => "Civil society organisation",
        StakeholderGroup.HumanRightsDefender => "Human rights defender",
        StakeholderGroup.Donor => "Donor",
        StakeholderGroup.Business => "Business",
        StakeholderGroup.Academia => "Academia",
        StakeholderGroup.Media => "Media",
        _ => "Other",
    };

    /// <summary>Check-in codes avoid letters that read alike (0/O, 1/I/L) so staff can type them from a phone screen.</summary>
    public const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public const int CodeLength = 8;

    public static string NormaliseCode(string? typed) =>
        new string((typed ?? "").Trim().ToUpperInvariant().Where(c => c != '-' && c != ' ').ToArray());
}

/// <summary>Only name and e-mail (from the account) are required; everything here is optional and minimal by default.</summary>
public sealed class ParticipantProfileForm
{
    [StringLength(200, ErrorMessage = "The organisation can be at most {1} characters.")]
    public string? Organisation { get; set; }
    public StakeholderGroup? StakeholderGroup { get; set; }
    [StringLength(100, ErrorMessage = "The country can be at most {1} characters.")]
    public string? Country { get; set; }
    [StringLength(60, ErrorMessage = "The gender can be at most {1} characters.")]
    public string? Gender { get; set; }
    [StringLength(1000, ErrorMessage = "The accessibility needs can be at most {1} characters.")]
    public string? AccessibilityNeeds { get; set; }
    [StringLength(500, ErrorMessage = "The interpretation needs can be at most {1} characters.")]
    public string? InterpretationNeeds { get; set; }
    public bool ConsentPublishName { get; set; }
    public bool ConsentPhotograph { get; set; }
}

public sealed record RegistrationOutcome(bool Succeeded, RegistrationStatus? Status, RegistrationOutcomeCode Code, Guid? RegistrationId = null)
{
    public string Message => RegistrationOutcomeTexts.Text(Code);
    public static RegistrationOutcome Refused(RegistrationOutcomeCode code) => new(false, null, code);
}

/// <summary>What the registration box shows. <see cref="SideEventId"/> is the convening's id for a convening-wide registration.</summary>
public sealed record EventRegistrationInfo(
    Guid SideEventId, string Title, RegistrationMode Mode, int? Capacity, int Confirmed, int Waitlisted, bool Closed, string? ClosedReason,
    RegistrationStatus? MyStatus, Guid? MyRegistrationId, string PagePath = "");

public sealed record MyRegistration(
    Guid Id, Guid SideEventId, string Title, string ConveningName, DateTimeOffset? StartsAtLocal, DateTimeOffset? EndsAtLocal, string TimeZone,
    string? Room, RegistrationStatus Status, string? CheckInCode, DateTimeOffset? CheckedInAt, string? DecisionMessage, bool EventCancelled,
    string PagePath = "");

public sealed record AttendeeRow(
    Guid RegistrationId, string Name, string? Email, string? Organisation, StakeholderGroup? Group, string? Country,
    string? AccessibilityNeeds, string? InterpretationNeeds, bool ConsentPublishName, bool ConsentPhotograph,
    RegistrationStatus Status, DateTimeOffset RegisteredAt, DateTimeOffset? CheckedInAt, bool Erased);

public sealed record AttendanceFigures(int Confirmed, int Waitlisted, int Pending, int CheckedIn, int NoShows);

public sealed record CheckInResult(bool Succeeded, string Message, string? Name, DateTimeOffset? At);

/// <summary>
/// How people register. For a convening as a whole, organisers also switch registration on and set the capacity
/// (a side event takes its capacity from the event and its room).
/// </summary>
public sealed record RegistrationSettings(RegistrationMode Mode, bool AttendeeListPublic, bool Enabled = true, int? Capacity = null,
    string Title = "", bool IsConvening = false, string TimeZone = "UTC");
