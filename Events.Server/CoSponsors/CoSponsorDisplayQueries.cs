using System.Linq.Expressions;
using Events.Server.Database;
using Events.Server.SideEvents;
using Events.Shared.CoSponsors;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.CoSponsors;

/// <summary>
/// The public pages' co-sponsor reads. As in <see cref="Convenings.ProgrammeQueries"/>, the rules of what is public are in
/// the query: only public and unlisted convenings, only scheduled and cancelled events that have a time, only confirmed
/// co-sponsors. Nothing about pending, declined or revoked invitations leaves the database here.
/// </summary>
public sealed class CoSponsorDisplayQueries(IDbContextFactory<EventsDbContext> dbFactory) : ICoSponsorDisplay
{
    private static readonly Expression<Func<SideEvent, bool>> IsPublic = e =>
        (e.Status == "scheduled" || e.Status == "cancelled") && e.StartsAt != null
        && (e.Convening.Visibility == "public" || e.Convening.Visibility == "unlisted");

    // One programme page asks once per event; the answer for the whole convening is read once per scope (one request).
    private readonly Dictionary<Guid, Task<IReadOnlySet<Guid>>> _crossRegional = new();
    private readonly Lock _gate = new();

    public async Task<CoSponsorDisplay?> ForEventAsync(Guid sideEventId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var threshold = await db.SideEvents.Where(e => e.Id == sideEventId).Where(IsPublic)
            .Select(e => (int?)e.Convening.CrossRegionalThreshold).FirstOrDefaultAsync();
        if (threshold is null) return null;
        var confirmed = await ConfirmedCoSponsors.OfEventAsync(db, sideEventId);
        return CoSponsorGrouping.Group(confirmed, threshold.Value);
    }

    public Task<IReadOnlySet<Guid>> CrossRegionalEventsAsync(Guid conveningId)
    {
        lock (_gate)
        {
            if (!_crossRegional.TryGetValue(conveningId, out var task))
                _crossRegional[conveningId] = task = LoadCrossRegionalAsync(conveningId);
            return task;
        }
    }

    private async Task<IReadOnlySet<Guid>> LoadCrossRegionalAsync(Guid conveningId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        // Only States count towards regional groups.
        var rows = await db.SideEvents.Where(e => e.ConveningId == conveningId).Where(IsPublic)
            .SelectMany(e => e.CoSponsorships.Where(cs => cs.Status == ConfirmedCoSponsors.Confirmed && cs.StateIso3 != null))
            .Select(cs => new
            {
                cs.SideEventId,
                Confirmed = ConfirmedCoSponsors.From(cs.DisplayName, cs.SponsorKind, cs.StateIso3Navigation!.Status,
                    cs.StateIso3Navigation.RegionalGroup, cs.StateIso3Navigation.ElectoralGroup),
            })
            .ToListAsync();
        var threshold = await db.Convenings.Where(c => c.Id == conveningId).Select(c => c.CrossRegionalThreshold).FirstOrDefaultAsync();
        return rows.GroupBy(r => r.SideEventId)
            .Where(g => CoSponsorGrouping.IsCrossRegional(g.Select(r => r.Confirmed), threshold))
            .Select(g => g.Key)
            .ToHashSet();
    }
}
