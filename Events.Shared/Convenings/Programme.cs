using Events.Shared.ReferenceData;

namespace Events.Shared.Convenings;

// The public programme: what anyone may see of a convening without logging in.
// Codes (kind, format, status, role, sponsor kind) are the database's own values; ProgrammeLabels turns them into words.

/// <summary>A public or unlisted convening's programme, with the events that match a <see cref="ProgrammeFilter"/>.</summary>
public sealed record ProgrammeView(
    Guid Id,
    string Slug,
    string Name,
    ConveningKind Kind,
    ConveningVisibility Visibility,
    DateOnly StartsOn,
    DateOnly EndsOn,
    string TimeZone,
    string DescriptionMarkdown,
    bool ChathamHouse,
    string? OrganisingOrganisation,
    // Rooms that hold at least one public event, for the room filter.
    IReadOnlyList<ProgrammeRoom> Rooms,
    // Every theme of the public events, for the theme filter.
    IReadOnlyList<string> Themes,
    // Proposing organisations and confirmed co-sponsors of the public events, for the organisation filter.
    IReadOnlyList<ProgrammeOrganisation> Organisations,
    // Formats ("in_person", "virtual", "hybrid") the public events use, for the format filter.
    IReadOnlyList<string> Formats,
    // The public events that match the filter, in time order.
    IReadOnlyList<ProgrammeEvent> Events,
    // How many public events the convening has, whatever the filter.
    int TotalEventCount,
    // Minutes kept free after an event in its room, which the calendar shows.
    int ChangeoverMinutes = 0,
    // The organisers' deadline for proposals, if they set one (see ProposalDeadline).
    DateTimeOffset? ProposalsCloseAt = null)
{
    public IEnumerable<DateOnly> Days => Enumerable.Range(0, EndsOn.DayNumber - StartsOn.DayNumber + 1).Select(StartsOn.AddDays);
}

public sealed record ProgrammeRoom(Guid Id, string Name, string VenueName);

/// <summary>
/// A name the organisation filter offers. Kind is "organiser" when it proposes at least one public event, otherwise the
/// co-sponsor kind ("state", "un_entity", "organisation").
/// </summary>
public sealed record ProgrammeOrganisation(string Name, string Kind);

/// <summary>One line of the programme. Status is "scheduled" or "cancelled"; local times are in the convening's time zone.</summary>
public sealed record ProgrammeEvent(
    Guid Id,
    string Title,
    string Kind,
    string Format,
    string Status,
    DateTimeOffset StartsAtUtc,
    DateTimeOffset EndsAtUtc,
    DateTimeOffset StartsAtLocal,
    DateTimeOffset EndsAtLocal,
    string? RoomName,
    string? VenueName,
    IReadOnlyList<string> Themes,
    string ProposingOrganisation,
    // Display names of the confirmed co-sponsors only.
    IReadOnlyList<string> CoSponsors,
    Guid? RoomId = null)
{
    public bool IsCancelled => Status == ProgrammeLabels.Cancelled;
}

/// <summary>Everything the public page of one side event shows.</summary>
public sealed record SideEventDetail(
    Guid Id,
    Guid ConveningId,
    string ConveningSlug,
    string ConveningName,
    ConveningKind ConveningKind,
    string TimeZone,
    bool ChathamHouse,
    string Title,
    string Kind,
    string Format,
    string Status,
    // Why the event was cancelled; null unless it is.
    string? StatusReason,
    DateTimeOffset StartsAtUtc,
    DateTimeOffset EndsAtUtc,
    DateTimeOffset StartsAtLocal,
    DateTimeOffset EndsAtLocal,
    string? RoomName,
    string? RoomAccessibilityNotes,
    string? VenueName,
    string? VenueAddress,
    IReadOnlyList<string> Themes,
    string ProposingOrganisation,
    string AbstractMarkdown,
    IReadOnlyList<string> Languages,
    string? Interpretation,
    string? WebcastUrl,
    string? AccessibilityInfo,
    int? Capacity,
    IReadOnlyList<PublicSpeaker> Speakers,
    IReadOnlyList<PublicCoSponsor> CoSponsors,
    // The flyer's file name when one was uploaded (served at /e/{id}/flyer).
    string? FlyerFileName = null)
{
    public bool IsCancelled => Status == ProgrammeLabels.Cancelled;
}

