using System.Text.Json;
using Events.Server.Database;
using Events.Server.QandA;
using Events.Server.Registrations;
using Events.Shared.QandA;
using Events.Shared.SideEvents;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Events.Shared.Registrations;

namespace Events.Tests.QandA;

/// <summary>An organiser, two scheduled side events and the Q&amp;A service on a test database, with every notification recorded.</summary>
public sealed class QaWorld
{
    private QaWorld(TestData data, Guid organiser, Guid eventId, Guid otherEventId)
    {
        Data = data;
        Organiser = organiser;
        EventId = eventId;
        OtherEventId = otherEventId;
    }

    public TestData Data { get; }
    public IParticipantRegistrations Registrations { get; private set; } = null!;
    public RecordingNotifier Notifier { get; } = new();
    public QaService Qa { get; private set; } = null!;
    public QaCodeGuard CodeGuard { get; private set; } = null!;
    public QaFloodGuard Flood { get; private set; } = null!;
    /// <summary>This world's server key: what signs participant keys and keys the tags.</summary>
    public QaSecret Secret { get; } = new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    public Guid Organiser { get; }
    public Guid EventId { get; }
    public Guid OtherEventId { get; }

    /// <summary>The app's Q&amp;A and registration services on the data's database, with this world's notifier, key and limits.</summary>
    internal static async Task<QaWorld> ForAsync(TestData data, Guid organiser, Guid eventId, Guid otherEventId, QaFloodLimits? limits = null)
    {
        var world = new QaWorld(data, organiser, eventId, otherEventId);
        var app = await TestServices.BuildAsync(data.ConnectionString, replace: services =>
        {
            services.Replace(ServiceDescriptor.Singleton<IQaNotifier>(world.Notifier));
            services.Replace(ServiceDescriptor.Singleton(world.Secret));
            if (limits is not null) services.Replace(ServiceDescriptor.Singleton(limits));
        });
        world.Notifier.Db = app.GetRequiredService<IDbContextFactory<EventsDbContext>>();
        var scope = app.CreateScope().ServiceProvider;
        world.Qa = scope.GetRequiredService<QaService>();
        world.Registrations = scope.GetRequiredService<IParticipantRegistrations>();
        world.CodeGuard = app.GetRequiredService<QaCodeGuard>();
        world.Flood = app.GetRequiredService<QaFloodGuard>();
        return world;
    }

    public static async Task<QaWorld> CreateAsync(TestData? data = null, QaFloodLimits? limits = null)
    {
        data ??= await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Olga Organiser", "Organiser");
        var (slug, roomA, roomB) = await data.AddConveningAsync(organiser, startsOn: new DateOnly(2030, 3, 4));
        var eventId = await ScheduledEventAsync(data, slug, organiser, roomA, "Defenders at risk: reprisals and the UN");
        var otherEventId = await ScheduledEventAsync(data, slug, organiser, roomB, "Another side event");
        return await ForAsync(data, organiser, eventId, otherEventId, limits);
    }

    public static async Task<Guid> ScheduledEventAsync(TestData data, string slug, Guid organiser, Guid room, string title)
    {
        var id = await data.AddAcceptedEventAsync(slug, organiser, organiser, title);
        var scheduled = await data.Workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = id, RoomId = room, Day = new(2030, 3, 5), Start = new(10, 0), End = new(11, 0) });
        Assert.True(scheduled.Succeeded, scheduled.Error);
        return id;
    }

    /// <summary>An account with a confirmed registration for the event.</summary>
    public async Task<Guid> ParticipantAsync(string name, Guid? eventId = null)
    {
        var id = await Data.AddUserAsync(name);
        await RegisterAsync(id, eventId ?? EventId);
        return id;
    }

    public async Task RegisterAsync(Guid userId, Guid eventId)
    {
        var outcome = await Registrations.RegisterAsync(userId, eventId);
        Assert.True(outcome.Succeeded, outcome.Message);
    }

    /// <summary>Joins as this identity and returns the grant a hub connection would hold.</summary>
    public async Task<QaGrant> AdmitAsync(QaIdentity identity, Guid? eventId = null, string? code = null, string? address = null)
    {
        var (grant, error) = await Qa.AdmitAsync(new JoinRequest(eventId ?? EventId, code), identity, address);
        Assert.True(grant is not null, error);
        return grant!;
    }

    public async Task ConfigureAsync(bool open = true, bool preModeration = false, bool codeAccess = false, Guid? eventId = null)
    {
        var id = eventId ?? EventId;
        var grant = await AdmitAsync(QaIdentity.Account(Organiser), id);
        var result = await Qa.ConfigureAsync(grant, QaIdentity.Account(Organiser), new QaSettingsRequest(id, open, preModeration, codeAccess));
        Assert.True(result.Ok, result.Error);
    }

    public async Task<QuestionView> AskAsync(Guid userId, string text, bool anonymous = true)
    {
        var identity = QaIdentity.Account(userId);
        var result = await Qa.AskAsync(await AdmitAsync(identity), identity, new AskRequest(EventId, text, anonymous));
        Assert.True(result.Ok, result.Error);
        return result.Question!;
    }

    public async Task<QaResult> ModerateAsync(Guid moderator, Guid questionId, string action, string? text = null)
    {
        var identity = QaIdentity.Account(moderator);
        return await Qa.ModerateAsync(await AdmitAsync(identity), identity, new ModerateRequest(questionId, action, text));
    }

    /// <summary>A code-holder's browser with a key this world's server issued.</summary>
    public QaIdentity NewBrowser() => QaIdentity.Browser(Secret.NewParticipantKey());

    public async Task<string> CodeAsync()
    {
        await using var db = await Data.Db.CreateDbContextAsync();
        return await db.QaSessions.Where(s => s.SideEventId == EventId).Select(s => s.Code).SingleAsync();
    }
}

