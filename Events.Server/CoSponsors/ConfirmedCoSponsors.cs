using Events.Server.Database;
using Events.Shared.CoSponsors;
using Events.Shared.ReferenceData;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.CoSponsors;

/// <summary>Confirmed co-sponsors as the rules and the grouping count them: kind, membership and regional groups.</summary>
internal static class ConfirmedCoSponsors
{
    public const string Confirmed = "confirmed";

    /// <summary>Called in a query's final projection, so the database sends only these columns.</summary>
    public static ConfirmedCoSponsor From(string displayName, string kind, string? stateStatus, string? regionalGroup, string? electoralGroup) =>
        new(displayName, CoSponsorCodes.ParseKind(kind), RegionalGroups.FromCode(regionalGroup), RegionalGroups.FromCode(electoralGroup),
            stateStatus == "member");

    public static Task<List<ConfirmedCoSponsor>> OfEventAsync(EventsDbContext db, Guid sideEventId) =>
        db.CoSponsorships
            .Where(cs => cs.SideEventId == sideEventId && cs.Status == Confirmed)
            .Select(cs => From(cs.DisplayName, cs.SponsorKind, cs.StateIso3Navigation!.Status, cs.StateIso3Navigation.RegionalGroup,
                cs.StateIso3Navigation.ElectoralGroup))
            .ToListAsync();
}
