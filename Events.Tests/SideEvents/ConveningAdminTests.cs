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
