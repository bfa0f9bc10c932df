using System.Diagnostics;
using System.Net;
using Events.Server.Calendar;
using Events.Server.Registrations;
using Events.Shared.Calendar;
using Events.Shared.Convenings;
using Events.Shared.SideEvents;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.Calendar;

/// <summary>
/// Calendars are built once per change and kept; the database's notifications drop exactly the calendars a change
/// affects. Two convenings, events in two rooms, filtered and whole programme feeds, event files and two personal feeds.
/// </summary>
public sealed class CalendarCacheTests
{
    private sealed class World
    {
        public required EventsAppFactory App { get; init; }
        public required HttpClient Client { get; init; }
        public required TestData Data { get; init; }
        public required CalendarFeedCache Cache { get; init; }
        public required Guid Organiser { get; init; }
        public required string Slug { get; init; }
        public required string OtherSlug { get; init; }
        public required Guid RoomA { get; init; }
        public required Guid RoomB { get; init; }
        /// <summary>The event that changes: room A, 10 March.</summary>
        public required Guid Changing { get; init; }
        /// <summary>Same convening, room B.</summary>
        public required Guid Neighbour { get; init; }
        /// <summary>Another convening.</summary>
        public required Guid Elsewhere { get; init; }
        public required Guid Participant { get; init; }
        public required Guid OtherParticipant { get; init; }
        /// <summary>Every calendar by its cache key, with its address.</summary>
        public required Dictionary<string, string> Calendars { get; init; }

        public async Task<Dictionary<string, string>> FetchAllAsync()
        {
            var etags = new Dictionary<string, string>();
            foreach (var (key, path) in Calendars)
            {
                var response = await Client.GetAsync(path);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                IcsAssert.WellFormed(await response.Content.ReadAsStringAsync());
                etags[key] = response.Headers.ETag!.Tag;
            }
            Assert.All(Calendars.Keys, key => Assert.True(Cache.Contains(key), $"{key} is not cached"));
            return etags;
        }

        /// <summary>The keys of the calendars the cache no longer holds.</summary>
        public HashSet<string> Dropped() => Calendars.Keys.Where(key => !Cache.Contains(key)).ToHashSet();
    }

