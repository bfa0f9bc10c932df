using System.Net;
using System.Net.Http.Headers;
using Events.Server.Calendar;
using Events.Shared.Calendar;
using Events.Shared.SideEvents;
using Events.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.Calendar;

public sealed class PersonalFeedTests
{
    [Fact]
    public async Task The_personal_feed_follows_a_reschedule_with_a_higher_sequence_and_the_same_uid_and_can_be_reset()
    {
        await using var app = await EventsAppFactory.CreateAsync();
        var client = app.CreateClient();
        var data = await TestData.ForAsync(app.ConnectionString);
        var organiser = await data.AddUserAsync("Org", "Organiser");
        var participant = await data.AddUserAsync("Participant");
        var (slug, room, _) = await data.AddConveningAsync(organiser);
        var eventId = await data.AddAcceptedEventAsync(slug, organiser, organiser, "Care economy, counted");
        var other = await data.AddAcceptedEventAsync(slug, organiser, organiser, "Not mine");
        foreach (var id in new[] { eventId, other })
            Assert.True((await data.Workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = id, RoomId = room, Day = new(2027, 3, 12), Start = new(id == eventId ? 9 : 14, 0), End = new(id == eventId ? 10 : 15, 0) })).Succeeded);
        var (registrations, _) = await TestRegistrations.CreateAsync(data);
        await registrations.Participants.RegisterAsync(participant, eventId);

        string path;
        using (var scope = app.Services.CreateScope())
            path = await scope.ServiceProvider.GetRequiredService<IPersonalCalendar>().FeedPathAsync(participant);
        using (var scope = app.Services.CreateScope())
            Assert.Equal(path, await scope.ServiceProvider.GetRequiredService<IPersonalCalendar>().FeedPathAsync(participant)); // stable until reset

        var first = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/calendar", first.Content.Headers.ContentType!.MediaType);
        Assert.Contains("private", first.Headers.CacheControl!.ToString());
        var before = await IcsJs.ParseAsync(await first.Content.ReadAsStringAsync());
        var mine = Assert.Single(before.Events);
        Assert.Equal(CalendarDocuments.Uid(eventId), mine.Uid);
        Assert.Equal(DateTimeOffset.Parse("2027-03-12T14:00:00Z"), mine.Dtstart!.UtcInstant); // 09:00 EST

        var conditional = new HttpRequestMessage(HttpMethod.Get, path);
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);

        // Rescheduled across the daylight-saving change: new time, higher SEQUENCE, same UID.
        Assert.True((await data.Workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = eventId, RoomId = room, Day = new(2027, 3, 15), Start = new(9, 0), End = new(10, 0), Reason = "Minister's schedule" })).Succeeded);
        var cache = app.Services.GetRequiredService<CalendarFeedCache>();
        await cache.SyncAsync();
        var after = await IcsJs.ParseAsync(await client.GetStringAsync(path));
        var moved = Assert.Single(after.Events);
        Assert.Equal(mine.Uid, moved.Uid);
        Assert.True(moved.Sequence > mine.Sequence, $"SEQUENCE {moved.Sequence} should be above {mine.Sequence}");
        Assert.Equal(DateTimeOffset.Parse("2027-03-15T13:00:00Z"), moved.Dtstart!.UtcInstant); // 09:00 EDT

        // Reset: the old address stops working.
        string fresh;
        using (var scope = app.Services.CreateScope())
            fresh = await scope.ServiceProvider.GetRequiredService<IPersonalCalendar>().ResetAsync(participant);
        Assert.NotEqual(path, fresh);
        await cache.SyncAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(fresh)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/my/calendar/" + new string('A', 43) + ".ics")).StatusCode);
    }
}
