using System.ComponentModel.DataAnnotations;
using Events.Shared.Accounts;
using Events.Shared.ReferenceData;

namespace Events.Shared.CoSponsors;

/// <summary>
/// Where an invitation stands. Expired is never stored: an unanswered invitation (invited or opened) whose link's time
/// has passed is shown as expired.
/// </summary>
public enum InvitationStatus { Invited, Opened, Confirmed, Declined, Expired, Revoked }

/// <summary>The focal points' pages, shared by the page (which names the rate-limit policy) and the server (which defines it).</summary>
public static class CoSponsorLinkPaths
{
    public const string Prefix = "/cosponsor";
    public const string RateLimitPolicy = "co-sponsor-links";

    public static string Link(string siteBaseUrl, string token) => $"{siteBaseUrl.TrimEnd('/')}{Prefix}/{token}";
}

public static class CoSponsorCodes
{
    public static string Code(SponsorKind kind) => kind switch
    {
        SponsorKind.State => "state",
        SponsorKind.UnEntity => "un_entity",
        _ => "organisation",
    };

    public static SponsorKind ParseKind(string code) => code switch
    {
        "state" => SponsorKind.State,
        "un_entity" => SponsorKind.UnEntity,
        "organisation" => SponsorKind.Organisation,
        _ => throw new ArgumentException($"Unknown co-sponsor kind '{code}'.", nameof(code)),
    };

    public static string Code(InvitationStatus status) => status.ToString().ToLowerInvariant();

    public static InvitationStatus ParseStatus(string code) => Enum.Parse<InvitationStatus>(code, ignoreCase: true);

    public static string KindLabel(SponsorKind kind) => kind switch
    {
        SponsorKind.State => "State",
        SponsorKind.UnEntity => "UN entity",
        _ => "Organisation",
    };

    public static string StatusLabel(InvitationStatus status) => status switch
    {
        InvitationStatus.Invited => "invited",
        InvitationStatus.Opened => "opened",
        InvitationStatus.Confirmed => "confirmed",
        InvitationStatus.Declined => "declined",
        InvitationStatus.Expired => "expired",
        _ => "revoked",
    };

    /// <summary>Still waiting for an answer (and not expired or revoked).</summary>
    public static bool IsPending(InvitationStatus status) => status is InvitationStatus.Invited or InvitationStatus.Opened;
}

/// <summary>One invitation as the event's organisers see it on the co-sponsor board.</summary>
public sealed record InvitationView(
    Guid Id,
    SponsorKind Kind,
    // The State's, UN entity's or organisation's own name (not the display name the focal point chose).
    string SponsorName,
    string? StateIso3,
    RegionalGroup? CountingGroup,
    string DisplayName,
    string? FocalPointName,
    string? FocalPointEmail,
    InvitationStatus Status,
    DateTimeOffset? LastSentAt,
    int SendCount,
    DateTimeOffset? LinkExpiresAt,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? AnsweredAt,
    string? AuthorisingOfficialName,
    string? AuthorisingOfficialTitle,
    string? DeclineReason);

/// <summary>
/// A line of the co-sponsor history. Actor is the organiser's name or "focal point of …"; Sponsor is the co-sponsor the
/// action concerns (null for the list as a whole: lock, unlock, final).
/// </summary>
public sealed record CoSponsorHistoryEntry(DateTimeOffset At, string Actor, string Action, string? Sponsor, string? Detail);

/// <summary>Everything the organiser's co-sponsor board shows for one side event.</summary>
public sealed record CoSponsorBoardView(
    Guid SideEventId,
    string Title,
    string ProposingOrganisation,
    string EventStatus,
    DateTimeOffset? StartsAtLocal,
    DateTimeOffset? EndsAtLocal,
    string? RoomName,
    string ConveningSlug,
    string ConveningName,
    string TimeZone,
    bool Locked,
    bool Final,
    CoSponsorRules Rules,
    Eligibility Eligibility,
    CoSponsorDisplay Confirmed,
    IReadOnlyList<InvitationView> Invitations,
    IReadOnlyList<CoSponsorHistoryEntry> History)
{
    /// <summary>Invitations can be sent for events that are still alive; the list must be open.</summary>
    public bool CanInvite => !Locked && CoSponsorStatuses.EventTakesCoSponsors(EventStatus);
}

/// <summary>One side event's co-sponsors in the workspace overview.</summary>
public sealed record CoSponsorOverviewRow(
    Guid SideEventId,
    string Title,
    string EventStatus,
    int Confirmed,
    int Pending,
    int RegionalGroups,
    bool CrossRegional,
    bool Locked,
    bool Final,
    Eligibility Eligibility);

