using System.ComponentModel.DataAnnotations;

namespace Events.Shared.SideEvents;

public enum SideEventStatus { Draft, Submitted, Accepted, Waitlisted, Declined, Scheduled, Cancelled }

public enum SideEventFormat { InPerson, Virtual, Hybrid }

public enum SlotResponse { Pending, Accepted, ChangeRequested }

/// <summary>Which status changes the proposal and review workflow allows.</summary>
public static class SideEventWorkflow
{
    private static readonly Dictionary<SideEventStatus, SideEventStatus[]> Allowed = new()
    {
        [SideEventStatus.Draft] = [SideEventStatus.Submitted],
        [SideEventStatus.Submitted] = [SideEventStatus.Accepted, SideEventStatus.Declined, SideEventStatus.Waitlisted],
        [SideEventStatus.Waitlisted] = [SideEventStatus.Accepted, SideEventStatus.Declined],
        [SideEventStatus.Accepted] = [SideEventStatus.Scheduled, SideEventStatus.Cancelled],
        [SideEventStatus.Scheduled] = [SideEventStatus.Scheduled, SideEventStatus.Cancelled],
        [SideEventStatus.Declined] = [],
        [SideEventStatus.Cancelled] = [],
    };

    public static bool CanMove(SideEventStatus from, SideEventStatus to) => Allowed[from].Contains(to);

    public static string Code(SideEventStatus status) => status.ToString().ToLowerInvariant();
    public static SideEventStatus Parse(string code) => Enum.Parse<SideEventStatus>(code, ignoreCase: true);

    public static string FormatCode(SideEventFormat format) => format switch
    {
        SideEventFormat.InPerson => "in_person", SideEventFormat.Virtual => "virtual", _ => "hybrid",
    };
    public static SideEventFormat ParseFormat(string code) => code switch
    {
        "in_person" => SideEventFormat.InPerson, "virtual" => SideEventFormat.Virtual, "hybrid" => SideEventFormat.Hybrid,
        _ => throw new ArgumentException($"Unknown format '{code}'."),
    };
    public static string FormatLabel(SideEventFormat format) => format switch
    {
        SideEventFormat.InPerson => "In person", SideEventFormat.Virtual => "Online", _ => "Hybrid",
    };
}

public sealed class SpeakerForm
{
    [StringLength(200, ErrorMessage = "A speaker's name can be at most {1} characters.")]
    public string? Name { get; set; }
    [StringLength(200, ErrorMessage = "A speaker's title can be at most {1} characters.")]
    public string? Title { get; set; }
    [StringLength(200, ErrorMessage = "A speaker's organisation can be at most {1} characters.")]
    public string? Organisation { get; set; }
    [StringLength(2000, ErrorMessage = "A speaker's bio can be at most {1} characters.")]
    public string? Bio { get; set; }
    public bool IsModerator { get; set; }
    /// <summary>"Do not publish my name": public pages show the role and organisation only.</summary>
    public bool WithholdName { get; set; }
}

public sealed class ProposalForm : IValidatableObject
{
    /// <summary>
    /// Made when the form is first shown and posted back with it: a double click, a retry or five posts of the same form
    /// create one proposal, not five.
    /// </summary>
    public Guid? SubmissionKey { get; set; }

    [Required(ErrorMessage = "Give the side event a title.")]
    [StringLength(200, ErrorMessage = "The title can be at most {1} characters.")]
    public string Title { get; set; } = "";

    [StringLength(20000, ErrorMessage = "The abstract can be at most {1} characters.")]
    public string? AbstractMarkdown { get; set; }

    [StringLength(500, ErrorMessage = "The themes can be at most {1} characters in all.")]
    public string? Themes { get; set; }

    [Required(ErrorMessage = "Name the organisation proposing the event.")]
    [StringLength(200, ErrorMessage = "The organisation's name can be at most {1} characters.")]
    public string ProposingOrganisation { get; set; } = "";

    public SideEventFormat Format { get; set; } = SideEventFormat.InPerson;

    [Range(1, 100000, ErrorMessage = "The expected audience must be between {1} and {2} people.")]
    public int? Capacity { get; set; }

    private string? _capacityText;

    /// <summary>The seats as typed: a blank box means "not known yet", which a plain int? field cannot take from a posted form.</summary>
    [RegularExpression(@"^\s*\d{1,6}\s*$", ErrorMessage = "Enter the number of seats as a whole number, e.g. 80.")]
    public string? CapacityText
    {
        get => _capacityText ?? Capacity?.ToString();
        set { _capacityText = string.IsNullOrWhiteSpace(value) ? null : value; Capacity = int.TryParse(value?.Trim(), out var seats) ? seats : null; }
    }

    [StringLength(300, ErrorMessage = "The languages can be at most {1} characters.")]
    public string? Languages { get; set; }

    [StringLength(500, ErrorMessage = "The interpretation note can be at most {1} characters.")]
    public string? Interpretation { get; set; }

