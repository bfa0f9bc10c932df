using System.Net;
using Events.Server.Accounts;
using Events.Shared.SideEvents;
using Events.Tests.Infrastructure;

namespace Events.Tests.Accounts;

/// <summary>
/// Events:Security:RequireTwoFactorForStaff over HTTP: staff without two-factor sign-in are sent to enrol and kept out of
/// every staff address (pages, exports, form posts) while their participant pages keep working; once enrolled they get in.
/// </summary>
public sealed class StaffTwoFactorTests
{
    private static async Task<(EventsAppFactory App, TestData Data)> AppAsync(bool required)
    {
        var app = await EventsAppFactory.CreateAsync(new Dictionary<string, string?> { ["Events:Security:RequireTwoFactorForStaff"] = required ? "true" : "false" });
        app.CreateClient(); // starts the app, which migrates its database
        return (app, await TestData.ForAsync(app.ConnectionString));
    }

    private static async Task<(string Slug, Guid EventId)> ConveningAsync(TestData data, Guid organiser)
    {
        var (slug, room, _) = await data.AddConveningAsync(organiser, startsOn: new DateOnly(2030, 3, 4));
        var id = await data.AddAcceptedEventAsync(slug, organiser, organiser, "Defenders at the UN");
        var scheduled = await data.Workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = id, RoomId = room, Day = new(2030, 3, 5), Start = new(10, 0), End = new(11, 0) });
        Assert.True(scheduled.Succeeded, scheduled.Error);
        return (slug, id);
    }

    /// <summary>Admin pages refuse other roles before this rule is asked, so they are in the list for Admins only.</summary>
    private static string[] StaffAddresses(string slug, Guid eventId, bool admin) =>
    [
        "/organise", $"/organise/{slug}", $"/organise/{slug}/settings", $"/organise/events/{eventId}/attendees",
        $"/organise/events/{eventId}/attendees.csv", $"/organise/{slug}/events/{eventId}/cosponsors", $"/checkin/{eventId}",
        $"/qa/{eventId}/moderate", $"/qa/{eventId}/present", $"/qa/{eventId}/questions.csv",
        .. admin ? new[] { "/admin/users", "/admin/mailbox", "/ADMIN/Mailbox/" } : [],
    ];

    [Theory]
    [InlineData("Organiser")]
    [InlineData("Admin")]
    [InlineData("Moderator")]
    public async Task Staff_without_two_factor_are_sent_to_enrol_and_kept_out_of_staff_addresses_until_they_do(string role)
    {
        var (app, data) = await AppAsync(required: true);
        await using var _ = app;
        var staff = await data.AccountAsync("Olga Staff", role);
        var organiser = await data.AccountAsync("Convening Owner", "Organiser");
        var (slug, eventId) = await ConveningAsync(data, role == "Organiser" ? staff.Id : organiser.Id);

        var client = app.NewClient();
        Assert.Equal("/account/two-factor?returnUrl=%2F", await client.LogInAsync(staff.Email));
        var enrolment = await client.GetDocumentAsync("/account/two-factor?returnUrl=%2F");
        Assert.NotNull(enrolment.QuerySelector("[data-testid=two-factor-required]"));

        foreach (var address in StaffAddresses(slug, eventId, admin: role == "Admin"))
        {
            var response = await client.GetAsync(address);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{address}: {response.StatusCode}");
            Assert.Equal($"/account/two-factor?returnUrl={Uri.EscapeDataString(address)}", response.LocalLocation());
        }
        var post = await client.PostAsync("/organise", new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "convening" }));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Contains("requires two-factor sign-in", await post.Content.ReadAsStringAsync());

        // Participant pages keep working.
        foreach (var address in new[] { "/", "/my/profile", "/my/registrations", "/my/proposals", $"/c/{slug}", $"/e/{eventId}", $"/qa/{eventId}" })
            Assert.True((await client.GetAsync(address)).StatusCode == HttpStatusCode.OK, address);

        await client.EnrolAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/organise")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/qa/{eventId}/moderate")).StatusCode);
        if (role == "Admin") Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/mailbox")).StatusCode);
        if (role == "Organiser") Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/organise/events/{eventId}/attendees.csv")).StatusCode);
    }

    [Fact]
    public async Task A_convenings_organiser_without_the_role_is_staff_too_and_participants_are_never_asked()
    {
        var (app, data) = await AppAsync(required: true);
        await using var _ = app;
        var owner = await data.AccountAsync("Convening Owner", "Organiser");
        var (slug, eventId) = await ConveningAsync(data, owner.Id);
        var coOrganiser = await data.AccountAsync("Co Organiser");
        await data.ScalarAsync<int>("""
            INSERT INTO convening_organisers (convening_id, user_id) SELECT id, @Id FROM convenings WHERE slug = @slug RETURNING 1
            """, new { coOrganiser.Id, slug });
        var participant = await data.AccountAsync("Pat Participant");

        var co = app.NewClient();
        Assert.StartsWith("/account/two-factor", await co.LogInAsync(coOrganiser.Email));
        Assert.Equal(HttpStatusCode.Redirect, (await co.GetAsync($"/organise/events/{eventId}/attendees.csv")).StatusCode);

        var person = app.NewClient();
        Assert.Equal("/", await person.LogInAsync(participant.Email));
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/organise")).StatusCode); // their own (empty) list
        var page = await person.GetDocumentAsync("/account/two-factor");
        Assert.Null(page.QuerySelector("[data-testid=two-factor-required]"));
    }

    [Fact]
    public async Task With_the_setting_off_staff_use_staff_pages_without_two_factor()
    {
        var (app, data) = await AppAsync(required: false);
        await using var _ = app;
        var organiser = await data.AccountAsync("Olga Organiser", "Organiser");
        var (_, eventId) = await ConveningAsync(data, organiser.Id);
        var client = app.NewClient();
        Assert.Equal("/", await client.LogInAsync(organiser.Email));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/organise")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/organise/events/{eventId}/attendees.csv")).StatusCode);
    }

    [Fact]
    public async Task A_mistyped_setting_stops_the_server_at_start_up()
    {
        await using var app = await EventsAppFactory.CreateAsync(new Dictionary<string, string?> { ["Events:Security:RequireTwoFactorForStaff"] = "perhaps" });
        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("RequireTwoFactorForStaff", failure.ToString());
    }

    [Theory]
    [InlineData("/organise", true)]
    [InlineData("/organise/new", true)]
    [InlineData("/Admin/Users", true)]
    [InlineData("/checkin/6d1f0000-0000-0000-0000-000000000000", true)]
    [InlineData("/qa/6d1f0000-0000-0000-0000-000000000000/moderate", true)]
    [InlineData("/qa/6d1f0000-0000-0000-0000-000000000000/present/", true)]
    [InlineData("/qa/6d1f0000-0000-0000-0000-000000000000/questions.csv", true)]
    [InlineData("/qa/6d1f0000-0000-0000-0000-000000000000", false)]
    [InlineData("/qa", false)]
    [InlineData("/my/profile", false)]
    [InlineData("/organiser-guide", false)]
    [InlineData("/account/two-factor", false)]
    [InlineData("/", false)]
    public void Staff_addresses_are_the_organiser_admin_check_in_and_moderation_ones(string path, bool staff) =>
        Assert.Equal(staff, StaffTwoFactorRule.IsStaffPath(path));
}
