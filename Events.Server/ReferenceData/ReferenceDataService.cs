using Events.Server.Database;
using Events.Shared.ReferenceData;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.ReferenceData;

/// <summary>States and UN entities from migration 0002. They change only by migration, so they are read once.</summary>
public sealed class ReferenceDataService(IDbContextFactory<EventsDbContext> dbFactory) : IReferenceData
{
    private IReadOnlyList<State>? _states;
    private IReadOnlyList<UnEntity>? _entities;

    public async Task<IReadOnlyList<State>> StatesAsync()
    {
        if (_states is not null) return _states;
        await using var db = await dbFactory.CreateDbContextAsync();
        var rows = await db.States.AsNoTracking().OrderBy(s => s.Name).ToListAsync();
        return _states = rows.Select(r => new State(r.Iso3.Trim(), r.Name, r.Status == "member" ? StateStatus.Member : StateStatus.Observer,
            RegionalGroups.FromCode(r.RegionalGroup), RegionalGroups.FromCode(r.ElectoralGroup),
            RegionalGroups.FromCode(r.AlsoParticipatesIn), RegionalGroups.FromCode(r.ObserverIn), r.Note)).ToList();
    }

    public async Task<IReadOnlyList<UnEntity>> UnEntitiesAsync()
    {
        if (_entities is not null) return _entities;
        await using var db = await dbFactory.CreateDbContextAsync();
        return _entities = await db.UnEntities.AsNoTracking().OrderBy(e => e.Name).Select(e => new UnEntity(e.Code, e.Name, e.Kind)).ToListAsync();
    }
}
