using Events.Shared.Convenings;
using Events.Shared.SideEvents;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Events.Tests.SideEvents;

public sealed class ConveningAdminTests
{
    [Fact]
    public async Task Organisers_are_scoped_to_their_convening_and_can_add_colleagues_who_then_manage_it()
    {
        var data = await TestData.CreateAsync();
        var owner = await data.AddUserAsync("Owner", "Organiser");
        var colleague = await data.AddUserAsync("Colleague");
        var outsider = await data.AddUserAsync("Outsider", "Organiser");
        var (slug, room, _) = await data.AddConveningAsync(owner);
        var (otherSlug, _, _) = await data.AddConveningAsync(outsider);
        await using var db = await data.Db.CreateDbContextAsync();
        var colleagueEmail = (await db.Users.Where(u => u.Id == colleague).Select(u => u.Email).SingleAsync())!;

        Assert.Null(await data.ConveningAdmin.FindForOrganiserAsync(outsider, slug)); // an Organiser elsewhere is nobody here
        Assert.Equal([slug], (await data.ConveningAdmin.MineAsync(owner)).Select(c => c.Slug));
        Assert.Null(await data.ConveningAdmin.FindForOrganiserAsync(owner, otherSlug));
        Assert.Contains("no confirmed account", (await data.ConveningAdmin.AddOrganiserAsync(owner, slug, "nobody@example.org")).Error);
        Assert.False((await data.ConveningAdmin.AddOrganiserAsync(outsider, slug, colleagueEmail)).Succeeded);
        Assert.True((await data.ConveningAdmin.AddOrganiserAsync(owner, slug, colleagueEmail.ToUpperInvariant())).Succeeded);

        Assert.NotNull(await data.ConveningAdmin.FindForOrganiserAsync(colleague, slug));
        var id = await data.AddAcceptedEventAsync(slug, owner, colleague, "Accepted by the colleague");
        Assert.True((await data.Workflow.ScheduleAsync(colleague, new ScheduleForm { SideEventId = id, RoomId = room, Day = new(2027, 3, 9), Start = new(10, 0), End = new(11, 0) })).Succeeded);
        Assert.Equal(["Colleague", "Owner"], (await data.ConveningAdmin.OrganisersAsync(owner, slug)).Select(o => o.Name));
        Assert.True((await data.ConveningAdmin.RemoveOrganiserAsync(owner, slug, colleague)).Succeeded);
        Assert.Contains("at least one organiser", (await data.ConveningAdmin.RemoveOrganiserAsync(owner, slug, owner)).Error);
    }

    [Fact]
    public async Task Editing_a_convening_keeps_its_address_and_refuses_dates_that_would_strand_scheduled_events()
    {
        var data = await TestData.CreateAsync();
        var owner = await data.AddUserAsync("Owner", "Organiser");
        var (slug, room, _) = await data.AddConveningAsync(owner);
        var id = await data.AddAcceptedEventAsync(slug, owner, owner);
        await data.Workflow.ScheduleAsync(owner, new ScheduleForm { SideEventId = id, RoomId = room, Day = new(2027, 3, 16), Start = new(10, 0), End = new(11, 0) });

        var form = (await data.ConveningAdmin.FormAsync(owner, slug))!;
        form.EndsOn = new DateOnly(2027, 3, 12);
        Assert.Contains("1 scheduled event(s) would fall outside", (await data.ConveningAdmin.UpdateAsync(owner, slug, form)).Error);

        form.EndsOn = new DateOnly(2027, 3, 17);
        form.Name = "Renamed";
        form.Slug = "attempted-new-address";
        form.ChathamHouse = true;
        Assert.True((await data.ConveningAdmin.UpdateAsync(owner, slug, form)).Succeeded);
        await using var db = await data.Db.CreateDbContextAsync();
        var saved = await db.Convenings.SingleAsync(c => c.Slug == slug);
        Assert.Equal("Renamed", saved.Name);
        Assert.True(saved.ChathamHouse);
    }

    [Fact]
    public async Task A_new_time_zone_is_checked_against_each_scheduled_events_dates_in_that_zone()
    {
        var data = await TestData.CreateAsync();
        var owner = await data.AddUserAsync("Owner", "Organiser");
        var (slug, room, _) = await data.AddConveningAsync(owner); // New York, 8 to 17 March 2027
        var first = await data.AddAcceptedEventAsync(slug, owner, owner, "At midnight of the first day");
        Assert.True((await data.Workflow.ScheduleAsync(owner, new ScheduleForm { SideEventId = first, RoomId = room, Day = new(2027, 3, 8), Start = new(0, 0), End = new(1, 0) })).Succeeded);

        var form = (await data.ConveningAdmin.FormAsync(owner, slug))!;
        // An hour west it would start at 23:00 the day before the convening; an hour east, at 01:00 on its first day.
        form.TimeZone = "America/Chicago";
        Assert.Contains("1 scheduled event(s) would fall outside", (await data.ConveningAdmin.UpdateAsync(owner, slug, form)).Error);
        form.TimeZone = "America/Halifax";
        Assert.True((await data.ConveningAdmin.UpdateAsync(owner, slug, form)).Succeeded);

        // The last day, after the clocks went forward on 14 March: 22:00 to 23:00 in Halifax (UTC-3) is 01:00 to 02:00 the
        // next day in London (UTC+0 until 28 March), but 21:00 to 22:00 on the last day in New York (UTC-4).
        var last = await data.AddAcceptedEventAsync(slug, owner, owner, "Late on the last day");
        Assert.True((await data.Workflow.ScheduleAsync(owner, new ScheduleForm { SideEventId = last, RoomId = room, Day = new(2027, 3, 17), Start = new(22, 0), End = new(23, 0) })).Succeeded);
        form.TimeZone = "Europe/London";
        Assert.Contains("1 scheduled event(s) would fall outside", (await data.ConveningAdmin.UpdateAsync(owner, slug, form)).Error);
        // Back in New York the first event starts exactly at the first midnight: inside, as the last one is.
        form.TimeZone = "America/New_York";
        Assert.True((await data.ConveningAdmin.UpdateAsync(owner, slug, form)).Succeeded);
    }

