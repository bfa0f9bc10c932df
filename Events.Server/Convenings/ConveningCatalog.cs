using Dapper;
using Events.Server.Database;
using Events.Shared.Convenings;

namespace Events.Server.Convenings;

public sealed class ConveningCatalog(DatabaseConnections database) : IConveningCatalog
{
    public async Task<IReadOnlyList<ConveningSummary>> UpcomingPublicAsync(DateOnly today)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<Row>("""
            SELECT c.id, c.slug, c.name, c.kind, c.starts_on AS StartsOn, c.ends_on AS EndsOn, c.time_zone AS TimeZone,
                   c.organising_organisation AS OrganisingOrganisation,
                   (SELECT count(*) FROM side_events e WHERE e.convening_id = c.id AND e.status = 'scheduled')::int AS SessionCount
            FROM convenings c
            WHERE c.visibility = 'public' AND c.ends_on >= @today
            ORDER BY c.starts_on, c.name
            """, new { today = today.ToDateTime(TimeOnly.MinValue) });
        return rows.Select(r => new ConveningSummary(r.Id, r.Slug, r.Name, r.Kind == "dialogue" ? ConveningKind.Dialogue : ConveningKind.UnSession,
            DateOnly.FromDateTime(r.StartsOn), DateOnly.FromDateTime(r.EndsOn), r.TimeZone, r.OrganisingOrganisation, r.SessionCount)).ToList();
    }

    private sealed record Row(Guid Id, string Slug, string Name, string Kind, DateTime StartsOn, DateTime EndsOn, string TimeZone,
        string? OrganisingOrganisation, int SessionCount);
}
