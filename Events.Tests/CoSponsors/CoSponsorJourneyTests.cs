using System.Text.Json;
using System.Text.RegularExpressions;
using Events.Shared.SideEvents;
using Events.Tests.Accounts;
using Events.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Events.Tests.CoSponsors;

/// <summary>
/// In Chromium against the real server: an organiser invites five States from three regional groups and one UN entity;
/// four confirm through their mailed links without logging in, one declines; the public event page then shows the four
/// grouped by region with the cross-regional mark, and nothing about the decline or the one still pending.
/// </summary>
public sealed class CoSponsorJourneyTests(AccountJourneyFixture fixture) : IClassFixture<AccountJourneyFixture>
{
    private string Url(string path) => fixture.Server.BaseUrl + path;
    private static string Shot(string name) => Path.Combine(Infrastructure.Browser.ScreenshotDirectory, name);

    /// <summary>An outcome the board shows in a snackbar.</summary>
    private static ILocator Snackbar(IPage page, string text) => page.Locator(".mud-snackbar").Filter(new() { HasText = text });

    /// <summary>An action that sends mail and reloads the board can take a while on a loaded machine.</summary>
    private static readonly LocatorAssertionsToBeVisibleOptions Slow = new() { Timeout = 20000 };

    private static async Task NoSidewaysScrollAsync(IPage page, string what) =>
        await PageWidth.AssertFitsAsync(page, what);