    private static async Task<World> WorldAsync(EventsAppFactory app)
    {
        var client = app.CreateClient(); // starts the app, which migrates its database
        var data = await TestData.ForAsync(app.ConnectionString);
        var organiser = await data.AddUserAsync("Org", "Organiser");
        var (slug, roomA, roomB) = await data.AddConveningAsync(organiser);
        var (otherSlug, otherRoom, _) = await data.AddConveningAsync(organiser);
        async Task<Guid> ScheduledAsync(string s, Guid room, int day, string title)
        {
            var id = await data.AddAcceptedEventAsync(s, organiser, organiser, title);
            var scheduled = await data.Workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = id, RoomId = room, Day = new(2027, 3, day), Start = new(10, 0), End = new(11, 0) });
            Assert.True(scheduled.Succeeded, scheduled.Error);
            return id;
        }
        var changing = await ScheduledAsync(slug, roomA, 10, "The event that changes");
        var neighbour = await ScheduledAsync(slug, roomB, 11, "Its neighbour");
        var elsewhere = await ScheduledAsync(otherSlug, otherRoom, 12, "Elsewhere");
        var participant = await data.AddUserAsync("Participant");
        var otherParticipant = await data.AddUserAsync("Other participant");
        var (registrations, _) = await TestRegistrations.CreateAsync(data);
        await registrations.Participants.RegisterAsync(participant, changing);
        await registrations.Participants.RegisterAsync(otherParticipant, neighbour);
        string mine, theirs;
        using (var scope = app.Services.CreateScope())
        {
            var feeds = scope.ServiceProvider.GetRequiredService<IPersonalCalendar>();
            mine = await feeds.FeedPathAsync(participant);
            theirs = await feeds.FeedPathAsync(otherParticipant);
        }
        string Token(string path) => path["/my/calendar/".Length..^".ics".Length];

        var roomAFilter = new ProgrammeFilter(RoomId: roomA);
        var roomBFilter = new ProgrammeFilter(RoomId: roomB);
        var calendars = new Dictionary<string, string>
        {
            [CalendarFeeds.EventKey(changing)] = CalendarLinks.EventFilePath(changing),
            [CalendarFeeds.EventKey(neighbour)] = CalendarLinks.EventFilePath(neighbour),
            [CalendarFeeds.EventKey(elsewhere)] = CalendarLinks.EventFilePath(elsewhere),
            [CalendarFeeds.ProgrammeKey(slug, ProgrammeFilter.None)] = CalendarLinks.ProgrammeFeedPath(slug, ProgrammeFilter.None),
            [CalendarFeeds.ProgrammeKey(slug, roomAFilter)] = CalendarLinks.ProgrammeFeedPath(slug, roomAFilter),
            [CalendarFeeds.ProgrammeKey(slug, roomBFilter)] = CalendarLinks.ProgrammeFeedPath(slug, roomBFilter),
            [CalendarFeeds.ProgrammeKey(otherSlug, ProgrammeFilter.None)] = CalendarLinks.ProgrammeFeedPath(otherSlug, ProgrammeFilter.None),
            [CalendarFeeds.PersonalKey(Token(mine))] = mine,
            [CalendarFeeds.PersonalKey(Token(theirs))] = theirs,
        };
        var cache = app.Services.GetRequiredService<CalendarFeedCache>();
        await cache.SyncAsync(); // listening, and every change above heard
        return new World
        {
            App = app, Client = client, Data = data, Cache = cache, Organiser = organiser, Slug = slug, OtherSlug = otherSlug, RoomA = roomA, RoomB = roomB,
            Changing = changing, Neighbour = neighbour, Elsewhere = elsewhere, Participant = participant, OtherParticipant = otherParticipant,
            Calendars = calendars,
        };
    }

    [Fact]
    public async Task A_change_to_one_event_drops_the_calendars_that_hold_it_or_now_take_it_and_no_other()
    {
        await using var app = await EventsAppFactory.CreateAsync();
        var w = await WorldAsync(app);
        var keys = w.Calendars.Keys.ToList();
        string EventFile(Guid id) => CalendarFeeds.EventKey(id);
        string Programme(ProgrammeFilter filter) => CalendarFeeds.ProgrammeKey(w.Slug, filter);
        var wholeProgramme = Programme(ProgrammeFilter.None);
        var roomA = Programme(new ProgrammeFilter(RoomId: w.RoomA));
        var roomB = Programme(new ProgrammeFilter(RoomId: w.RoomB));
        var myFeed = keys[7];
        var theirFeed = keys[8];

        // An edit: the calendars that show the event, and nothing else.
        var before = await w.FetchAllAsync();
        var again = await w.FetchAllAsync();
        Assert.Equal(before, again); // served from the cache, byte for byte
        await using (var db = await w.Data.Db.CreateDbContextAsync())
            await db.SideEvents.Where(e => e.Id == w.Changing).ExecuteUpdateAsync(s => s.SetProperty(e => e.AbstractMd, "A new agenda."));
        await w.Cache.SyncAsync();
        var dropped = w.Dropped();
        Assert.Equal(new[] { EventFile(w.Changing), wholeProgramme, roomA, myFeed }.Order(), dropped.Order());
        var after = await w.FetchAllAsync();
        Assert.All(keys, key => Assert.Equal(dropped.Contains(key), before[key] != after[key])); // and those did change
        Assert.Contains("A new agenda.", (await IcsJs.ParseAsync(await w.Client.GetStringAsync(w.Calendars[myFeed]))).Event(w.Changing).Description);

        // A move to room B: also the room-B feed, which now takes it; the room-A feed, which lets it go.
        var moved = await w.Data.Workflow.ScheduleAsync(w.Organiser, new ScheduleForm { SideEventId = w.Changing, RoomId = w.RoomB, Day = new(2027, 3, 10), Start = new(14, 0), End = new(15, 0), Reason = "Bigger room" });
        Assert.True(moved.Succeeded, moved.Error);
        await w.Cache.SyncAsync();
        Assert.Equal(new[] { EventFile(w.Changing), wholeProgramme, roomA, roomB, myFeed }.Order(), w.Dropped().Order());
        await w.FetchAllAsync();
        Assert.Contains(w.Changing, await UidsAsync(w, roomB));
        Assert.DoesNotContain(w.Changing, await UidsAsync(w, roomA));

        // Room B renamed: every calendar showing an event in it (both events now), and not the other convening's.
        await using (var db = await w.Data.Db.CreateDbContextAsync())
            await db.Rooms.Where(r => r.Id == w.RoomB).ExecuteUpdateAsync(s => s.SetProperty(r => r.Name, "Trusteeship Council Chamber"));
        await w.Cache.SyncAsync();
        Assert.Equal(new[] { EventFile(w.Changing), EventFile(w.Neighbour), wholeProgramme, roomB, myFeed, theirFeed }.Order(), w.Dropped().Order());
        await w.FetchAllAsync();
        Assert.StartsWith("Trusteeship Council Chamber", (await IcsJs.ParseAsync(await w.Client.GetStringAsync(w.Calendars[theirFeed]))).Event(w.Neighbour).Location);

        // A registration: only that person's feed.
        var (registrations, _) = await TestRegistrations.CreateAsync(w.Data);
        await registrations.Participants.RegisterAsync(w.OtherParticipant, w.Elsewhere);
        await w.Cache.SyncAsync();
        Assert.Equal([theirFeed], w.Dropped());
        await w.FetchAllAsync();

        // Cancelled: the calendars holding it; a new proposal (a draft, in no calendar) drops nothing.
        Assert.True((await w.Data.Workflow.CancelAsync(w.Organiser, w.Elsewhere, "The venue flooded")).Succeeded);
        await w.Data.AddAcceptedEventAsync(w.Slug, w.Organiser, w.Organiser, "Not yet scheduled");
        await w.Cache.SyncAsync();
        Assert.Equal(new[] { EventFile(w.Elsewhere), CalendarFeeds.ProgrammeKey(w.OtherSlug, ProgrammeFilter.None), theirFeed }.Order(), w.Dropped().Order());
    }

    [Fact]
    public async Task A_deleted_event_stays_in_the_programme_as_cancelled_for_a_while_and_a_304_needs_no_database()
    {
        await using var app = await EventsAppFactory.CreateAsync();
        var w = await WorldAsync(app);
        var programmePath = w.Calendars[CalendarFeeds.ProgrammeKey(w.Slug, ProgrammeFilter.None)];
        var first = await w.Client.GetAsync(programmePath);
        var before = (await IcsJs.ParseAsync(await first.Content.ReadAsStringAsync())).Event(w.Neighbour);

        // A conditional GET answered from memory: the cache holds it, and nothing is asked of the database.
        var conditional = new HttpRequestMessage(HttpMethod.Get, programmePath);
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var database = new Npgsql.NpgsqlConnectionStringBuilder(app.ConnectionString).Database!;
        var commands = 0;
        using (var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            // Tags are complete once a command has run; other tests' apps use other databases.
            ActivityStopped = activity =>
            {
                if (activity.TagObjects.Any(t => t.Value?.ToString()?.Contains(database, StringComparison.Ordinal) == true)) Interlocked.Increment(ref commands);
            },
        })
        {
            ActivitySource.AddActivityListener(listener);
            // An unknown personal address is looked up (and not kept): the listener sees that request's query.
            Assert.Equal(HttpStatusCode.NotFound, (await w.Client.GetAsync("/my/calendar/" + new string('B', 43) + ".ics")).StatusCode);
            Assert.True(commands > 0, "the listener should see the database commands of a request that reads the database");
            commands = 0;
            Assert.Equal(HttpStatusCode.NotModified, (await w.Client.SendAsync(conditional)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await w.Client.GetAsync(programmePath)).StatusCode);
        }
        Assert.Equal(0, commands);

        await using (var db = await w.Data.Db.CreateDbContextAsync())
        {
            await db.Registrations.Where(r => r.SideEventId == w.Neighbour).ExecuteDeleteAsync();
            await db.SideEvents.Where(e => e.Id == w.Neighbour).ExecuteDeleteAsync();
        }
        await w.Cache.SyncAsync();
        var parsed = await IcsJs.ParseAsync(await w.Client.GetStringAsync(programmePath));
        var gone = parsed.Event(w.Neighbour);
        Assert.Equal(("CANCELLED", before.Sequence + 1, before.Uid, before.Dtstart!.Utc), (gone.Status, gone.Sequence, gone.Uid, gone.Dtstart!.Utc));
        Assert.Equal("Cancelled: Its neighbour", gone.Summary);
        Assert.Equal("CANCELLED", (await IcsJs.ParseAsync(await w.Client.GetStringAsync(CalendarLinks.EventFilePath(w.Neighbour)))).Event(w.Neighbour).Status);
        Assert.DoesNotContain(w.Neighbour, await UidsAsync(w, CalendarFeeds.ProgrammeKey(w.Slug, new ProgrammeFilter(RoomId: w.RoomB))));

        // After the while, it is gone.
        await using (var db = await w.Data.Db.CreateDbContextAsync())
            await db.CalendarRemovals.ExecuteUpdateAsync(s => s.SetProperty(r => r.RemovedAt, DateTime.UtcNow - CalendarQueries.RemovalsKeptFor - TimeSpan.FromMinutes(1)));
        w.Cache.Forget();
        Assert.DoesNotContain(w.Neighbour, await UidsAsync(w, CalendarFeeds.ProgrammeKey(w.Slug, ProgrammeFilter.None)));
        Assert.Equal(HttpStatusCode.NotFound, (await w.Client.GetAsync(CalendarLinks.EventFilePath(w.Neighbour))).StatusCode);
    }

    [Fact]
    public async Task A_change_made_through_one_instance_reaches_the_cache_of_another()
    {
        await using var first = await EventsAppFactory.CreateAsync();
        var w = await WorldAsync(first);
        await using var second = new EventsAppFactory(first.ConnectionString, new Dictionary<string, string?> { ["Events:DataDirectory"] = first.DataDirectory });
        var secondClient = second.CreateClient();
        var secondCache = second.Services.GetRequiredService<CalendarFeedCache>();
        await secondCache.SyncAsync();
        var programme = CalendarFeeds.ProgrammeKey(w.Slug, ProgrammeFilter.None);
        var before = await secondClient.GetAsync(w.Calendars[programme]);
        Assert.True(secondCache.Contains(programme));

        // Rescheduled through the first instance's own workflow service.
        using (var scope = first.Services.CreateScope())
        {
            var moved = await scope.ServiceProvider.GetRequiredService<ISideEventWorkflow>().ScheduleAsync(w.Organiser,
                new ScheduleForm { SideEventId = w.Neighbour, RoomId = w.RoomB, Day = new(2027, 3, 12), Start = new(9, 0), End = new(10, 0), Reason = "Moved" });
            Assert.True(moved.Succeeded, moved.Error);
        }
        await secondCache.SyncAsync();
        Assert.False(secondCache.Contains(programme));
        var after = await secondClient.GetAsync(w.Calendars[programme]);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.Equal("2027-03-12T14:00:00.000Z", (await IcsJs.ParseAsync(await after.Content.ReadAsStringAsync())).Event(w.Neighbour).Dtstart!.Utc); // 09:00 EST
    }

    [Fact]
    public async Task A_sync_asked_before_anyone_listens_is_answered_when_listening_begins_with_an_empty_cache()
    {
        // As on a host just started (or a connection lost): the marker goes out before the LISTEN and is never heard.
        await using var app = await EventsAppFactory.CreateAsync();
        var services = app.Services;
        using var notListenedFor = new CalendarFeedCache(services.GetRequiredService<IDbContextFactory<Events.Server.Database.EventsDbContext>>(),
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CalendarOptions>>(),
            services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<CalendarFeedCache>>(), services.GetRequiredService<Npgsql.NpgsqlDataSource>());
        var sync = notListenedFor.SyncAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(300);
        Assert.False(sync.IsCompleted);

        notListenedFor.Listening();
        await sync.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, notListenedFor.Count);
    }

    private static async Task<HashSet<Guid>> UidsAsync(World w, string key) =>
        (await IcsJs.ParseAsync(await w.Client.GetStringAsync(w.Calendars[key]))).Events.Select(e => Guid.Parse(e.Uid!.Split('@')[0])).ToHashSet();
}
