using Dapper;
using Events.Server.Database;
using Events.Shared.ReferenceData;

namespace Events.Server.ReferenceData;

/// <summary>States and UN entities from migration 0002. They change only by migration, so they are read once.</summary>
public sealed class ReferenceDataService(DatabaseConnections database) : IReferenceData
{
    private IReadOnlyList<State>? _states;
    private IReadOnlyList<UnEntity>? _entities;

    public async Task<IReadOnlyList<State>> StatesAsync()
    {
        if (_states is not null) return _states;
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<StateRow>("""
            SELECT iso3, name, status, regional_group AS RegionalGroup, electoral_group AS ElectoralGroup,
                   also_participates_in AS AlsoParticipatesIn, observer_in AS ObserverIn, note
            FROM states ORDER BY name
            """);
        return _states = rows.Select(r => new State(r.Iso3.Trim(), r.Name, r.Status == "member" ? StateStatus.Member : StateStatus.Observer,
            RegionalGroups.FromCode(r.RegionalGroup), RegionalGroups.FromCode(r.ElectoralGroup),
            RegionalGroups.FromCode(r.AlsoParticipatesIn), RegionalGroups.FromCode(r.ObserverIn), r.Note)).ToList();
    }

    public async Task<IReadOnlyList<UnEntity>> UnEntitiesAsync()
    {
        if (_entities is not null) return _entities;
        await using var connection = await database.OpenAsync();
        return _entities = (await connection.QueryAsync<UnEntity>("SELECT code, name, kind FROM un_entities ORDER BY name")).ToList();
    }

    private sealed record StateRow(string Iso3, string Name, string Status, string? RegionalGroup, string? ElectoralGroup,
        string? AlsoParticipatesIn, string? ObserverIn, string? Note);
}
