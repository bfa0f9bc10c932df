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

public interface IConveningCatalog
{
    /// <summary>Public convenings that have not ended yet, soonest first.</summary>
    Task<IReadOnlyList<ConveningSummary>> UpcomingPublicAsync(DateOnly today);
}
