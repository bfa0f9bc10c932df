using Dapper;
using Events.Shared.SideEvents;
using Events.Tests.Accounts;
using Events.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Events.Tests.SideEvents;

/// <summary>
/// The programme and the organiser's and proposer's pages in Chromium at desktop (1280 px) and phone (390 px) widths:
/// axe-core finds nothing, nothing scrolls sideways, and a screenshot of each lands in TestResults/screenshots.
/// </summary>
public sealed class ProgrammePagesQualityTests(AccountJourneyFixture fixture) : IClassFixture<AccountJourneyFixture>
{
    private const string Password = "programme pages passphrase 42";
    private string Url(string path) => fixture.Server.BaseUrl + path;

    private async Task<(string Slug, Guid Scheduled, Guid Draft, string OrganiserEmail, string ProposerEmail)> SeedAsync()
    {
        var data = await TestData.ForAsync(fixture.ConnectionString);
        var (organiser, organiserEmail) = await data.AddWithPasswordAsync("Orla Organiser", Password);
        await using (var db = await data.Connections.OpenAsync())
            await db.ExecuteAsync("INSERT INTO user_roles (user_id, role_id) SELECT @organiser, id FROM roles WHERE name = 'Organiser'", new { organiser });
        var (proposer, proposerEmail) = await data.AddWithPasswordAsync("Pia Proposer", Password);
        var (slug, roomA, roomB) = await data.AddConveningAsync(organiser, startsOn: new DateOnly(2027, 3, 8));
        Guid scheduled = Guid.Empty;
        string[] titles = ["Ending online violence against women human rights defenders: what platforms owe", "تمكين المرأة الريفية في مواجهة تغير المناخ",
                           "Care work counts", "Financing for gender equality; budgets, taxes and debt"];
        for (var i = 0; i < titles.Length; i++)
        {
            var id = await data.AddAcceptedEventAsync(slug, proposer, organiser, titles[i], 30, "Amina Yusuf");
            var result = await data.Workflow.ScheduleAsync(organiser, new ScheduleForm
            {
                SideEventId = id, RoomId = i % 2 == 0 ? roomA : roomB, Day = new DateOnly(2027, 3, 8 + i / 2),
                Start = new TimeOnly(10 + i % 2, 0), End = new TimeOnly(11 + i % 2, 15),
            });
            Assert.True(result.Succeeded, result.Error);
            scheduled = id;
        }
        await data.Workflow.ProposeAsync(proposer, slug, new ProposalForm { Title = "Waiting for review", ProposingOrganisation = "FEMNET" }, submit: true);
        var draft = (await data.Workflow.ProposeAsync(proposer, slug, new ProposalForm { Title = "A draft", ProposingOrganisation = "FEMNET" }, submit: false)).Id!.Value;
        return (slug, scheduled, draft, organiserEmail, proposerEmail);
    }

