namespace Events.Shared.Convenings;

public enum ConveningKind { UnSession, Dialogue }

public enum ConveningVisibility { Public, Unlisted, Invitation }

/// <summary>What the home page lists about a convening.</summary>
public sealed record ConveningSummary(
    Guid Id,
    string Slug,
    string Name,
    ConveningKind Kind,
    DateOnly StartsOn,
    DateOnly EndsOn,
    string TimeZone,
    string? OrganisingOrganisation,
    int SessionCount,
    // Anyone with an account may propose (the convening is not invitation-only).
    bool OpenToProposals = false,
    // The organisers' deadline for proposals, if they set one (see ProposalDeadline).
    DateTimeOffset? ProposalsCloseAt = null)
{
    /// <summary>
    /// Whether the "Propose a side event" call to action shows: proposals are taken from anyone until the convening
    /// starts, and never after the organisers' deadline.
    /// </summary>
    public bool TakesProposalsAt(DateTimeOffset now) =>
        OpenToProposals && DateOnly.FromDateTime(now.UtcDateTime) < StartsOn && !ProposalDeadline.HasPassed(ProposalsCloseAt, now);
}

/// <summary>
/// What the propose page says about the convening a proposal goes to: its description, the organisers' deadline (UTC)
/// and their guidelines for proposers (plain text).
/// </summary>
public sealed record ProposalCall(
    string Slug,
    string Name,
    ConveningKind Kind,
    DateOnly StartsOn,
    DateOnly EndsOn,
    string TimeZone,
    string? OrganisingOrganisation,
    string DescriptionMarkdown,
    DateTimeOffset? ProposalsCloseAt = null,
    string? ProposalGuidelines = null);

public interface IConveningCatalog
{
    /// <summary>Public convenings that have not ended yet, soonest first.</summary>
    Task<IReadOnlyList<ConveningSummary>> UpcomingPublicAsync(DateOnly today);

    /// <summary>A public or unlisted convening's call for proposals, or null (no such convening, or invitation-only).</summary>
    Task<ProposalCall?> ProposalCallAsync(string slug);
}
