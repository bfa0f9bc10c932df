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
    private TestData(string connectionString)
    {
        ConnectionString = connectionString;
        // The app's own data-layer registration, on this database.
        Services = new ServiceCollection().AddLogging().AddEventsData(connectionString).BuildServiceProvider();
        Connections = Services.GetRequiredService<DatabaseConnections>();
        Db = Services.GetRequiredService<IDbContextFactory<EventsDbContext>>();
        ConveningAdmin = new ConveningAdminService(Db, NullLogger<ConveningAdminService>.Instance);
        Workflow = new SideEventWorkflowService(Db, TimeProvider.System, NullLogger<SideEventWorkflowService>.Instance);
    }

    public string ConnectionString { get; }
    public IServiceProvider Services { get; }
    public DatabaseConnections Connections { get; }
    /// <summary>Short-lived EF Core contexts on this database, as the app's services get them.</summary>
    public IDbContextFactory<EventsDbContext> Db { get; }
    public ConveningAdminService ConveningAdmin { get; }
    public SideEventWorkflowService Workflow { get; }

    public static async Task<TestData> CreateAsync() => new(await TestPostgres.CreateMigratedDatabaseAsync());

    /// <summary>For a database an app under test has already migrated.</summary>
    public static Task<TestData> ForAsync(string connectionString) => Task.FromResult(new TestData(connectionString));

    public async Task<Guid> AddUserAsync(string name, params string[] roles)
    {
        var id = Guid.NewGuid();
        var email = $"{id:N}@example.org";
        await using var db = await Connections.OpenAsync();
        await db.ExecuteAsync("""
            INSERT INTO users (id, user_name, normalized_user_name, email, normalized_email, email_confirmed, display_name)
            VALUES (@id, @email, upper(@email), @email, upper(@email), true, @name)
            """, new { id, email, name });
        foreach (var role in roles)
            await db.ExecuteAsync("INSERT INTO user_roles (user_id, role_id) SELECT @id, id FROM roles WHERE name = @role", new { id, role });
        return id;
    }

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
        var user = new Events.Server.Accounts.EventsUser { DisplayName = name };
        var email = $"{name.ToLowerInvariant().Replace(' ', '.')}.{Guid.NewGuid().ToString("N")[..6]}@example.org";
        var hash = new Microsoft.AspNetCore.Identity.PasswordHasher<Events.Server.Accounts.EventsUser>().HashPassword(user, password);
        await using var db = await data.Connections.OpenAsync();
        await db.ExecuteAsync("""
            INSERT INTO users (id, user_name, normalized_user_name, email, normalized_email, email_confirmed, display_name, password_hash, security_stamp, concurrency_stamp)
            VALUES (@Id, @email, upper(@email), @email, upper(@email), true, @name, @hash, @stamp, @stamp)
            """, new { user.Id, email, name, hash, stamp = Guid.NewGuid().ToString("N") });
        return (user.Id, email);
    }
}
