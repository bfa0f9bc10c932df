using Events.Server.Database;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.Foundation;

/// <summary>The EF Core model matches the database the migrations build: every entity reads, every mapped column exists.</summary>
public sealed class DataModelTests
{
    [Fact]
    public async Task Every_entity_reads_from_a_migrated_database()
    {
        await using var app = await EventsAppFactory.CreateAsync();
        app.CreateClient(); // starts the app, which migrates
        var factory = app.Services.GetRequiredService<IDbContextFactory<EventsDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var entityTypes = db.Model.GetEntityTypes().Where(t => !t.IsOwned()).ToList();
        Assert.True(entityTypes.Count >= 20, $"only {entityTypes.Count} entity types");
        foreach (var type in entityTypes)
        {
            // One query per table naming every mapped column: a wrong name fails here rather than in a feature.
            var query = (IQueryable<object>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!
                .MakeGenericMethod(type.ClrType).Invoke(db, null)!;
            await query.Take(1).ToListAsync();
        }
        Assert.Equal(193 + 2, await db.States.CountAsync());
    }
}
