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

    public async Task<ProposalCall?> ProposalCallAsync(string slug)
    {
        if (string.IsNullOrWhiteSpace(slug) || slug.Length > 60) return null;
        var normalized = slug.Trim().ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Convenings.AsNoTracking()
            .Where(c => c.Slug == normalized)
            .Where(ProgrammeQueries.IsPublicConvening)
            .Select(c => new ProposalCall(c.Slug, c.Name, c.Kind == "dialogue" ? ConveningKind.Dialogue : ConveningKind.UnSession,
                c.StartsOn, c.EndsOn, c.TimeZone, c.OrganisingOrganisation, c.DescriptionMd,
                c.ProposalsCloseAt == null ? null : new DateTimeOffset(c.ProposalsCloseAt.Value, TimeSpan.Zero), c.ProposalGuidelines))
            .SingleOrDefaultAsync();
    }

    /// <summary>Summaries (with their count of scheduled sessions) of the given convenings, in their order, in one query.</summary>
    internal static async Task<IReadOnlyList<ConveningSummary>> SummariesAsync(IQueryable<Convening> convenings) =>
        await convenings.AsNoTracking()
            .Select(c => new ConveningSummary(c.Id, c.Slug, c.Name, c.Kind == "dialogue" ? ConveningKind.Dialogue : ConveningKind.UnSession,
                c.StartsOn, c.EndsOn, c.TimeZone, c.OrganisingOrganisation, c.SideEvents.Count(e => e.Status == "scheduled"),
                c.Visibility != "invitation", c.ProposalsCloseAt == null ? null : new DateTimeOffset(c.ProposalsCloseAt.Value, TimeSpan.Zero)))
            .ToListAsync();
}
