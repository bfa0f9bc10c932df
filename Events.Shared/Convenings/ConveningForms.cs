using System.ComponentModel.DataAnnotations;
using Events.Shared.Site;

namespace Events.Shared.Convenings;

public sealed class ConveningForm : IValidatableObject
{
    [Required(ErrorMessage = "Give the convening a name.")]
    [StringLength(200, ErrorMessage = "The name can be at most {1} characters.")]
    public string Name { get; set; } = "";

    [Required(ErrorMessage = "Choose a short address, like csw71.")]
    [StringLength(60, ErrorMessage = "The short address can be at most {1} characters.")]
    [RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$", ErrorMessage = "Use lower-case letters, digits and single hyphens only, like csw71 or hrc-58.")]
    public string Slug { get; set; } = "";

    public ConveningKind Kind { get; set; } = ConveningKind.UnSession;

    [Required(ErrorMessage = "Enter the first day.")]
    public DateOnly? StartsOn { get; set; }

    [Required(ErrorMessage = "Enter the last day.")]
    public DateOnly? EndsOn { get; set; }

    [Required(ErrorMessage = "Choose the time zone the programme runs in.")]
    [StringLength(64)]
    public string TimeZone { get; set; } = "America/New_York";

    [StringLength(200, ErrorMessage = "The organisation's name can be at most {1} characters.")]
    public string? OrganisingOrganisation { get; set; }

    [StringLength(20000, ErrorMessage = "The description can be at most {1} characters.")]
    public string? DescriptionMarkdown { get; set; }

    public ConveningVisibility Visibility { get; set; } = ConveningVisibility.Public;
    public bool ChathamHouse { get; set; }

    [Range(0, 240, ErrorMessage = "The changeover between events must be between {1} and {2} minutes.")]
    public int ChangeoverMinutes { get; set; } = 15;

    [Range(1, 5, ErrorMessage = "Cross-regional backing needs between {1} and {2} regional groups.")]
    public int CrossRegionalThreshold { get; set; } = 3;

    [Range(0, 60, ErrorMessage = "Proposers get between {1} and {2} days to answer a slot.")]
    public int SlotResponseDays { get; set; } = 5;

    /// <summary>The last moment proposals are taken, on the convening's clock (its time zone); none: no deadline.</summary>
    public DateTime? ProposalsCloseAt { get; set; }

    /// <summary>What the organisers ask of proposers, shown as plain text on the propose page.</summary>
    [StringLength(ProposalDeadline.GuidelinesMaxLength, ErrorMessage = "The guidelines for proposers can be at most {1} characters.")]
    public string? ProposalGuidelines { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StartsOn is { } start && EndsOn is { } end)
        {
            if (end < start) yield return new ValidationResult("The last day cannot be before the first day.", [nameof(EndsOn)]);
            else if (end.DayNumber - start.DayNumber > 366) yield return new ValidationResult("A convening can last at most a year.", [nameof(EndsOn)]);
        }
        if (!string.IsNullOrWhiteSpace(TimeZone) && !ConveningClock.IsKnownZone(TimeZone))
            yield return new ValidationResult($"'{TimeZone}' is not a known time zone: use a name such as America/New_York or Europe/Zurich (Geneva).", [nameof(TimeZone)]);
        else if (ProposalsCloseAt is { } closes && !string.IsNullOrWhiteSpace(TimeZone))
        {
            if (ProposalsCloseAtUtc() is null)
                yield return new ValidationResult($"{TimeText.Day(DateOnly.FromDateTime(closes))}, {TimeText.Time(closes)} does not exist in {TimeZone} (the clocks go forward then): choose another time.", [nameof(ProposalsCloseAt)]);
            else if (EndsOn is { } last && DateOnly.FromDateTime(closes) > last)
                yield return new ValidationResult("The proposal deadline cannot be after the convening's last day.", [nameof(ProposalsCloseAt)]);
        }
        if (ProposalGuidelines is { } guidelines && !ProposalDeadline.IsPlainText(guidelines))
            yield return new ValidationResult("The guidelines for proposers contain a character that is not allowed (a NUL or another control character): remove it.", [nameof(ProposalGuidelines)]);
    }

    /// <summary>The deadline as a moment (to the minute), or null when there is none or it does not exist in the zone.</summary>
    public DateTimeOffset? ProposalsCloseAtUtc()
    {
        if (ProposalsCloseAt is not { } closes) return null;
        try { return ConveningClock.ToUtc(DateOnly.FromDateTime(closes), new TimeOnly(closes.Hour, closes.Minute), TimeZone); }
        catch (ArgumentException) { return null; }
    }
}

public enum RoomMode { InPerson, Virtual }

public sealed class RoomForm
{
    [Required(ErrorMessage = "Name the venue (the building), e.g. United Nations Headquarters.")]
    [StringLength(200, ErrorMessage = "The venue name can be at most {1} characters.")]
    public string VenueName { get; set; } = "";

    [StringLength(500, ErrorMessage = "The address can be at most {1} characters.")]
    public string? VenueAddress { get; set; }

    [Required(ErrorMessage = "Name the room.")]
    [StringLength(200, ErrorMessage = "The room name can be at most {1} characters.")]
    public string Name { get; set; } = "";

    [Range(1, 100000, ErrorMessage = "The capacity must be between {1} and {2} people.")]
    public int Capacity { get; set; } = 50;

    [StringLength(2000, ErrorMessage = "The accessibility notes can be at most {1} characters.")]
    public string? AccessibilityNotes { get; set; }

    public RoomMode Mode { get; set; } = RoomMode.InPerson;
}

public sealed record RoomInfo(Guid Id, string Name, string VenueName, int Capacity, RoomMode Mode, string? AccessibilityNotes);

/// <summary>A convening as its organisers manage it.</summary>
public sealed record ConveningAdminView(
    Guid Id, string Slug, string Name, ConveningKind Kind, DateOnly StartsOn, DateOnly EndsOn, string TimeZone,
    ConveningVisibility Visibility, bool ChathamHouse, int ChangeoverMinutes, int SlotResponseDays, IReadOnlyList<RoomInfo> Rooms)
{
    public IEnumerable<DateOnly> Days => Enumerable.Range(0, EndsOn.DayNumber - StartsOn.DayNumber + 1).Select(StartsOn.AddDays);
}

public sealed record OrganiserInfo(Guid UserId, string Name, string Email);

public interface IConveningAdmin
{
    Task<OperationResult> UpdateAsync(Guid actorUserId, string slug, ConveningForm form);
    Task<ConveningForm?> FormAsync(Guid actorUserId, string slug);
    Task<IReadOnlyList<OrganiserInfo>> OrganisersAsync(Guid actorUserId, string slug);
    /// <summary>Makes an existing account an organiser of this convening (the Organiser role scoped to it).</summary>
    Task<OperationResult> AddOrganiserAsync(Guid actorUserId, string slug, string email);
    Task<OperationResult> RemoveOrganiserAsync(Guid actorUserId, string slug, Guid userId);
    Task<OperationResult> CreateAsync(Guid actorUserId, ConveningForm form);
    Task<OperationResult> AddRoomAsync(Guid actorUserId, string slug, RoomForm form);
    Task<ConveningAdminView?> FindForOrganiserAsync(Guid actorUserId, string slug);
    Task<IReadOnlyList<ConveningSummary>> MineAsync(Guid actorUserId);
    Task<bool> CanCreateConveningsAsync(Guid actorUserId);
}