/// <summary>
/// A speaker or moderator as the public sees them. When the speaker asked not to be named, <see cref="Name"/>,
/// <see cref="Title"/> and <see cref="Bio"/> are null (a title or a bio can name or identify the person): only the
/// role and the organisation are public.
/// </summary>
public sealed record PublicSpeaker(string Role, string? Name, string? Title, string? Organisation, string? Bio)
{
    public bool NameWithheld => Name is null;
}

/// <summary>A confirmed co-sponsor. Kind is "state", "un_entity" or "organisation"; a State carries its UN regional group (null for none).</summary>
public sealed record PublicCoSponsor(string DisplayName, string Kind, RegionalGroup? RegionalGroup);

/// <summary>
/// Narrows the programme; every part is optional. Organisation matches the proposing organisation or a confirmed
/// co-sponsor's display name exactly; Query is free text matched (case-insensitively, literally) in the title,
/// abstract and proposing organisation. Day is a day in the convening's time zone.
/// </summary>
public sealed record ProgrammeFilter(
    DateOnly? Day = null,
    string? Theme = null,
    string? Format = null,
    Guid? RoomId = null,
    string? Organisation = null,
    string? Query = null)
{
    public static ProgrammeFilter None { get; } = new();

    public bool IsEmpty => Day is null && string.IsNullOrWhiteSpace(Theme) && string.IsNullOrWhiteSpace(Format) && RoomId is null
                           && string.IsNullOrWhiteSpace(Organisation) && string.IsNullOrWhiteSpace(Query);
}

public interface IProgramme
{
    /// <summary>A public or unlisted convening's programme, or null when there is none (or it is invitation-only).</summary>
    Task<ProgrammeView?> FindAsync(string slug, ProgrammeFilter filter);

    /// <summary>A scheduled or cancelled event of a public or unlisted convening, or null.</summary>
    Task<SideEventDetail?> FindEventAsync(Guid id);
}

/// <summary>Words for the codes the programme records carry.</summary>
public static class ProgrammeLabels
{
    public const string Scheduled = "scheduled";
    public const string Cancelled = "cancelled";

    public static IReadOnlyList<string> AllFormats { get; } = ["in_person", "hybrid", "virtual"];

    public static string Format(string code) => code switch
    {
        "in_person" => "In person",
        "virtual" => "Online",
        "hybrid" => "Hybrid (in person and online)",
        _ => code,
    };

    public static string EventKind(string code) => code switch
    {
        "side_event" => "Side event",
        "plenary" => "Plenary",
        "working_group" => "Working group",
        "session" => "Session",
        _ => code,
    };

    public static string SpeakerRole(string code) => code switch
    {
        "moderator" => "Moderator",
        "speaker" => "Speaker",
        _ => code,
    };

    /// <summary>"New York" for America/New_York: the place an IANA zone is named after.</summary>
    public static string ZoneCity(string ianaId)
    {
        var last = ianaId.Split('/').Last();
        return last.Replace('_', ' ');
    }

    /// <summary>"New York time (America/New_York)".</summary>
    public static string ZoneNote(string ianaId) => ianaId.Contains('/') ? $"{ZoneCity(ianaId)} time ({ianaId})" : ianaId;

    /// <summary>"UTC−4", "UTC+5:30", "UTC".</summary>
    public static string UtcOffset(TimeSpan offset)
    {
        if (offset == TimeSpan.Zero) return "UTC";
        var sign = offset < TimeSpan.Zero ? "\u2212" : "+";
        var abs = offset.Duration();
        return abs.Minutes == 0 ? $"UTC{sign}{abs.Hours}" : $"UTC{sign}{abs.Hours}:{abs.Minutes:00}";
    }
}
