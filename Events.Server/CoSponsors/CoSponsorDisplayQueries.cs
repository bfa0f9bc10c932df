using Dapper;
using Events.Server.Database;
using Events.Shared.CoSponsors;

namespace Events.Server.CoSponsors;

/// <summary>
/// The public pages' co-sponsor reads. As in <see cref="Convenings.ProgrammeQueries"/>, the rules of what is public are in
/// the SQL: only public and unlisted convenings, only scheduled and cancelled events that have a time, only confirmed
/// co-sponsors. Nothing about pending, declined or revoked invitations leaves the database here.
/// </summary>
public sealed class CoSponsorDisplayQueries(DatabaseConnections database) : ICoSponsorDisplay
{
    private const string PublicEvent = "e.status IN ('scheduled', 'cancelled') AND e.starts_at IS NOT NULL AND c.visibility IN ('public', 'unlisted')";

    // One programme page asks once per event; the answer for the whole convening is read once per scope (one request).
    private readonly Dictionary<Guid, Task<IReadOnlySet<Guid>>> _crossRegional = new();
    private readonly Lock _gate = new();

    public async Task<CoSponsorDisplay?> ForEventAsync(Guid sideEventId)
    {
        await using var db = await database.OpenAsync();
        var threshold = await db.ExecuteScalarAsync<int?>($"""
            SELECT c.cross_regional_threshold FROM side_events e JOIN convenings c ON c.id = e.convening_id
            WHERE e.id = @sideEventId AND {PublicEvent}
            """, new { sideEventId });
        if (threshold is null) return null;
        var confirmed = await db.QueryAsync<CoSponsorService.SponsorRow>($"""
            SELECT {CoSponsorService.SponsorColumns}
            FROM co_sponsorships cs LEFT JOIN states st ON st.iso3 = cs.state_iso3
            WHERE cs.side_event_id = @sideEventId AND cs.status = 'confirmed'
            """, new { sideEventId });
        return CoSponsorGrouping.Group(confirmed.Select(s => s.ToConfirmed()), threshold.Value);
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
        await using var db = await database.OpenAsync();
        var rows = await db.QueryAsync<CoSponsorService.SponsorRow>($"""
            SELECT cs.side_event_id AS SideEventId, cs.status AS Status, {CoSponsorService.SponsorColumns}
            FROM co_sponsorships cs
            JOIN side_events e ON e.id = cs.side_event_id
            JOIN convenings c ON c.id = e.convening_id
            JOIN states st ON st.iso3 = cs.state_iso3
            WHERE e.convening_id = @conveningId AND {PublicEvent} AND cs.status = 'confirmed'
            """, new { conveningId });
        var threshold = await db.ExecuteScalarAsync<int>("SELECT cross_regional_threshold FROM convenings WHERE id = @conveningId", new { conveningId });
        return rows.GroupBy(r => r.SideEventId)
            .Where(g => CoSponsorGrouping.IsCrossRegional(g.Select(r => r.ToConfirmed()), threshold))
            .Select(g => g.Key)
            .ToHashSet();
    }
}
