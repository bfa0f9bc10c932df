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
    bool OpenToProposals = false)
{
    /// <summary>
    /// Whether the "Propose a side event" call to action shows: proposals are taken from anyone until the convening starts.
    /// </summary>
    public bool TakesProposalsOn(DateOnly today) => OpenToProposals && today < StartsOn;
}

/// <summary>What the propose page says about the convening a proposal goes to; the description carries its guidelines.</summary>
public sealed record ProposalCall(
    string Slug,
    string Name,
    ConveningKind Kind,
    DateOnly StartsOn,
    DateOnly EndsOn,
    string TimeZone,
    string? OrganisingOrganisation,
    string DescriptionMarkdown);

public interface IConveningCatalog
{
    /// <summary>Public convenings that have not ended yet, soonest first.</summary>
    Task<IReadOnlyList<ConveningSummary>> UpcomingPublicAsync(DateOnly today);

    /// <summary>A public or unlisted convening's call for proposals, or null (no such convening, or invitation-only).</summary>
    Task<ProposalCall?> ProposalCallAsync(string slug);
}
