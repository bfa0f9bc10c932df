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
    int SessionCount);

public interface IConveningCatalog
{
    /// <summary>Public convenings that have not ended yet, soonest first.</summary>
    Task<IReadOnlyList<ConveningSummary>> UpcomingPublicAsync(DateOnly today);
}