    /// <summary>The co-sponsor link in the newest mail to this address, read from the development mailbox's folder.</summary>
    private string LinkFromMailbox(string to)
    {
        var newest = Directory.GetFiles(Path.Combine(fixture.DataDirectory, "mailbox"), "*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement)
            .Where(m => m.GetProperty("to").GetString() == to)
            .OrderByDescending(m => m.GetProperty("sentAt").GetDateTimeOffset())
            .First();
        var match = Regex.Match(newest.GetProperty("textBody").GetString()!, @"https?://\S+/cosponsor/[A-Za-z0-9_-]{43}");
        Assert.True(match.Success, "no co-sponsor link in the mail");
        return match.Value;
    }

    [Fact]
    public async Task Five_States_and_a_UN_entity_are_invited_four_confirm_by_link_one_declines_and_the_event_page_shows_cross_regional_backing()
    {
        // A convening the admin organises, with one scheduled side event (set up directly in the server's database).
        var data = await TestData.ForAsync(fixture.ConnectionString);
        var adminId = await data.ScalarAsync<Guid>("SELECT id FROM users WHERE normalized_email = upper(@email)", new { email = AccountJourneyFixture.AdminEmail });
        var (slug, room, _) = await data.AddConveningAsync(adminId);
        const string title = "Financing feminist movements";
        var eventId = await data.AddAcceptedEventAsync(slug, adminId, adminId, title);
        var scheduled = await data.Workflow.ScheduleAsync(adminId, new ScheduleForm
        {
            SideEventId = eventId, RoomId = room, Day = new DateOnly(2027, 3, 10), Start = new TimeOnly(13, 15), End = new TimeOnly(14, 30),
        });
        Assert.True(scheduled.Succeeded, scheduled.Error);

        // The organiser logs in and opens the event's co-sponsor board.
        await using var organiserContext = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var board = await organiserContext.NewPageAsync();
        await board.GotoAsync(Url("/account/login"));
        await board.GetByLabel("E-mail address").FillAsync(AccountJourneyFixture.AdminEmail);
        await board.GetByLabel("Password", new() { Exact = true }).FillAsync(AccountJourneyFixture.AdminPassword);
        await board.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await board.WaitForURLAsync(u => !u.Contains("/account/login"));
        await board.GotoAsync(Url($"/organise/{slug}/events/{eventId}/cosponsors"));
        await Assertions.Expect(board.GetByTestId("board-title")).ToHaveAttributeAsync("data-interactive", "true");

        // Five States from three regional groups, in one go.
        var focalPoints = new Dictionary<string, string>
        {
            ["Kenya"] = "wanjiru.kamau@kenya-mission.example.org", ["Ghana"] = "kofi.mensah@ghana-mission.example.org",
            ["Brazil"] = "ana.souza@brasil-missao.example.org", ["Germany"] = "hans.weber@germany-mission.example.org",
            ["Norway"] = "ingrid.berg@norway-mission.example.org", ["UN Women"] = "focal.point@unwomen.example.org",
        };
        await board.GetByLabel("States to invite", new() { Exact = true }).FillAsync(string.Join("\n",
            $"KEN, Wanjiru Kamau, {focalPoints["Kenya"]}", $"GHA, Kofi Mensah, {focalPoints["Ghana"]}", $"BRA, Ana Souza, {focalPoints["Brazil"]}",
            $"DEU, Hans Weber, {focalPoints["Germany"]}", $"NOR, Ingrid Berg, {focalPoints["Norway"]}"));
        await board.GetByLabel("Message to every focal point").FillAsync("We would be honoured to have your delegation's support.");
        await board.GetByRole(AriaRole.Button, new() { Name = "Send invitations", Exact = true }).ClickAsync();
        await Assertions.Expect(Snackbar(board, "5 invitations sent.")).ToBeVisibleAsync(Slow);

        // And one UN entity.
        await board.GetByLabel("Co-sponsor kind").SelectOptionAsync("UnEntity");
        await board.GetByLabel("UN entity", new() { Exact = true }).SelectOptionAsync("UN-WOMEN");
        await board.GetByLabel("Focal point's name").FillAsync("Maria Rossi");
        await board.GetByLabel("Focal point's e-mail").FillAsync(focalPoints["UN Women"]);
        await board.GetByRole(AriaRole.Button, new() { Name = "Send invitation", Exact = true }).ClickAsync();
        await Assertions.Expect(Snackbar(board, "Invitation sent to Maria Rossi")).ToBeVisibleAsync(Slow);
        await Assertions.Expect(board.Locator("[data-testid=invitations] [data-sponsor][data-status=invited]")).ToHaveCountAsync(6);
        await board.ScreenshotAsync(new() { Path = Shot("cosponsors-board-invited.png"), FullPage = true });

        // Four confirm and one declines, each through their own link, without logging in.
        async Task<IPage> OpenLinkAsync(string sponsor)
        {
            var context = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
            var page = await context.NewPageAsync();
            var response = await page.GotoAsync(LinkFromMailbox(focalPoints[sponsor]));
            Assert.Equal(200, response!.Status);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("invitation-greeting")).ToContainTextAsync(sponsor == "UN Women" ? "United Nations Entity for Gender Equality" : sponsor);
            await Assertions.Expect(page.GetByTestId("user-name")).ToHaveCountAsync(0);
            return page;
        }

        foreach (var (sponsor, official, officialTitle) in new[]
                 {
                     ("Kenya", "H.E. Ms Wanjiru Kamau", "Permanent Representative"), ("Brazil", "H.E. Mr Sérgio Danese", "Ambassador"),
                     ("Germany", "Dr Antje Leendertse", "Permanent Representative"), ("UN Women", "Ms Sima Bahous", "Executive Director"),
                 })
        {
            var page = await OpenLinkAsync(sponsor);
            await page.GetByLabel("Name of the official who authorises the co-sponsorship").FillAsync(official);
            await page.GetByLabel("The official's title").FillAsync(officialTitle);
            await page.GetByLabel("Name to show on the programme").FillAsync(sponsor);
            if (sponsor == "Kenya")
            {
                await page.ScreenshotAsync(new() { Path = Shot("cosponsors-focal-point-link.png"), FullPage = true });
                await Accessibility.AssertNoViolationsAsync(page, "the focal point's page on a phone");
                await NoSidewaysScrollAsync(page, "The focal point's page");
            }
            await page.GetByRole(AriaRole.Button, new() { Name = "Confirm co-sponsorship" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("answer-saved")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("current-answer")).ToHaveAttributeAsync("data-status", "confirmed");
            if (sponsor == "Kenya") await page.ScreenshotAsync(new() { Path = Shot("cosponsors-focal-point-confirmed.png"), FullPage = true });
            await page.Context.CloseAsync();
        }

        var norway = await OpenLinkAsync("Norway");
        await norway.GetByLabel("Reason (optional, seen by the organisers only)").FillAsync("Our capital has not cleared co-sponsorships this session.");
        await norway.GetByRole(AriaRole.Button, new() { Name = "Decline the invitation" }).ClickAsync();
        await Assertions.Expect(norway.GetByTestId("current-answer")).ToHaveAttributeAsync("data-status", "declined");
        await norway.Context.CloseAsync();

        // A logged-out visitor sees the four, States grouped by region, marked cross-regional, and nothing of Norway or Ghana.
        await using var visitorContext = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1200, Height = 1000 } });
        var visitor = await visitorContext.NewPageAsync();
        await visitor.GotoAsync(Url($"/e/{eventId}"));
        var sponsors = visitor.GetByTestId("co-sponsors");
        await Assertions.Expect(sponsors).ToHaveAttributeAsync("data-cross-regional", "true");
        await Assertions.Expect(sponsors.GetByTestId("cross-regional")).ToContainTextAsync("Cross-regional backing");
        await Assertions.Expect(sponsors.Locator(".side-event-sponsor-group[data-group=african] li")).ToHaveTextAsync(["Kenya"]);
        await Assertions.Expect(sponsors.Locator(".side-event-sponsor-group[data-group=latin_american_caribbean] li")).ToHaveTextAsync(["Brazil"]);
        await Assertions.Expect(sponsors.Locator(".side-event-sponsor-group[data-group=western_european_other] li")).ToHaveTextAsync(["Germany"]);
        await Assertions.Expect(sponsors.Locator(".side-event-sponsor-group")).ToHaveCountAsync(3);
        await Assertions.Expect(sponsors.GetByTestId("co-sponsor-un-entities").Locator("li")).ToHaveTextAsync(["UN Women"]);
        var html = await visitor.ContentAsync();
        foreach (var hidden in new[] { "Norway", "Ghana", "capital has not cleared", "Wanjiru Kamau", "mission.example.org" })
            Assert.DoesNotContain(hidden, html);
        await sponsors.ScrollIntoViewIfNeededAsync();
        await visitor.ScreenshotAsync(new() { Path = Shot("cosponsors-event-page.png"), FullPage = true });

        await visitor.GotoAsync(Url($"/c/{slug}"));
        await Assertions.Expect(visitor.Locator($"[data-event-id='{eventId}'] [data-testid=cross-regional-badge]")).ToBeVisibleAsync();
        Assert.DoesNotContain("Norway", await visitor.ContentAsync());

        // The organiser's board has every answer and who gave it; the list meets the (empty) rules and is marked final.
        await board.ReloadAsync();
        await Assertions.Expect(board.GetByTestId("board-title")).ToHaveAttributeAsync("data-interactive", "true");
        await Assertions.Expect(board.Locator("[data-testid=invitations] [data-sponsor][data-status=confirmed]")).ToHaveCountAsync(4);
        await Assertions.Expect(board.Locator("[data-testid=invitations] [data-sponsor=Norway]")).ToHaveAttributeAsync("data-status", "declined");
        await Assertions.Expect(board.Locator("[data-testid=invitations] [data-sponsor=Ghana]")).ToHaveAttributeAsync("data-status", "invited");
        await Assertions.Expect(board.GetByTestId("history")).ToContainTextAsync("focal point of Norway");

        // Revoking asks first: "Keep" changes nothing, "Revoke" (in the error colour) ends the link.
        var ghanaRevoke = board.GetByRole(AriaRole.Button, new() { Name = "Revoke: Ghana" });
        await ghanaRevoke.ClickAsync();
        var dialog = board.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Revoke this invitation?");
        await Accessibility.AssertNoViolationsAsync(board, "the co-sponsor board with the revoke dialog");
        await board.ScreenshotAsync(new() { Path = Shot("cosponsors-board-revoke-dialog.png") });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep the invitation" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(board.Locator("[data-testid=invitations] [data-sponsor=Ghana]")).ToHaveAttributeAsync("data-status", "invited");
        await ghanaRevoke.ClickAsync();
        await Assertions.Expect(board.GetByTestId("confirm-yes")).ToHaveClassAsync(new Regex("mud-button-filled-error"));
        await board.GetByTestId("confirm-yes").ClickAsync();
        await Assertions.Expect(Snackbar(board, "The invitation to Ghana is revoked")).ToBeVisibleAsync(Slow);
        await Assertions.Expect(board.Locator("[data-testid=invitations] [data-sponsor=Ghana]")).ToHaveAttributeAsync("data-status", "revoked");

        await board.GetByRole(AriaRole.Button, new() { Name = "Mark final" }).ClickAsync();
        await Assertions.Expect(Snackbar(board, "The list is final.")).ToBeVisibleAsync(Slow);
        await Assertions.Expect(board.GetByTestId("list-state")).ToHaveTextAsync("final");
        await board.ScreenshotAsync(new() { Path = Shot("cosponsors-board-final.png"), FullPage = true });
        await Accessibility.AssertNoViolationsAsync(board, "the co-sponsor board");
        await board.SetViewportSizeAsync(390, 844);
        await Accessibility.AssertNoViolationsAsync(board, "the co-sponsor board on a phone");
        await NoSidewaysScrollAsync(board, "The co-sponsor board");
        await board.ScreenshotAsync(new() { Path = Shot("cosponsors-board-phone.png"), FullPage = true });
        await board.SetViewportSizeAsync(1400, 1000);

        // The workspace lists the event's co-sponsor state and links to the board. Read from the page as the server first
        // renders it: the workspace's interactive circuit is not what this journey is about.
        var workspace = await organiserContext.APIRequest.GetAsync(Url($"/organise/{slug}"));
        Assert.Equal(200, workspace.Status);
        var row = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await workspace.TextAsync())
            .QuerySelector($"[data-testid=co-sponsor-overview] tr[data-title='{title}']")!;
        Assert.Contains("final", row.TextContent);
        Assert.Equal("true", row.GetAttribute("data-eligible"));
        var boardLink = row.QuerySelector("a")!.GetAttribute("href")!;
        Assert.Equal($"/organise/{slug}/events/{eventId}/cosponsors", boardLink);
        await board.GotoAsync(Url(boardLink));
        await Assertions.Expect(board.GetByTestId("list-state")).ToHaveTextAsync("final");
    }
}
