using Events.Server.Database;
using Events.Shared.Convenings;
using Events.Shared.SideEvents;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Events.Tests.SideEvents;

/// <summary>The scheduling rules against a real PostgreSQL: through the service, and straight at the database.</summary>
public sealed class SchedulingRuleTests
{
    private static ScheduleForm Slot(Guid eventId, Guid room, DateOnly day, int startHour, int startMinute, int endHour, int endMinute) => new()
    {
        SideEventId = eventId, RoomId = room, Day = day, Start = new TimeOnly(startHour, startMinute), End = new TimeOnly(endHour, endMinute),
    };

    [Fact]
    public async Task An_event_at_nine_New_York_time_the_day_after_the_March_change_is_stored_at_13_00_UTC_and_one_before_at_14_00_UTC()
    {
        var data = await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Org", "Organiser");
        var (slug, room, _) = await data.AddConveningAsync(organiser);
        var after = await data.AddAcceptedEventAsync(slug, organiser, organiser, "After the change");
        var before = await data.AddAcceptedEventAsync(slug, organiser, organiser, "Before the change");

        Assert.True((await data.Workflow.ScheduleAsync(organiser, Slot(after, room, new DateOnly(2027, 3, 15), 9, 0, 10, 30))).Succeeded);
        Assert.True((await data.Workflow.ScheduleAsync(organiser, Slot(before, room, new DateOnly(2027, 3, 12), 9, 0, 10, 30))).Succeeded);

        Assert.Equal(new DateTime(2027, 3, 15, 13, 0, 0), await ReadAsync(data, db => db.SideEvents.Where(e => e.Id == after).Select(e => e.StartsAt!.Value).SingleAsync()));
        Assert.Equal(new DateTime(2027, 3, 12, 14, 0, 0), await ReadAsync(data, db => db.SideEvents.Where(e => e.Id == before).Select(e => e.StartsAt!.Value).SingleAsync()));
        var summary = (await data.Workflow.ForConveningAsync(organiser, slug)).Single(e => e.Id == after);
        Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(summary.StartsAtLocal!.Value.DateTime));
        Assert.Equal(TimeSpan.FromHours(-4), summary.StartsAtLocal.Value.Offset);
    }

    [Fact]
    public async Task A_time_inside_the_spring_forward_gap_is_refused_clearly()
    {
        var data = await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Org", "Organiser");
        var (slug, room, _) = await data.AddConveningAsync(organiser);
        var id = await data.AddAcceptedEventAsync(slug, organiser, organiser);

        var result = await data.Workflow.ScheduleAsync(organiser, Slot(id, room, new DateOnly(2027, 3, 14), 2, 30, 3, 30));

        Assert.False(result.Succeeded);
        Assert.Contains("does not exist in America/New_York", result.Error);
        Assert.Equal("accepted", await ReadAsync(data, db => db.SideEvents.Where(e => e.Id == id).Select(e => e.Status).SingleAsync()));
    }

    [Fact]
    public async Task Many_parallel_attempts_to_book_one_room_slot_give_exactly_one_booking_and_clear_messages_for_the_rest()
    {
        var data = await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Org", "Organiser");
        var (slug, room, _) = await data.AddConveningAsync(organiser);
        var events = new List<Guid>();
        for (var i = 0; i < 20; i++) events.Add(await data.AddAcceptedEventAsync(slug, organiser, organiser, $"Contender {i}"));

        var results = await Task.WhenAll(events.Select(id => Task.Run(() =>
            data.Workflow.ScheduleAsync(organiser, Slot(id, room, new DateOnly(2027, 3, 9), 10, 0, 11, 15)))));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Matches("(already booked for “Contender \\d+”|booked by someone else at the same moment)", r.Error));
        Assert.Equal(1, await ReadAsync(data, db => db.SideEvents.CountAsync(e => e.Status == "scheduled")));
        Assert.Equal(1, await ReadAsync(data, db => db.SideEventHistory.CountAsync(h => h.Action == "scheduled")));
    }

    [Fact]
    public async Task The_changeover_buffer_keeps_the_next_booking_away_and_another_room_is_free()
    {
        var data = await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Org", "Organiser");
        var (slug, roomA, roomB) = await data.AddConveningAsync(organiser, changeoverMinutes: 15);
        var first = await data.AddAcceptedEventAsync(slug, organiser, organiser, "First");
        var second = await data.AddAcceptedEventAsync(slug, organiser, organiser, "Second");
        var day = new DateOnly(2027, 3, 10);
        Assert.True((await data.Workflow.ScheduleAsync(organiser, Slot(first, roomA, day, 10, 0, 11, 0))).Succeeded);

        var tooSoon = await data.Workflow.ScheduleAsync(organiser, Slot(second, roomA, day, 11, 10, 12, 0));
        Assert.False(tooSoon.Succeeded);
        Assert.Equal("Conference Room 1 is already booked for “First” on Wed 10 Mar from 10:00 to 11:00 (plus a 15-minute changeover). Choose another room or time.", tooSoon.Error);

        Assert.True((await data.Workflow.ScheduleAsync(organiser, Slot(second, roomA, day, 11, 15, 12, 0))).Succeeded);
        Assert.True((await data.Workflow.ScheduleAsync(organiser, Slot(second, roomB, day, 10, 0, 11, 0))).Succeeded);
    }

    [Fact]
    public async Task The_database_itself_refuses_a_clash_and_times_outside_the_convening_whatever_the_caller()
    {
        var data = await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Org", "Organiser");
        var (slug, room, _) = await data.AddConveningAsync(organiser);
        await using var db = await data.Db.CreateDbContextAsync();
        var conveningId = await db.Convenings.Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync();
        // Plain SQL, past every check of the app's services.
        Task<int> InsertAsync(DateTime starts, DateTime ends) => db.Database.ExecuteSqlAsync($"""
            INSERT INTO side_events (convening_id, title, proposing_organisation, status, room_id, starts_at, ends_at)
            VALUES ({conveningId}, 'x', 'y', 'scheduled', {room}, {starts}, {ends})
            """);
        await InsertAsync(new DateTime(2027, 3, 9, 14, 0, 0, DateTimeKind.Utc), new DateTime(2027, 3, 9, 15, 0, 0, DateTimeKind.Utc));

        var clash = await Assert.ThrowsAsync<PostgresException>(() => InsertAsync(new DateTime(2027, 3, 9, 15, 5, 0, DateTimeKind.Utc), new DateTime(2027, 3, 9, 16, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(PostgresErrorCodes.ExclusionViolation, clash.SqlState);

        var outside = await Assert.ThrowsAsync<PostgresException>(() => InsertAsync(new DateTime(2027, 4, 1, 14, 0, 0, DateTimeKind.Utc), new DateTime(2027, 4, 1, 15, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("side_events_within_convening", outside.ConstraintName);

        var backwards = await Assert.ThrowsAsync<PostgresException>(() => InsertAsync(new DateTime(2027, 3, 10, 15, 0, 0, DateTimeKind.Utc), new DateTime(2027, 3, 10, 14, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(PostgresErrorCodes.CheckViolation, backwards.SqlState);
        Assert.Equal(1, await db.SideEvents.CountAsync());
    }

    [Fact]
    public async Task Bad_slots_are_refused_with_clear_messages_and_nothing_changes()
    {
        var data = await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Org", "Organiser");
        var (slug, roomA, roomB) = await data.AddConveningAsync(organiser);
        var big = await data.AddAcceptedEventAsync(slug, organiser, organiser, "Big", capacity: 80);

        var endBeforeStart = await data.Workflow.ScheduleAsync(organiser, Slot(big, roomA, new DateOnly(2027, 3, 9), 11, 0, 10, 0));
        Assert.Contains("end time must be after the start time", endBeforeStart.Error);
        var outside = await data.Workflow.ScheduleAsync(organiser, Slot(big, roomA, new DateOnly(2027, 3, 30), 10, 0, 11, 0));
        Assert.Contains("The day must be between 8 March and 17 March 2027", outside.Error);
        var tooSmall = await data.Workflow.ScheduleAsync(organiser, Slot(big, roomB, new DateOnly(2027, 3, 9), 10, 0, 11, 0));
        Assert.Contains("Conference Room 2 seats 40, fewer than the event's capacity of 80", tooSmall.Error);

        Assert.Equal("accepted", await ReadAsync(data, db => db.SideEvents.Where(e => e.Id == big).Select(e => e.Status).SingleAsync()));
        Assert.Null(await ReadAsync(data, db => db.SideEvents.Where(e => e.Id == big).Select(e => e.StartsAt).SingleAsync()));
    }

    [Fact]
    public async Task A_speaker_booked_in_two_overlapping_events_gives_a_warning_but_not_a_refusal()
    {
        var data = await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Org", "Organiser");
        var (slug, roomA, roomB) = await data.AddConveningAsync(organiser);
        var one = await data.AddAcceptedEventAsync(slug, organiser, organiser, "One", null, "Amina Yusuf", "Li Wei");
        var two = await data.AddAcceptedEventAsync(slug, organiser, organiser, "Two", null, "amina yusuf");
        var day = new DateOnly(2027, 3, 11);
        Assert.Empty((await data.Workflow.ScheduleAsync(organiser, Slot(one, roomA, day, 10, 0, 11, 0))).Warnings!);

        var result = await data.Workflow.ScheduleAsync(organiser, Slot(two, roomB, day, 10, 30, 11, 30));

        Assert.True(result.Succeeded);
        Assert.Equal(["amina yusuf is also speaking at “One” at 10:00, which overlaps."], result.Warnings);
    }

    [Fact]
    public async Task Hostile_proposals_are_refused_or_stored_as_plain_text_and_nothing_half_saved()
    {
        var data = await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Org", "Organiser");
        var proposer = await data.AddUserAsync("Proposer");
        var (slug, _, _) = await data.AddConveningAsync(organiser);

        var huge = await data.Workflow.ProposeAsync(proposer, slug, new ProposalForm { Title = new string('t', 1_000_000), ProposingOrganisation = "NGO" }, submit: true);
        Assert.Contains("title can be at most 200 characters", huge.Error);
        var badSpeaker = await data.Workflow.ProposeAsync(proposer, slug, new ProposalForm
        {
            Title = "Fine", ProposingOrganisation = "NGO", Speakers = [new() { Name = "Ok" }, new() { Name = new string('n', 5000) }],
        }, submit: true);
        Assert.Contains("speaker's name can be at most 200 characters", badSpeaker.Error);
        var badLink = await data.Workflow.ProposeAsync(proposer, slug, new ProposalForm { Title = "Fine", ProposingOrganisation = "NGO", WebcastUrl = "javascript:alert(1)" }, submit: true);
        Assert.Contains("webcast link must be a web address", badLink.Error);
        Assert.Equal(0, await ReadAsync(data, db => db.SideEvents.CountAsync()));
        Assert.Equal(0, await ReadAsync(data, db => db.Speakers.CountAsync()));

        var script = await data.Workflow.ProposeAsync(proposer, slug, new ProposalForm { Title = "<script>alert(1)</script>", ProposingOrganisation = "NGO" }, submit: true);
        Assert.True(script.Succeeded);
        Assert.Equal("<script>alert(1)</script>", await ReadAsync(data, db => db.SideEvents.Select(e => e.Title).SingleAsync()));
    }

    [Fact]
    public async Task Bad_convenings_are_refused_with_clear_messages()
    {
        var data = await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Org", "Organiser");
        var participant = await data.AddUserAsync("Participant");
        ConveningForm Form(Action<ConveningForm> change) { var f = new ConveningForm { Name = "X", Slug = "x-" + Guid.NewGuid().ToString("N")[..6], StartsOn = new(2027, 3, 8), EndsOn = new(2027, 3, 9) }; change(f); return f; }

        Assert.Contains("last day cannot be before the first day", (await data.ConveningAdmin.CreateAsync(organiser, Form(f => f.EndsOn = new(2027, 3, 1)))).Error);
        Assert.Contains("not a known time zone", (await data.ConveningAdmin.CreateAsync(organiser, Form(f => f.TimeZone = "Mars/Olympus"))).Error);
        Assert.Contains("lower-case letters", (await data.ConveningAdmin.CreateAsync(organiser, Form(f => f.Slug = "Bad Slug!"))).Error);
        Assert.Contains("Organiser role", (await data.ConveningAdmin.CreateAsync(participant, Form(_ => { }))).Error);
        var ok = Form(_ => { });
        Assert.True((await data.ConveningAdmin.CreateAsync(organiser, ok)).Succeeded);
        Assert.Contains("is taken", (await data.ConveningAdmin.CreateAsync(organiser, Form(f => f.Slug = ok.Slug))).Error);
        Assert.Equal(1, await ReadAsync(data, db => db.Convenings.CountAsync()));
    }

    /// <summary>Reads from the test database through a short-lived context, as the app does.</summary>
    private static async Task<T> ReadAsync<T>(TestData data, Func<EventsDbContext, Task<T>> read)
    {
        await using var db = await data.Db.CreateDbContextAsync();
        return await read(db);
    }
}
