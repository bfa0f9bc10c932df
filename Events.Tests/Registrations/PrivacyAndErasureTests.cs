using System.Net;
using Events.Server.Registrations;
using Events.Shared.Registrations;
using Events.Shared.SideEvents;
using AngleSharp.Dom;
using Events.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Events.Tests.Registrations;

public sealed class PrivacyAndErasureTests
{
    private const string Password = "a long enough passphrase";

    private static async Task<(EventsAppFactory App, TestData Data, Guid Organiser, Guid EventId)> AppWithEventAsync()
    {
        var app = await EventsAppFactory.CreateAsync();
        app.CreateClient(); // starts the app, which migrates its database
        var data = await TestData.ForAsync(app.ConnectionString);
        var organiser = await data.AddUserAsync("Org", "Organiser");
        var (slug, room, _) = await data.AddConveningAsync(organiser, startsOn: new DateOnly(2030, 3, 4));
        var id = await data.AddAcceptedEventAsync(slug, organiser, organiser, "Defenders at the UN", capacity: 1);
        await data.Workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = id, RoomId = room, Day = new(2030, 3, 5), Start = new(10, 0), End = new(11, 0) });
        return (app, data, organiser, id);
    }

    private static async Task<HttpClient> LoggedInClientAsync(EventsAppFactory app, string email)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    [Fact]
    public async Task A_non_consenting_attendee_is_never_shown_to_visitors_or_other_participants()
    {
        var (app, data, organiser, id) = await AppWithEventAsync();
        await using var _ = app;
        var (registrations, _) = await TestRegistrations.CreateAsync(data);
        var visible = await data.AddWithPasswordAsync("Visible Volunteer", Password);
        var defender = await data.AddWithPasswordAsync("Zainab Defender", Password);
        await registrations.Profiles.SaveProfileAsync(visible.Id, new ParticipantProfileForm { ConsentPublishName = true });
        await registrations.Profiles.SaveProfileAsync(defender.Id, new ParticipantProfileForm { StakeholderGroup = StakeholderGroup.HumanRightsDefender, Organisation = "Secret Shelter" });
        await registrations.Participants.RegisterAsync(visible.Id, id);
        await registrations.Participants.RegisterAsync(defender.Id, id); // waitlisted: capacity 1
        await registrations.Desk.UpdateSettingsAsync(organiser, id, new RegistrationSettings(RegistrationMode.Open, AttendeeListPublic: true));

        var anonymous = await app.CreateClient().GetStringAsync($"/e/{id}");
        var participant = await (await LoggedInClientAsync(app, visible.Email)).GetStringAsync($"/e/{id}");

        Assert.Contains("Visible Volunteer", anonymous);
        foreach (var html in new[] { anonymous, participant })
        {
            Assert.DoesNotContain("Zainab", html);
            Assert.DoesNotContain("Secret Shelter", html);
            Assert.DoesNotContain(defender.Email, html);
        }
        // The organisers' list and the CSV export are for the event's staff only.
        var other = await LoggedInClientAsync(app, visible.Email);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/organise/events/{id}/attendees.csv")).StatusCode);
    }

    [Fact]
    public async Task Erasing_an_account_frees_the_seat_for_the_waitlist_and_leaves_no_trace_in_the_export()
    {
        var (app, data, organiser, id) = await AppWithEventAsync();
        await using var _ = app;
        var (registrations, _) = await TestRegistrations.CreateAsync(data);
        var leaving = await data.AddWithPasswordAsync("Leila Leaving", Password);
        var waiting = await data.AddWithPasswordAsync("Wanda Waiting", Password);
        await registrations.Profiles.SaveProfileAsync(leaving.Id, new ParticipantProfileForm { Organisation = "Leila's Collective", Country = "Atlantis", AccessibilityNeeds = "Step-free route" });
        await registrations.Participants.RegisterAsync(leaving.Id, id);
        await registrations.Participants.RegisterAsync(waiting.Id, id);
        Assert.Contains("Leila Leaving", AttendeeExport.ToCsv(await registrations.Queries.AttendeesAsync(organiser, id)));

        var client = await LoggedInClientAsync(app, leaving.Email);
        var wrong = await HtmlForms.EraseAccountAsync(client, "not the password");
        Assert.Equal("/my/profile?outcome=erase-refused", wrong.Headers.Location!.OriginalString);
        Assert.Contains("nothing was deleted", await client.GetStringAsync(wrong.Headers.Location!.OriginalString));
        var deleted = await HtmlForms.EraseAccountAsync(client, Password);
        Assert.Equal("/?outcome=erased", deleted.Headers.Location!.OriginalString);
        Assert.Contains("have been erased", await app.CreateClient().GetStringAsync("/?outcome=erased"));

        var csv = AttendeeExport.ToCsv(await registrations.Queries.AttendeesAsync(organiser, id));
        foreach (var trace in new[] { "Leila", leaving.Email, "Collective", "Atlantis", "Step-free" })
            Assert.DoesNotContain(trace, csv);
        Assert.Contains("Wanda Waiting", csv);
        await using var db = await data.Db.CreateDbContextAsync();
        Assert.Equal(0, await db.Users.CountAsync(u => u.Id == leaving.Id));
        Assert.Equal(0, await db.ParticipantProfiles.CountAsync(p => p.UserId == leaving.Id));
        // The seat went to the waitlist, so the figures still add up.
        Assert.Equal(RegistrationStatus.Confirmed, (await registrations.Queries.MineAsync(waiting.Id)).Single().Status);
        var figures = (await registrations.Queries.FiguresAsync(organiser, id))!;
        Assert.Equal((1, 0), (figures.Confirmed, figures.Waitlisted));
        // And the erased person can no longer log in.
        var again = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await again.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = leaving.Email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public void Csv_cells_that_a_spreadsheet_would_run_as_formulas_are_defused()
    {
        var row = new AttendeeRow(Guid.NewGuid(), "=HYPERLINK(\"http://evil\")", "a@example.org", "+cmd", null, null, null, null, false, false,
            RegistrationStatus.Confirmed, DateTimeOffset.UtcNow, null, false);
        var csv = AttendeeExport.ToCsv([row]);
        Assert.Contains("'=HYPERLINK", csv);
        Assert.Contains("'+cmd", csv);
    }
}
