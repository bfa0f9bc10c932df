using System.Data;
using Dapper;
using Events.Server.Database;
using Events.Shared.Convenings;

namespace Events.Server.Convenings;

public sealed class ConveningCatalog(DatabaseConnections database) : IConveningCatalog
{
    public async Task<IReadOnlyList<ConveningSummary>> UpcomingPublicAsync(DateOnly today)
    {
        await using var connection = await database.OpenAsync();
        return await SummariesAsync(connection, "c.visibility = 'public' AND c.ends_on >= @today", "c.starts_on, c.name",
            new { today = today.ToDateTime(TimeOnly.MinValue) });
    }

    /// <summary>Convening summaries (with their count of scheduled sessions) for the given condition on <c>convenings c</c>.</summary>
    internal static async Task<IReadOnlyList<ConveningSummary>> SummariesAsync(IDbConnection connection, string where, string orderBy, object parameters)
    {
        var rows = await connection.QueryAsync<Row>($"""
            SELECT c.id, c.slug, c.name, c.kind, c.starts_on AS StartsOn, c.ends_on AS EndsOn, c.time_zone AS TimeZone,
                   c.organising_organisation AS OrganisingOrganisation,
                   (SELECT count(*) FROM side_events e WHERE e.convening_id = c.id AND e.status = 'scheduled')::int AS SessionCount
            FROM convenings c
            WHERE {where}
            ORDER BY {orderBy}
            """, parameters);
        return rows.Select(r => new ConveningSummary(r.Id, r.Slug, r.Name, r.Kind == "dialogue" ? ConveningKind.Dialogue : ConveningKind.UnSession,
            r.StartsOn, r.EndsOn, r.TimeZone, r.OrganisingOrganisation, r.SessionCount)).ToList();
    }

    private sealed record Row(Guid Id, string Slug, string Name, string Kind, DateOnly StartsOn, DateOnly EndsOn, string TimeZone,
        string? OrganisingOrganisation, int SessionCount);
}