/// <summary>Every notification, serialised as a hub would send it, with the audience it is meant for.</summary>
public sealed class RecordingNotifier : IQaNotifier
{
    private readonly List<(string Method, string Json)> _sent = [];
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<(string Method, string Json)> Sent { get { lock (_sent) return _sent.ToList(); } }
    /// <summary>Where counts are read from when a change asks for them, as the hub's notifier reads them.</summary>
    public IDbContextFactory<EventsDbContext>? Db { get; set; }
    public List<Guid> VotedQuestions { get; } = [];

    private void Record(string method, object message) { lock (_sent) _sent.Add((method, JsonSerializer.Serialize(message, Web))); }

    public Task QuestionChangedAsync(string? previousState, QuestionView question)
    {
        Record(previousState is null ? QaClientMethods.QuestionAdded : QaClientMethods.QuestionUpdated, question);
        return Task.CompletedTask;
    }

    public Task HighlightChangedAsync(Guid sideEventId, QuestionView? highlighted) { Record(QaClientMethods.HighlightChanged, new HighlightChanged(sideEventId, highlighted)); return Task.CompletedTask; }
    public Task QuestionWithdrawnAsync(QuestionRemoved removed) { Record(QaClientMethods.QuestionRemoved, removed); return Task.CompletedTask; }
    public Task SessionChangedAsync(QaSessionView session) { Record(QaClientMethods.SessionChanged, session); return Task.CompletedTask; }
    public async Task CountsChangedAsync(Guid sideEventId)
    {
        await using var db = await Db!.CreateDbContextAsync();
        Record(QaClientMethods.CountsChanged, await QaQueries.CountsAsync(db, sideEventId));
    }
    public void VotesChanged(Guid sideEventId, Guid questionId) { lock (VotedQuestions) VotedQuestions.Add(questionId); }
}

/// <summary>People who can log in through the pages, for tests against the real server: an organiser, and participants.</summary>
public sealed class QaPeople
{
    public const string Password = "qa test passphrase 2030";

    private QaPeople(QaWorld world, (Guid Id, string Email) organiser, string slug)
    {
        World = world;
        Organiser = organiser;
        Slug = slug;
    }

    /// <summary>The convening's slug, for the organiser's own changes (co-organisers).</summary>
    public string Slug { get; }

    public QaWorld World { get; }
    public (Guid Id, string Email) Organiser { get; }
    public Guid EventId => World.EventId;
    public Guid OtherEventId => World.OtherEventId;

    /// <summary>Two scheduled events in the server's database, organised by an account that can log in.</summary>
    public static async Task<QaPeople> CreateAsync(string connectionString)
    {
        var data = await TestData.ForAsync(connectionString);
        var account = await data.Db.AddAccountAsync("Olga Organiser", password: Password, roles: "Organiser");
        var organiser = (account.Id, account.Email);
        var (slug, roomA, roomB) = await data.AddConveningAsync(organiser.Id, startsOn: new DateOnly(2030, 3, 4));
        var eventId = await QaWorld.ScheduledEventAsync(data, slug, organiser.Id, roomA, "Defenders at risk: reprisals and the UN");
        var otherEventId = await QaWorld.ScheduledEventAsync(data, slug, organiser.Id, roomB, "Another side event");
        return new QaPeople(await QaWorld.ForAsync(data, organiser.Id, eventId, otherEventId), organiser, slug);
    }

    /// <summary>An account that can log in, registered (confirmed) for the event unless told otherwise.</summary>
    public async Task<(Guid Id, string Email)> PersonAsync(string name, bool registered = true)
    {
        var person = await World.Data.AddWithPasswordAsync(name, Password);
        if (registered) await World.RegisterAsync(person.Id, EventId);
        return person;
    }

    /// <summary>Sets the Q&amp;A up as its organiser would (the hub broadcasts nothing for this: use before clients connect).</summary>
    public Task ConfigureAsync(bool open = true, bool preModeration = false, bool codeAccess = false) =>
        World.ConfigureAsync(open, preModeration, codeAccess);
}

/// <summary>Direct reads and changes of the test database, through the app's own EF Core contexts.</summary>
public static class QaDatabase
{
    /// <summary>Runs one query or change on a short-lived context.</summary>
    public static async Task<T> QueryAsync<T>(this TestData data, Func<EventsDbContext, Task<T>> query)
    {
        await using var db = await data.Db.CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>
    /// Gives the account a site-wide role, as the users page does. One statement, and independent of which type maps the
    /// join table (it becomes Identity's own when Identity moves to its EF Core stores).
    /// </summary>
    public static Task GrantRoleAsync(this TestData data, Guid userId, string role) =>
        data.QueryAsync(db => db.Database.ExecuteSqlAsync($"INSERT INTO user_roles (user_id, role_id) SELECT {userId}, id FROM roles WHERE name = {role}"));
}