public static class CoSponsorStatuses
{
    /// <summary>Side-event statuses for which organisers gather co-sponsors.</summary>
    public static bool EventTakesCoSponsors(string sideEventStatus) => sideEventStatus is "submitted" or "waitlisted" or "accepted" or "scheduled";
}

/// <summary>An organiser's invitation of one co-sponsor.</summary>
public sealed class InvitationForm : IValidatableObject
{
    public SponsorKind Kind { get; set; } = SponsorKind.State;

    [StringLength(3)]
    public string? StateIso3 { get; set; }

    [StringLength(40)]
    public string? UnEntityCode { get; set; }

    [StringLength(200, ErrorMessage = "The organisation's name can be at most {1} characters.")]
    public string? OrganisationName { get; set; }

    [Required(ErrorMessage = "Give the focal point's name.")]
    [StringLength(200, ErrorMessage = "The focal point's name can be at most {1} characters.")]
    public string FocalPointName { get; set; } = "";

    [Required(ErrorMessage = "Give the focal point's e-mail address.")]
    [StringLength(AccountLimits.EmailMaxLength, ErrorMessage = "The e-mail address can be at most {1} characters.")]
    [EmailAddressStrict]
    public string FocalPointEmail { get; set; } = "";

    [StringLength(4000, ErrorMessage = "The message can be at most {1} characters.")]
    public string? Message { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Kind == SponsorKind.State && string.IsNullOrWhiteSpace(StateIso3))
            yield return new ValidationResult("Choose the State.", [nameof(StateIso3)]);
        if (Kind == SponsorKind.UnEntity && string.IsNullOrWhiteSpace(UnEntityCode))
            yield return new ValidationResult("Choose the UN entity.", [nameof(UnEntityCode)]);
        if (Kind == SponsorKind.Organisation && string.IsNullOrWhiteSpace(OrganisationName))
            yield return new ValidationResult("Give the organisation's name.", [nameof(OrganisationName)]);
    }
}

/// <summary>Several States at once: one line per mission, "ISO3 or State name, focal point's name, e-mail", one message for all.</summary>
public sealed class BulkInvitationForm
{
    public const int MaxLines = 200;

    [Required(ErrorMessage = "Enter one line per State: code or name, focal point's name, e-mail.")]
    [StringLength(40000, ErrorMessage = "The list can be at most {1} characters.")]
    public string Lines { get; set; } = "";

    [StringLength(4000, ErrorMessage = "The message can be at most {1} characters.")]
    public string? Message { get; set; }
}

public sealed record BulkInvitationLine(int LineNumber, string State, string FocalPointName, string FocalPointEmail);

public sealed record BulkInvitationResult(bool Succeeded, int Invited, IReadOnlyList<string> Errors)
{
    public static BulkInvitationResult Fail(params string[] errors) => new(false, 0, errors);
}

public static class BulkInvitationLines
{
    /// <summary>
    /// Reads "KEN, Jane Doe, jane@example.org" lines. Commas, semicolons or tabs separate the fields (so rows pasted from a
    /// spreadsheet work); the first field is the State, the last the e-mail, and everything between the name. Blank lines
    /// and lines starting with '#' are skipped. Every problem is reported with its line number.
    /// </summary>
    public static (IReadOnlyList<BulkInvitationLine> Lines, IReadOnlyList<string> Errors) Parse(string? text)
    {
        var lines = new List<BulkInvitationLine>();
        var errors = new List<string>();
        var number = 0;
        foreach (var raw in (text ?? "").Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split([',', ';', '\t'], StringSplitOptions.TrimEntries);
            if (fields.Length < 3 || fields[0].Length == 0 || fields[^1].Length == 0)
            {
                errors.Add($"Line {number}: write the State, the focal point's name and their e-mail, separated by commas.");
                continue;
            }
            var name = string.Join(", ", fields[1..^1].Where(f => f.Length > 0));
            var email = fields[^1];
            if (name.Length == 0) errors.Add($"Line {number}: give the focal point's name.");
            else if (name.Length > 200) errors.Add($"Line {number}: the focal point's name can be at most 200 characters.");
            else if (!EmailAddressRules.IsValid(email)) errors.Add($"Line {number}: “{Shorten(email)}” is not a valid e-mail address.");
            else lines.Add(new BulkInvitationLine(number, fields[0], name, email));
        }
        if (lines.Count + errors.Count == 0) errors.Add("Enter one line per State: code or name, focal point's name, e-mail.");
        if (lines.Count > BulkInvitationForm.MaxLines) errors.Add($"At most {BulkInvitationForm.MaxLines} invitations at once.");
        return (lines, errors);
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}

/// <summary>The focal point's confirmation.</summary>
public sealed class ConfirmationForm
{
    [Required(ErrorMessage = "Give the name of the official who authorises the co-sponsorship.")]
    [StringLength(200, ErrorMessage = "The official's name can be at most {1} characters.")]
    public string OfficialName { get; set; } = "";

