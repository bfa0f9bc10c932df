using Dapper;
using Events.Server.Convenings;
using Events.Server.Database;
using Events.Server.SideEvents;
using Events.Shared.Convenings;
using Events.Shared.SideEvents;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.Infrastructure;

/// <summary>A migrated database with the services that work on it, and quick ways to add users and convenings.</summary>
public sealed class TestData
{
    private TestData(string connectionString, IServiceProvider services)
    {
        ConnectionString = connectionString;
        Services = services;
        Connections = Services.GetRequiredService<DatabaseConnections>();
        Db = Services.GetRequiredService<IDbContextFactory<EventsDbContext>>();
        // Scoped in the app (one per request or circuit); these use a context per call, so one scope serves a test.
        var scope = Services.CreateScope().ServiceProvider;
        ConveningAdmin = scope.GetRequiredService<IConveningAdmin>();
        Workflow = scope.GetRequiredService<SideEventWorkflowService>();
    }

    public string ConnectionString { get; }
    /// <summary>The app's own services on this database (<see cref="TestServices"/>).</summary>
    public IServiceProvider Services { get; }
    public DatabaseConnections Connections { get; }
    /// <summary>Short-lived EF Core contexts on this database, as the app's services get them.</summary>
    public IDbContextFactory<EventsDbContext> Db { get; }
    public IConveningAdmin ConveningAdmin { get; }
    public SideEventWorkflowService Workflow { get; }

    /// <summary>A fresh database, with the app's services (on <paramref name="clock"/>, with the test's replacements when given).</summary>
    public static async Task<TestData> CreateAsync(TimeProvider? clock = null, Action<IServiceCollection>? replace = null) =>
        await ForAsync(await TestPostgres.CreateMigratedDatabaseAsync(), clock, replace);

    /// <summary>For a database an app under test has already migrated.</summary>
    public static async Task<TestData> ForAsync(string connectionString, TimeProvider? clock = null, Action<IServiceCollection>? replace = null) =>
        new(connectionString, await TestServices.BuildAsync(connectionString, clock, replace: replace));

    /// <summary>A confirmed account without a password (see <see cref="AccountSeeding"/>).</summary>
    public async Task<Guid> AddUserAsync(string name, params string[] roles) => (await Db.AddAccountAsync(name, roles: roles)).Id;

    public async Task<(string Slug, Guid RoomA, Guid RoomB)> AddConveningAsync(Guid organiser, string timeZone = "America/New_York",
        DateOnly? startsOn = null, int days = 10, int changeoverMinutes = 15)
    {
        var slug = "c" + Guid.NewGuid().ToString("N")[..10];
        var start = startsOn ?? new DateOnly(2027, 3, 8);
        var created = await ConveningAdmin.CreateAsync(organiser, new ConveningForm
        {
            Name = "Test convening", Slug = slug, StartsOn = start, EndsOn = start.AddDays(days - 1), TimeZone = timeZone,
            ChangeoverMinutes = changeoverMinutes,
        });
        Assert.True(created.Succeeded, created.Error);
        var a = await ConveningAdmin.AddRoomAsync(organiser, slug, new RoomForm { VenueName = "UN Headquarters", Name = "Conference Room 1", Capacity = 100 });
        var b = await ConveningAdmin.AddRoomAsync(organiser, slug, new RoomForm { VenueName = "UN Headquarters", Name = "Conference Room 2", Capacity = 40 });
        Assert.True(a.Succeeded && b.Succeeded);
        return (slug, a.Id!.Value, b.Id!.Value);
    }

    /// <summary>A proposal submitted by <paramref name="proposer"/> and accepted by <paramref name="organiser"/>.</summary>
    public async Task<Guid> AddAcceptedEventAsync(string slug, Guid proposer, Guid organiser, string title = "A side event", int? capacity = null,
        params string[] speakers)
    {
        var form = new ProposalForm { Title = title, ProposingOrganisation = "Women's Rights Action Network", Capacity = capacity,
            Speakers = speakers.Select(s => new SpeakerForm { Name = s }).ToList() };
        var proposed = await Workflow.ProposeAsync(proposer, slug, form, submit: true);
        Assert.True(proposed.Succeeded, proposed.Error);
        var accepted = await Workflow.ReviewAsync(organiser, proposed.Id!.Value, SideEventStatus.Accepted, null);
        Assert.True(accepted.Succeeded, accepted.Error);
        return proposed.Id!.Value;
    }

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var db = await Connections.OpenAsync();
        return (await db.ExecuteScalarAsync<T>(sql, parameters))!;
    }
}

public static class TestUsers
{
    /// <summary>A confirmed account that can log in through the pages with this password.</summary>
    public static async Task<(Guid Id, string Email)> AddWithPasswordAsync(this TestData data, string name, string password)
    {
        var account = await data.Db.AddAccountAsync(name, password: password);
        return (account.Id, account.Email);
    }
}
