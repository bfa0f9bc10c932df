using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Events.Server.Database;

/// <summary>For <c>dotnet ef</c>: the model without starting the app (nothing connects while migrations are added or scripted).</summary>
public sealed class EventsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<EventsDbContext>
{
    public EventsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<EventsDbContext>().UseNpgsql("Host=localhost;Database=events_design").Options);
}
