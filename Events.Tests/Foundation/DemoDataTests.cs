using Dapper;
using Events.Server.Demo;
using Events.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Events.Tests.Foundation;

public sealed class DemoDataTests
{
    [Fact]
    public async Task Demo_data_has_a_two_week_CSW_session_and_a_three_day_dialogue_and_seeding_twice_duplicates_nothing()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync();
        var seeder = new DemoDataSeeder((await TestData.ForAsync(connectionString)).Db, NullLogger<DemoDataSeeder>.Instance);

        await Task.WhenAll(seeder.SeedAsync(), seeder.SeedAsync());
        await seeder.SeedAsync();

        await using var db = new NpgsqlConnection(connectionString);
        var csw = await db.QuerySingleAsync<(Guid Id, DateTime StartsOn, DateTime EndsOn, string TimeZone)>(
            "SELECT id, starts_on, ends_on, time_zone FROM convenings WHERE slug = @CswSlug", new { DemoDataSeeder.CswSlug });
        Assert.Equal("America/New_York", csw.TimeZone);
        Assert.True((csw.EndsOn - csw.StartsOn).TotalDays >= 11, "two weeks");
        Assert.True(await db.ExecuteScalarAsync<int>("SELECT count(*) FROM side_events WHERE convening_id = @Id AND status = 'scheduled'", new { csw.Id }) >= 40);
        Assert.True(await db.ExecuteScalarAsync<int>("SELECT count(DISTINCT v.id) FROM venues v WHERE v.convening_id = @Id", new { csw.Id }) >= 2);
        Assert.True(await db.ExecuteScalarAsync<int>("""
            SELECT count(*) FROM co_sponsorships c JOIN side_events e ON e.id = c.side_event_id WHERE e.convening_id = @Id AND c.status = 'confirmed'
            """, new { csw.Id }) >= 80);
        Assert.True(await db.ExecuteScalarAsync<int>("""
            SELECT count(*) FROM speakers s JOIN side_events e ON e.id = s.side_event_id WHERE e.convening_id = @Id
            """, new { csw.Id }) >= 120);
        // Every side event is within the session's dates in New York time.
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("""
            SELECT count(*) FROM side_events e JOIN convenings c ON c.id = e.convening_id
            WHERE c.id = @Id AND ((e.starts_at AT TIME ZONE c.time_zone)::date < c.starts_on OR (e.ends_at AT TIME ZONE c.time_zone)::date > c.ends_on)
            """, new { csw.Id }));

        var dialogue = await db.QuerySingleAsync<(Guid Id, string TimeZone, bool ChathamHouse, string Kind)>(
            "SELECT id, time_zone, chatham_house, kind FROM convenings WHERE slug = @DialogueSlug", new { DemoDataSeeder.DialogueSlug });
        Assert.Equal(("Europe/London", true, "dialogue"), (dialogue.TimeZone, dialogue.ChathamHouse, dialogue.Kind));
        var kinds = (await db.QueryAsync<string>("SELECT DISTINCT kind FROM side_events WHERE convening_id = @Id", new { dialogue.Id })).ToHashSet();
        Assert.Equal(new HashSet<string> { "plenary", "working_group" }, kinds);
        Assert.Equal(3, await db.ExecuteScalarAsync<int>(
            "SELECT count(DISTINCT (starts_at AT TIME ZONE 'Europe/London')::date) FROM side_events WHERE convening_id = @Id", new { dialogue.Id }));

        Assert.Equal(2, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM convenings"));
    }

    [Fact]
    public async Task Demo_side_events_start_at_their_New_York_wall_clock_time_on_both_sides_of_the_daylight_saving_change()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync();
        await new DemoDataSeeder((await TestData.ForAsync(connectionString)).Db, NullLogger<DemoDataSeeder>.Instance).SeedAsync();
        await using var db = new NpgsqlConnection(connectionString);

        // New York moves to daylight time on 14 March 2027; the wall-clock slots stay the same before and after.
        var localStarts = (await db.QueryAsync<TimeSpan>("""
            SELECT DISTINCT (e.starts_at AT TIME ZONE 'America/New_York')::time FROM side_events e
            JOIN convenings c ON c.id = e.convening_id WHERE c.slug = 'csw71'
            """)).ToHashSet();
        Assert.Subset(new HashSet<TimeSpan> { new(8, 30, 0), new(10, 0, 0), new(11, 30, 0), new(13, 15, 0), new(15, 0, 0), new(16, 30, 0) }, localStarts);
        var utcHoursOfFirstSlot = (await db.QueryAsync<int>("""
            SELECT DISTINCT extract(hour FROM e.starts_at AT TIME ZONE 'UTC')::int FROM side_events e
            JOIN convenings c ON c.id = e.convening_id WHERE c.slug = 'csw71' AND (e.starts_at AT TIME ZONE 'America/New_York')::time = '08:30'
            """)).ToHashSet();
        Assert.Equal(new HashSet<int> { 12, 13 }, utcHoursOfFirstSlot); // 08:30 EDT = 12:30Z, 08:30 EST = 13:30Z
    }
}
