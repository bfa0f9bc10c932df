using Events.Server.Database;
using Events.Shared.Convenings;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Convenings;

public sealed class ConveningCatalog(IDbContextFactory<EventsDbContext> dbFactory) : IConveningCatalog
{
    public async Task<IReadOnlyList<ConveningSummary>> UpcomingPublicAsync(DateOnly today)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await SummariesAsync(db.Convenings
            .Where(c => c.Visibility == "public" && c.EndsOn >= today)
            .OrderBy(c => c.StartsOn).ThenBy(c => c.Name));
    }

    /// <summary>Summaries (with their count of scheduled sessions) of the given convenings, in their order, in one query.</summary>
    internal static async Task<IReadOnlyList<ConveningSummary>> SummariesAsync(IQueryable<Convening> convenings) =>
        await convenings.AsNoTracking()
            .Select(c => new ConveningSummary(c.Id, c.Slug, c.Name, c.Kind == "dialogue" ? ConveningKind.Dialogue : ConveningKind.UnSession,
                c.StartsOn, c.EndsOn, c.TimeZone, c.OrganisingOrganisation, c.SideEvents.Count(e => e.Status == "scheduled"),
                c.Visibility != "invitation"))
            .ToListAsync();
}