    [Required(ErrorMessage = "Give the official's title.")]
    [StringLength(200, ErrorMessage = "The official's title can be at most {1} characters.")]
    public string OfficialTitle { get; set; } = "";

    [Required(ErrorMessage = "Say how the co-sponsor should be named on the programme.")]
    [StringLength(200, ErrorMessage = "The name on the programme can be at most {1} characters.")]
    public string DisplayName { get; set; } = "";
}

/// <summary>The focal point's refusal; the reason is optional and seen by the organisers only.</summary>
public sealed class DeclineForm
{
    [StringLength(2000, ErrorMessage = "The reason can be at most {1} characters.")]
    public string? Reason { get; set; }
}

/// <summary>What a focal point sees through a valid link: the event and their own invitation, nothing else.</summary>
public sealed record FocalPointInvitation(
    string SponsorName,
    SponsorKind Kind,
    string DisplayName,
    string? FocalPointName,
    string? Message,
    string? InvitedBy,
    InvitationStatus Status,
    string? AuthorisingOfficialName,
    string? AuthorisingOfficialTitle,
    string? DeclineReason,
    bool Locked,
    DateTimeOffset LinkExpiresAt,
    string EventTitle,
    string ProposingOrganisation,
    string AbstractMarkdown,
    string Format,
    string ConveningName,
    string TimeZone,
    DateTimeOffset? StartsAtLocal,
    DateTimeOffset? EndsAtLocal,
    string? RoomName,
    string? VenueName);

public enum FocalPointOutcome { Done, InvalidLink, Locked, Refused }

public sealed record FocalPointResult(FocalPointOutcome Outcome, string? Error = null)
{
    public bool Succeeded => Outcome == FocalPointOutcome.Done;
    public static FocalPointResult Done { get; } = new(FocalPointOutcome.Done);
    public static FocalPointResult InvalidLink { get; } = new(FocalPointOutcome.InvalidLink);
}

/// <summary>The organisers' side: invitations, reminders, revocation, lock, final, rules.</summary>
public interface ICoSponsorInvitations
{
    /// <summary>The board, or null when there is no such event or the actor does not organise its convening.</summary>
    Task<CoSponsorBoardView?> BoardAsync(Guid actorUserId, Guid sideEventId);
    Task<IReadOnlyList<CoSponsorOverviewRow>> OverviewAsync(Guid actorUserId, string conveningSlug);
    Task<OperationResult> InviteAsync(Guid actorUserId, Guid sideEventId, InvitationForm form);
    /// <summary>All the lines or none: a list with a mistake sends nothing and names every bad line.</summary>
    Task<BulkInvitationResult> InviteStatesAsync(Guid actorUserId, Guid sideEventId, BulkInvitationForm form);
    /// <summary>A reminder with a new link; the old link stops working. A revoked invitation is invited again.</summary>
    Task<OperationResult> ResendAsync(Guid actorUserId, Guid invitationId);
    Task<OperationResult> RevokeAsync(Guid actorUserId, Guid invitationId);
    /// <summary>Locking stops focal points changing their answers; unlocking a final list reopens it.</summary>
    Task<OperationResult> SetLockedAsync(Guid actorUserId, Guid sideEventId, bool locked);
    /// <summary>Refused, with what is missing, when the confirmed co-sponsors do not meet the convening's rules.</summary>
    Task<OperationResult> MarkFinalAsync(Guid actorUserId, Guid sideEventId);
    Task<OperationResult> UpdateRulesAsync(Guid actorUserId, string conveningSlug, CoSponsorRulesForm form);
}

/// <summary>
/// The focal point's side, through the link's token alone. Every invalid token (unknown, modified, expired, revoked,
/// replaced) gives the same answer and changes nothing.
/// </summary>
public interface ICoSponsorLinks
{
    /// <summary>The invitation behind a valid token (marking it opened the first time), or null.</summary>
    Task<FocalPointInvitation?> OpenAsync(string? token);
    Task<FocalPointResult> ConfirmAsync(string? token, ConfirmationForm form);
    Task<FocalPointResult> DeclineAsync(string? token, DeclineForm form);
}

/// <summary>Public reads: confirmed co-sponsors of public events only.</summary>
public interface ICoSponsorDisplay
{
    /// <summary>The grouped confirmed co-sponsors of a public event, or null when the event is not public.</summary>
    Task<CoSponsorDisplay?> ForEventAsync(Guid sideEventId);

    /// <summary>The public events of a public convening whose confirmed co-sponsors have cross-regional backing.</summary>
    Task<IReadOnlySet<Guid>> CrossRegionalEventsAsync(Guid conveningId);
}
