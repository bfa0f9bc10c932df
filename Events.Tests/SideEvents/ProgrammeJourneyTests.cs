using Events.Tests.Accounts;
using Events.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Events.Tests.SideEvents;

/// <summary>
/// An organiser builds a programme in the browser: creates a convening with two rooms, accepts three proposals,
/// schedules them, is refused a clashing fourth; a logged-out visitor then sees the three in both programme views.
/// </summary>
public sealed class ProgrammeJourneyTests(AccountJourneyFixture fixture) : IClassFixture<AccountJourneyFixture>
{
    private string Url(string path) => fixture.Server.BaseUrl + path;
    private static string Shot(string name) => Path.Combine(Infrastructure.Browser.ScreenshotDirectory, name);

    [Fact]
    public async Task An_organiser_builds_a_clash_free_programme_that_visitors_see_in_list_and_calendar()
    {
        var slug = "journey-" + Guid.NewGuid().ToString("N")[..6];
        await using var organiserContext = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var page = await Infrastructure.Browser.LogInAsync(organiserContext, fixture.Server.BaseUrl, AccountJourneyFixture.AdminEmail, AccountJourneyFixture.AdminPassword);

        // A convening.
        await page.GotoAsync(Url("/organise/new"));
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true }).FillAsync("CSW72 side events");
        await page.GetByLabel("Short address").FillAsync(slug);
        await page.GetByLabel("First day").FillAsync("2028-03-06");
        await page.GetByLabel("Last day").FillAsync("2028-03-17");
        await page.GetByLabel("Time zone").FillAsync("America/New_York");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create convening" }).ClickAsync();
        await page.WaitForURLAsync(u => u.EndsWith($"/organise/{slug}"));
        await Assertions.Expect(page.GetByTestId("workspace-scheduler")).ToHaveAttributeAsync("data-interactive", "true");

        // Two rooms.
        foreach (var (room, seats) in new[] { ("Conference Room 11", "120"), ("Conference Room 12", "80") })
        {
            await page.GetByLabel("Venue").FillAsync("United Nations Headquarters");
            await page.GetByLabel("Room name").FillAsync(room);
            await page.GetByLabel("Capacity").FillAsync(seats);
            await page.GetByRole(AriaRole.Button, new() { Name = "Add room" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("workspace-message")).ToHaveTextAsync($"{room} added.");
        }

        // Four proposals.
        string[] titles = ["Rural women and climate finance", "Ending online violence against defenders", "Care work counts", "A clashing fourth"];
        foreach (var title in titles)
        {
            await page.GotoAsync(Url($"/c/{slug}/propose"));
            await page.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
            await page.GetByLabel("Proposing organisation").FillAsync("Women's Rights Action Network");
            await page.GetByLabel("Speaker name").First.FillAsync("Amina Yusuf");
            await page.GetByLabel("Speaker organisation").First.FillAsync("FEMNET");
            await page.GetByRole(AriaRole.Button, new() { Name = "Submit for review" }).ClickAsync();
            try { await page.WaitForURLAsync(u => u.EndsWith("/my/proposals")); }
            catch (TimeoutException) { await page.ScreenshotAsync(new() { Path = Shot("failed-proposal.png"), FullPage = true }); throw; }
        }

        // Review: accept all four.
        await page.GotoAsync(Url($"/organise/{slug}"));
        await Assertions.Expect(page.GetByTestId("workspace-scheduler")).ToHaveAttributeAsync("data-interactive", "true");
        await page.ScreenshotAsync(new() { Path = Shot("workspace-review-queue.png"), FullPage = true });
        foreach (var title in titles)
        {
            await page.Locator($"[data-testid=review-queue] tr[data-title='{title}']").GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("workspace-message")).ToHaveTextAsync($"“{title}” accepted.");
        }

        async Task ScheduleAsync(string title, string room, string start, string end)
        {
            await page.GetByLabel("Side event", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = title });
            await page.GetByLabel("Room", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = $"{room} (United Nations Headquarters, {(room.EndsWith("11") ? 120 : 80)} seats)" });
            await page.GetByLabel("Day", new() { Exact = true }).SelectOptionAsync("2028-03-07");
            await page.GetByLabel("Start", new() { Exact = true }).FillAsync(start);
            await page.GetByLabel("End", new() { Exact = true }).FillAsync(end);
            await page.GetByRole(AriaRole.Button, new() { Name = "Schedule", Exact = true }).ClickAsync();
        }

        await ScheduleAsync(titles[0], "Conference Room 11", "10:00", "11:15");
        await Assertions.Expect(page.GetByTestId("schedule-message")).ToHaveTextAsync($"“{titles[0]}” scheduled.");
        await ScheduleAsync(titles[1], "Conference Room 12", "10:00", "11:15");
        await Assertions.Expect(page.GetByTestId("schedule-message")).ToHaveTextAsync($"“{titles[1]}” scheduled.");
        await ScheduleAsync(titles[2], "Conference Room 11", "13:00", "14:15");
        await Assertions.Expect(page.GetByTestId("schedule-message")).ToHaveTextAsync($"“{titles[2]}” scheduled.");
        await ScheduleAsync(titles[3], "Conference Room 11", "10:30", "11:30");
        await Assertions.Expect(page.GetByTestId("schedule-error")).ToHaveTextAsync(
            $"Conference Room 11 is already booked for “{titles[0]}” on Tue 7 Mar from 10:00 to 11:15 (plus a 15-minute changeover). Choose another room or time.");
        await Assertions.Expect(page.GetByTestId("counts")).ToContainTextAsync("3 scheduled");
        await Assertions.Expect(page.GetByTestId("room-grid")).ToContainTextAsync(titles[0]);
        await page.ScreenshotAsync(new() { Path = Shot("workspace-clash-refused.png"), FullPage = true });

        // A logged-out visitor sees the three, in both views, and nothing of the fourth.
        await using var visitorContext = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        var visitor = await visitorContext.NewPageAsync();
        await visitor.GotoAsync(Url($"/c/{slug}"));
        foreach (var title in titles[..3]) await Assertions.Expect(visitor.GetByText(title).First).ToBeVisibleAsync();
        await Assertions.Expect(visitor.GetByText(titles[3])).ToHaveCountAsync(0);
        await visitor.ScreenshotAsync(new() { Path = Shot("programme-list-phone.png"), FullPage = true });

        await visitor.SetViewportSizeAsync(1400, 1000);
        await visitor.GotoAsync(Url($"/c/{slug}?view=calendar&day=2028-03-07"));
        foreach (var title in titles[..3]) await Assertions.Expect(visitor.GetByTestId("room-time-grid").GetByText(title).First).ToBeVisibleAsync();
        await Assertions.Expect(visitor.GetByTestId("room-time-grid").GetByText(titles[3])).ToHaveCountAsync(0);
        await Accessibility.AssertNoViolationsAsync(visitor, "the programme calendar at 1400 px");
        await visitor.ScreenshotAsync(new() { Path = Shot("programme-calendar.png"), FullPage = true });
    }
}