    [Fact]
    public async Task A_room_at_a_known_venue_fills_in_its_address_and_each_room_name_is_taken_once_per_venue()
    {
        var data = await TestData.CreateAsync();
        var owner = await data.AddUserAsync("Owner", "Organiser");
        var (slug, _, _) = await data.AddConveningAsync(owner); // two rooms at "UN Headquarters", no address
        const string Address = "405 East 42nd Street, New York";

        var third = await data.ConveningAdmin.AddRoomAsync(owner, slug, new RoomForm { VenueName = "UN Headquarters", VenueAddress = Address, Name = "Conference Room 3", Capacity = 20 });
        Assert.True(third.Succeeded, third.Error);
        // A room without an address leaves the venue's as it is.
        Assert.True((await data.ConveningAdmin.AddRoomAsync(owner, slug, new RoomForm { VenueName = "UN Headquarters", Name = "Conference Room 4", Capacity = 20 })).Succeeded);
        var taken = await data.ConveningAdmin.AddRoomAsync(owner, slug, new RoomForm { VenueName = "UN Headquarters", VenueAddress = "Elsewhere", Name = "Conference Room 1", Capacity = 20 });
        Assert.Equal("UN Headquarters already has a room called Conference Room 1.", taken.Error);

        await using var db = await data.Db.CreateDbContextAsync();
        var venue = await db.Venues.Where(v => v.Convening.Slug == slug).Select(v => new { v.Address, Rooms = v.Rooms.Count, v.Id }).SingleAsync();
        // The refused room changed nothing, its venue's address included.
        Assert.Equal((Address, 4), (venue.Address, venue.Rooms));
        Assert.Equal(venue.Id, await db.Rooms.Where(r => r.Id == third.Id).Select(r => r.VenueId).SingleAsync());
    }

    [Fact]
    public async Task A_changeover_or_a_slot_answer_period_of_zero_is_stored_as_zero_not_as_the_column_default()
    {
        var data = await TestData.CreateAsync();
        var owner = await data.AddUserAsync("Owner", "Organiser");
        var (slug, _, _) = await data.AddConveningAsync(owner, changeoverMinutes: 0);
        var form = (await data.ConveningAdmin.FormAsync(owner, slug))!;
        Assert.Equal(0, form.ChangeoverMinutes);

        form.SlotResponseDays = 0;
        Assert.True((await data.ConveningAdmin.UpdateAsync(owner, slug, form)).Succeeded);
        await using var db = await data.Db.CreateDbContextAsync();
        var stored = await db.Convenings.Where(c => c.Slug == slug).Select(c => new { c.ChangeoverMinutes, c.SlotResponseDays }).SingleAsync();
        Assert.Equal((0, 0), (stored.ChangeoverMinutes, stored.SlotResponseDays));
    }
}

public sealed class ConveningSettingsPageTests
{
    [Fact]
    public async Task The_settings_page_shows_the_convening_and_saves_what_is_posted()
    {
        await using var app = await EventsAppFactory.CreateAsync();
        app.CreateClient();
        var data = await TestData.ForAsync(app.ConnectionString);
        var owner = await data.AddWithPasswordAsync("Owner", "a long enough passphrase");
        await using (var db = await data.Db.CreateDbContextAsync())
        {
            db.UserRoles.Add(new() { UserId = owner.Id, RoleId = await db.Roles.Where(r => r.Name == "Organiser").Select(r => r.Id).SingleAsync() });
            await db.SaveChangesAsync();
        }
        var (slug, _, _) = await data.AddConveningAsync(owner.Id);
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await client.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = owner.Email, ["Input.Password"] = "a long enough passphrase" });

        var page = await client.GetDocumentAsync($"/organise/{slug}/settings");
        Assert.Equal("Test convening", page.QuerySelector("input[name='Input.Name']")!.GetAttribute("value"));
        var saved = await client.PostFormAsync($"/organise/{slug}/settings", "edit-convening", new Dictionary<string, string>
        {
            ["Input.Name"] = "CSW72 side events", ["Input.StartsOn"] = "2027-03-08", ["Input.EndsOn"] = "2027-03-17", ["Input.TimeZone"] = "America/New_York",
            ["Input.Kind"] = "UnSession", ["Input.Visibility"] = "Unlisted", ["Input.ChangeoverMinutes"] = "10", ["Input.SlotResponseDays"] = "5",
            ["Input.CrossRegionalThreshold"] = "3",
        });
        Assert.Contains("data-testid=\"settings-saved\"", await saved.Content.ReadAsStringAsync());
        await using (var db = await data.Db.CreateDbContextAsync())
        {
            var stored = await db.Convenings.Where(c => c.Slug == slug).Select(c => new { c.Name, c.Visibility }).SingleAsync();
            Assert.Equal(("CSW72 side events", "unlisted"), (stored.Name, stored.Visibility));
        }
    }
}