    [StringLength(2000, ErrorMessage = "The webcast link can be at most {1} characters.")]
    public string? WebcastUrl { get; set; }

    [StringLength(2000, ErrorMessage = "The accessibility information can be at most {1} characters.")]
    public string? AccessibilityInfo { get; set; }

    private List<SpeakerForm> _speakers = [new(), new(), new()];

    /// <summary>A posted form without speaker rows binds null here: treat that as "no speakers".</summary>
    public List<SpeakerForm> Speakers { get => _speakers; set => _speakers = value ?? []; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(WebcastUrl) &&
            (!Uri.TryCreate(WebcastUrl.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http")))
            yield return new ValidationResult("The webcast link must be a web address starting with https://.", [nameof(WebcastUrl)]);
        if (Speakers.Count > 30) yield return new ValidationResult("At most 30 speakers.", [nameof(Speakers)]);
        foreach (var speaker in Speakers)
            foreach (var result in ValidateNested(speaker)) yield return result;
        if (SplitList(Themes).Count > 10) yield return new ValidationResult("At most 10 themes.", [nameof(Themes)]);
    }

    private static IEnumerable<ValidationResult> ValidateNested(object item)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(item, new ValidationContext(item), results, true);
        return results;
    }

    public static IReadOnlyList<string> SplitList(string? text) =>
        (text ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}

public sealed class ScheduleForm : IValidatableObject
{
    [Required] public Guid? SideEventId { get; set; }
    [Required(ErrorMessage = "Choose a room.")] public Guid? RoomId { get; set; }
    [Required(ErrorMessage = "Choose the day.")] public DateOnly? Day { get; set; }
    [Required(ErrorMessage = "Enter the start time.")] public TimeOnly? Start { get; set; }
    [Required(ErrorMessage = "Enter the end time.")] public TimeOnly? End { get; set; }
    [StringLength(2000)] public string? Reason { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Start is { } s && End is { } e && e <= s)
            yield return new ValidationResult("The end time must be after the start time.", [nameof(End)]);
    }
}

public sealed record HistoryEntry(DateTimeOffset At, string? Actor, string Action, string? Detail);

/// <summary>A side event as organisers and its proposer see it in the workspace.</summary>
public sealed record SideEventSummary(
    Guid Id, Guid ConveningId, string ConveningSlug, string Title, string ProposingOrganisation, SideEventFormat Format, SideEventStatus Status,
    Guid? RoomId, string? RoomName, DateTimeOffset? StartsAtLocal, DateTimeOffset? EndsAtLocal, int? Capacity,
    SlotResponse? SlotResponse, DateTimeOffset? SlotResponseDue, string? ChangeRequest, string? StatusReason);

/// <summary>
/// The convening's proposals by where each stands now: every proposal (drafts aside) is counted once, under its current
/// status, so the numbers add up to <see cref="Total"/>.
/// </summary>
public sealed record WorkspaceCounts(int Submitted, int Accepted, int Scheduled, int Cancelled, int Waitlisted, int Declined)
{
    public int Total => Submitted + Accepted + Scheduled + Cancelled + Waitlisted + Declined;
}

public interface ISideEventWorkflow
{
    Task<OperationResult> ProposeAsync(Guid actorUserId, string conveningSlug, ProposalForm form, bool submit);
    Task<OperationResult> SubmitAsync(Guid actorUserId, Guid sideEventId);
    Task<OperationResult> ReviewAsync(Guid actorUserId, Guid sideEventId, SideEventStatus decision, string? reason);
    Task<OperationResult> ScheduleAsync(Guid actorUserId, ScheduleForm form);
    Task<OperationResult> CancelAsync(Guid actorUserId, Guid sideEventId, string reason);
    Task<OperationResult> RespondToSlotAsync(Guid actorUserId, Guid sideEventId, bool accept, string? changeRequest);
    Task<IReadOnlyList<SideEventSummary>> ForConveningAsync(Guid actorUserId, string conveningSlug);
    Task<IReadOnlyList<SideEventSummary>> MyProposalsAsync(Guid actorUserId);
    Task<IReadOnlyList<HistoryEntry>> HistoryAsync(Guid actorUserId, Guid sideEventId);
    Task<WorkspaceCounts> CountsAsync(Guid actorUserId, string conveningSlug);
    Task<OperationResult> AttachFlyerAsync(Guid actorUserId, Guid sideEventId, string? fileName, byte[] content);
    /// <summary>The proposal as its proposer can still edit it (a draft, or submitted and not yet reviewed), else null.</summary>
    Task<ProposalForm?> EditableProposalAsync(Guid actorUserId, Guid sideEventId);
    Task<OperationResult> UpdateProposalAsync(Guid actorUserId, Guid sideEventId, ProposalForm form, bool submit);
}

public sealed record Flyer(string FileName, string ContentType, byte[] Content);
