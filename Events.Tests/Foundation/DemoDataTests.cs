using Microsoft.Extensions.DependencyInjection;
using Events.Server.Demo;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Events.Tests.Foundation;

public sealed class DemoDataTests
{
    [Fact]
    public async Task Demo_data_has_a_two_week_CSW_session_and_a_three_day_dialogue_and_seeding_twice_duplicates_nothing()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync();
        var seeder = (await TestData.ForAsync(connectionString)).Services.CreateScope().ServiceProvider.GetRequiredService<DemoDataSeeder>();

        await Task.WhenAll(seeder.SeedAsync(), seeder.SeedAsync());
        await seeder.SeedAsync();

        await using var db = await (await TestData.ForAsync(connectionString)).Db.CreateDbContextAsync();
        var csw = await db.Convenings.SingleAsync(c => c.Slug == DemoDataSeeder.CswSlug);
        Assert.Equal("America/New_York", csw.TimeZone);
        Assert.True(csw.EndsOn.DayNumber - csw.StartsOn.DayNumber >= 11, "two weeks");
        Assert.True(await db.SideEvents.CountAsync(e => e.ConveningId == csw.Id && e.Status == "scheduled") >= 40);
        Assert.True(await db.Venues.CountAsync(v => v.ConveningId == csw.Id) >= 2);
        Assert.True(await db.CoSponsorships.CountAsync(c => c.SideEvent.ConveningId == csw.Id && c.Status == "confirmed") >= 80);
        Assert.True(await db.Speakers.CountAsync(s => s.SideEvent.ConveningId == csw.Id) >= 120);
        // Every side event is within the session's dates in New York time, by PostgreSQL's own time-zone arithmetic.
        Assert.Equal(0, await db.Database.SqlQuery<int>($"""
            SELECT count(*)::int AS "Value" FROM side_events e JOIN convenings c ON c.id = e.convening_id
            WHERE c.id = {csw.Id} AND ((e.starts_at AT TIME ZONE c.time_zone)::date < c.starts_on OR (e.ends_at AT TIME ZONE c.time_zone)::date > c.ends_on)
            """).SingleAsync());

        var dialogue = await db.Convenings.SingleAsync(c => c.Slug == DemoDataSeeder.DialogueSlug);
        Assert.Equal(("Europe/London", true, "dialogue"), (dialogue.TimeZone, dialogue.ChathamHouse, dialogue.Kind));
        Assert.Equal(0, dialogue.ChangeoverMinutes);
        var kinds = (await db.SideEvents.Where(e => e.ConveningId == dialogue.Id).Select(e => e.Kind).Distinct().ToListAsync()).ToHashSet();
        Assert.Equal(new HashSet<string> { "plenary", "working_group" }, kinds);
        Assert.Equal(3, await db.Database.SqlQuery<int>($"""
            SELECT count(DISTINCT (starts_at AT TIME ZONE 'Europe/London')::date)::int AS "Value" FROM side_events WHERE convening_id = {dialogue.Id}
            """).SingleAsync());

        Assert.Equal(2, await db.Convenings.CountAsync());
    }

    [Fact]
    public async Task Demo_side_events_start_at_their_New_York_wall_clock_time_on_both_sides_of_the_daylight_saving_change()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync();
        await (await TestData.ForAsync(connectionString)).Services.CreateScope().ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync();
        await using var db = await (await TestData.ForAsync(connectionString)).Db.CreateDbContextAsync();

        // New York moves to daylight time on 14 March 2027; the wall-clock slots stay the same before and after.
        var localStarts = (await db.Database.SqlQuery<TimeSpan>($"""
            SELECT DISTINCT (e.starts_at AT TIME ZONE 'America/New_York')::time AS "Value" FROM side_events e
            JOIN convenings c ON c.id = e.convening_id WHERE c.slug = 'csw71'
            """).ToListAsync()).ToHashSet();
        Assert.Subset(new HashSet<TimeSpan> { new(8, 30, 0), new(10, 0, 0), new(11, 30, 0), new(13, 15, 0), new(15, 0, 0), new(16, 30, 0) }, localStarts);
        var utcHoursOfFirstSlot = (await db.Database.SqlQuery<int>($"""
            SELECT DISTINCT extract(hour FROM e.starts_at AT TIME ZONE 'UTC')::int AS "Value" FROM side_events e
            JOIN convenings c ON c.id = e.convening_id WHERE c.slug = 'csw71' AND (e.starts_at AT TIME ZONE 'America/New_York')::time = '08:30'
            """).ToListAsync()).ToHashSet();
        Assert.Equal(new HashSet<int> { 12, 13 }, utcHoursOfFirstSlot); // 08:30 EDT = 12:30Z, 08:30 EST = 13:30Z
    }
}