    private static async Task CheckAsync(IPage page, string name, int width)
    {
        await page.SetViewportSizeAsync(width, width < 600 ? 844 : 900);
        await Accessibility.AssertNoViolationsAsync(page, $"{name} at {width} px");
        await PageWidth.AssertFitsAsync(page, $"{name} at {width} px");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Infrastructure.Browser.ScreenshotDirectory, $"programme-pages-{name}-{width}.png"), FullPage = true });
    }

    private async Task VisitAsync(IPage page, string path, string name, Func<IPage, Task>? ready = null)
    {
        foreach (var width in new[] { 1280, 390 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.GotoAsync(Url(path));
            if (ready is not null) await ready(page);
            await CheckAsync(page, name, width);
        }
    }

    [Fact]
    public async Task The_programme_organiser_and_proposer_pages_pass_axe_and_fit_a_phone()
    {
        var (slug, _, draft, organiserEmail, proposerEmail) = await SeedAsync();

        await using var visitorContext = await fixture.Browser.NewContextAsync();
        var visitor = await visitorContext.NewPageAsync();
        await VisitAsync(visitor, $"/c/{slug}", "programme-list");
        await VisitAsync(visitor, $"/c/{slug}?view=calendar", "programme-calendar-day");
        await VisitAsync(visitor, $"/c/{slug}?view=calendar&span=week", "programme-calendar-week");
        await VisitAsync(visitor, $"/c/{slug}?view=calendar&rooms=rows", "programme-calendar-rows");

        // Printed, the whole programme is the content alone: no filters, tabs or calendar links, every event there.
        await visitor.SetViewportSizeAsync(1280, 900);
        await visitor.GotoAsync(Url($"/c/{slug}?day=all"));
        await visitor.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(visitor.GetByTestId("programme-filter")).ToBeHiddenAsync();
        await Assertions.Expect(visitor.GetByTestId("subscribe-calendar")).ToBeHiddenAsync();
        await Assertions.Expect(visitor.Locator("[data-testid=programme-list] [data-event-id]")).ToHaveCountAsync(4);
        foreach (var item in await visitor.Locator("[data-testid=programme-list] [data-event-id]").AllAsync())
            await Assertions.Expect(item).ToBeVisibleAsync();
        await visitor.ScreenshotAsync(new() { Path = Path.Combine(Infrastructure.Browser.ScreenshotDirectory, "programme-pages-programme-print.png"), FullPage = true });
        await visitor.EmulateMediaAsync(new() { Media = Media.Screen });

        await using var organiserContext = await fixture.Browser.NewContextAsync();
        var organiser = await Infrastructure.Browser.LogInAsync(organiserContext, fixture.Server.BaseUrl, organiserEmail, Password);
        static Task Interactive(IPage p) => Assertions.Expect(p.GetByTestId("workspace-scheduler")).ToHaveAttributeAsync("data-interactive", "true");
        await VisitAsync(organiser, $"/organise/{slug}", "workspace", Interactive);
        await VisitAsync(organiser, "/organise", "my-convenings");
        await VisitAsync(organiser, "/organise/new", "new-convening");
        await VisitAsync(organiser, $"/organise/{slug}/settings", "convening-settings");

        await using var proposerContext = await fixture.Browser.NewContextAsync();
        var proposer = await Infrastructure.Browser.LogInAsync(proposerContext, fixture.Server.BaseUrl, proposerEmail, Password);
        await VisitAsync(proposer, $"/c/{slug}/propose", "propose");
        await VisitAsync(proposer, "/my/proposals", "my-proposals", p => Assertions.Expect(p.GetByTestId("proposal").First).ToBeVisibleAsync());
        await VisitAsync(proposer, $"/my/proposals/{draft}/edit", "edit-proposal");
    }

    [Fact]
    public async Task An_organiser_picks_a_free_place_with_the_keyboard_and_cancels_an_event_only_after_confirming()
    {
        var (slug, scheduled, _, organiserEmail, _) = await SeedAsync();
        await using var context = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await Infrastructure.Browser.LogInAsync(context, fixture.Server.BaseUrl, organiserEmail, Password);
        await page.GotoAsync(Url($"/organise/{slug}"));
        await Assertions.Expect(page.GetByTestId("workspace-scheduler")).ToHaveAttributeAsync("data-interactive", "true");

        // Counted once each, by where they stand now: 4 scheduled, 1 waiting, the draft not at all.
        await Assertions.Expect(page.GetByTestId("counts")).ToContainTextAsync("5 proposals in all");
        await Assertions.Expect(page.GetByTestId("counts")).ToContainTextAsync("4 scheduled");
        await Assertions.Expect(page.GetByTestId("counts")).ToContainTextAsync("1 waiting for review");
        await Assertions.Expect(page.Locator($"[data-testid=scheduled] a[href='/qa/{scheduled}/moderate']")).ToHaveCountAsync(1);

        // The grid has one tab stop; arrow keys move it, Enter picks the place into the form.
        var stop = page.Locator("[data-testid=room-grid] button.rtg-slot[tabindex='0']");
        await stop.FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(page.Locator("[data-testid=room-grid] button.rtg-slot[tabindex='0']")).ToContainTextAsync("Conference Room 2, Mon 8 Mar 08:00, free");
        // The focus follows after the render: the next key goes to the place that has it.
        await Assertions.Expect(page.Locator("[data-testid=room-grid] button.rtg-slot:focus")).ToContainTextAsync("Conference Room 2, Mon 8 Mar 08:00, free");
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.Locator("[data-testid=room-grid] button.rtg-slot:focus")).ToContainTextAsync("Conference Room 2, Mon 8 Mar 08:15, free");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByLabel("Start", new() { Exact = true })).ToHaveValueAsync("08:15");
        await Assertions.Expect(page.GetByLabel("End", new() { Exact = true })).ToHaveValueAsync("09:30");
        Assert.Contains("Conference Room 2", await page.GetByLabel("Room", new() { Exact = true }).Locator("option:checked").TextContentAsync());

        // Cancelling asks first, on the page, with the reason; keeping the event changes nothing.
        var row = page.Locator($"[data-testid=scheduled] tr").Filter(new() { Has = page.Locator($"a[href='/e/{scheduled}']") });
        await row.GetByRole(AriaRole.Link, new() { Name = "Cancel event" }).ClickAsync();
        var question = page.GetByTestId("workspace-confirm");
        await Assertions.Expect(question).ToContainTextAsync("It cannot be undone.");
        await Assertions.Expect(question.GetByRole(AriaRole.Heading)).ToContainTextAsync("Cancel “");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Infrastructure.Browser.ScreenshotDirectory, "programme-pages-workspace-confirm-cancel.png") });
        await question.GetByRole(AriaRole.Link, new() { Name = "Keep it" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("workspace-confirm")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("counts")).ToContainTextAsync("4 scheduled");

        await row.GetByRole(AriaRole.Link, new() { Name = "Cancel event" }).ClickAsync();
        await page.GetByTestId("workspace-confirm").GetByRole(AriaRole.Textbox).FillAsync("The speakers' travel was disrupted.");
        await page.GetByTestId("workspace-confirm").GetByRole(AriaRole.Button, new() { Name = "Cancel the event" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("workspace-message")).ToContainTextAsync("cancelled.");
        await Assertions.Expect(page.GetByTestId("counts")).ToContainTextAsync("3 scheduled");
        await Assertions.Expect(page.GetByTestId("counts")).ToContainTextAsync("1 cancelled");
    }

    [Fact]
    public async Task A_tampered_number_or_a_cleared_date_never_shows_a_framework_error_and_the_date_gets_its_sentence()
    {
        var (slug, _, _, organiserEmail, _) = await SeedAsync();
        await using var context = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await Infrastructure.Browser.LogInAsync(context, fixture.Server.BaseUrl, organiserEmail, Password);
        await page.GotoAsync(Url($"/organise/{slug}/settings"));
        // A browser keeps letters out of a number box; a tampered or scripted post does not.
        await page.EvalOnSelectorAsync("input[name='Input.ChangeoverMinutes']", "e => { e.type = 'text'; e.value = 'ten'; }");
        await page.GetByLabel("First day").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.Locator("label", new() { HasText = "First day" }).Locator("[data-field-message]")).ToHaveTextAsync("Enter the first day.");
        var html = await page.ContentAsync();
        Assert.DoesNotContain("is not valid for", html);
        Assert.DoesNotContain("settings-saved", html);
        await Accessibility.AssertNoViolationsAsync(page, "the settings form with errors");
    }
}
