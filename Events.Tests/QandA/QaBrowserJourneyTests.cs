using Events.Tests.Accounts;
using Events.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Events.Tests.QandA;

/// <summary>
/// The live Q&amp;A in Chromium, four browsers at once: a moderator on a laptop, two participants on phones, and the
/// projector. Each view is a page whose script talks to /hubs/qa with the SignalR browser client.
/// </summary>
public sealed class QaBrowserJourneyTests(AccountJourneyFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<AccountJourneyFixture>
{
    private string Url(string path) => fixture.Server.BaseUrl + path;
    private static string Shot(string name) => Path.Combine(Infrastructure.Browser.ScreenshotDirectory, name);
    private static readonly BrowserNewContextOptions Phone = new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true };

    /// <summary>Script errors in any page, reported with the failure (and checked at the end of each journey).</summary>
    private readonly List<string> _scriptErrors = [];

    private async Task<IBrowserContext> ContextAsync(BrowserNewContextOptions? options = null)
    {
        var context = await fixture.Browser.NewContextAsync(options ?? new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        context.Page += (_, page) =>
        {
            page.PageError += (_, error) => Report($"{page.Url}: {error}");
            // The site has no favicon; the browser's request for one is not a script error.
            page.Console += (_, message) => { if (message.Type == "error" && !message.Location.Contains("favicon.ico")) Report($"{page.Url}: {message.Text} ({message.Location})"); };
        };
        return context;
    }

    private void Report(string error)
    {
        lock (_scriptErrors) _scriptErrors.Add(error);
        try { output.WriteLine(error); } catch (InvalidOperationException) { } // the test has ended
    }

    private void NoScriptErrors() { lock (_scriptErrors) Assert.True(_scriptErrors.Count == 0, string.Join("\n", _scriptErrors)); }

    private Task<IPage> LogInAsync(IBrowserContext context, string email) =>
        Infrastructure.Browser.LogInAsync(context, fixture.Server.BaseUrl, email, QaPeople.Password);

    private static Task LiveAsync(IPage page) =>
        Assertions.Expect(page.Locator("#qa-app")).ToHaveAttributeAsync("data-connection", "live", new() { Timeout = 15000 });

    [Fact]
    public async Task A_participant_asks_the_moderator_approves_another_participant_sees_it_and_votes_and_the_presenter_shows_the_highlight()
    {
        var people = await QaPeople.CreateAsync(fixture.ConnectionString);
        var amina = await people.PersonAsync("Amina Asker");
        var bruno = await people.PersonAsync("Bruno Voter");
        const string question = "How will the UN follow up on reprisals against defenders who speak here?";

        // The moderator opens the Q&A with pre-moderation, from the moderator view.
        await using var moderatorContext = await ContextAsync();
        var moderator = await LogInAsync(moderatorContext, people.Organiser.Email);
        await moderator.GotoAsync(Url($"/qa/{people.EventId}/moderate"));
        await LiveAsync(moderator);
        await moderator.GetByLabel("Approve questions before they are shown").CheckAsync();
        await Assertions.Expect(moderator.GetByTestId("qa-mod-message")).ToHaveTextAsync("Saved.");
        await moderator.GetByLabel("Open for questions").CheckAsync();
        await Assertions.Expect(moderator.GetByLabel("Open for questions")).ToBeCheckedAsync();
        await Assertions.Expect(moderator.GetByTestId("qa-code")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-HJKMNP-Z2-9]{6}$"));

        // Amina, on her phone, goes from the event page to the Q&A and asks, anonymously (the default).
        await using var aminaContext = await ContextAsync(Phone);
        var aminaPage = await LogInAsync(aminaContext, amina.Email);
        await aminaPage.GotoAsync(Url($"/e/{people.EventId}"));
        await aminaPage.GetByTestId("live-qa-link").ClickAsync();
        await aminaPage.WaitForURLAsync(u => u.EndsWith($"/qa/{people.EventId}"));
        await LiveAsync(aminaPage);
        await Assertions.Expect(aminaPage.GetByLabel("Show my name (Amina Asker)")).Not.ToBeCheckedAsync();
        await aminaPage.GetByLabel("Your question").FillAsync(question);
        await Assertions.Expect(aminaPage.GetByTestId("qa-counter")).ToHaveTextAsync($"{question.Length} / 500");
        await aminaPage.GetByRole(AriaRole.Button, new() { Name = "Ask" }).ClickAsync();
        await Assertions.Expect(aminaPage.GetByTestId("qa-ask-message")).ToHaveTextAsync("Thank you. Your question will appear once a moderator approves it.");
        await Assertions.Expect(aminaPage.GetByTestId("qa-my-pending")).ToContainTextAsync(question);
        await aminaPage.ScreenshotAsync(new() { Path = Shot("qa-participant-asked-phone.png"), FullPage = true });

        // Bruno, on his phone, sees nothing yet: the question waits for approval.
        await using var brunoContext = await ContextAsync(Phone);
        var brunoPage = await LogInAsync(brunoContext, bruno.Email);
        await brunoPage.GotoAsync(Url($"/qa/{people.EventId}"));
        await LiveAsync(brunoPage);
        await Assertions.Expect(brunoPage.GetByTestId("qa-empty")).ToBeVisibleAsync();

        // The projector, opened from the moderator's laptop.
        var presenter = await moderatorContext.NewPageAsync();
        await presenter.GotoAsync(Url($"/qa/{people.EventId}/present"));
        await LiveAsync(presenter);
        // In the theme's dark variant (EventsTheme.PaletteDark via /theme/projector.css), not colours of its own.
        Assert.Equal(1, await presenter.Locator($"link[rel=stylesheet][href='{Events.Client.Layout.EventsTheme.ProjectorStylesheet}']").CountAsync());
        Assert.Equal(1, await presenter.Locator($"link[rel=stylesheet][href='{Events.Client.QandA.QaStyles.Href}']").CountAsync());
        Assert.Equal("rgb(11, 22, 32)", await presenter.Locator("#qa-app").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));

        // The moderator cannot miss it: a banner, a highlighted tab and the count in the window's title.
        await Assertions.Expect(moderator.GetByTestId("qa-waiting")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("1 question is waiting for approval"));
        await Assertions.Expect(moderator.Locator("[data-tab=pending]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("qa-tab-attention"));
        Assert.StartsWith("(1) ", await moderator.TitleAsync());
        await Accessibility.AssertNoViolationsAsync(moderator, "the moderator view with a waiting question");
        await Accessibility.AssertNoViolationsAsync(aminaPage, "the participant view on a phone");
        await Assertions.Expect(aminaPage.GetByTestId("qa-my-pending").GetByTestId("qa-withdraw")).ToBeVisibleAsync();

        // The moderator sees it waiting, as "Anonymous", and approves it.
        await moderator.GetByTestId("qa-waiting").GetByRole(AriaRole.Button, new() { Name = "Show them" }).ClickAsync();
        await Assertions.Expect(moderator.GetByRole(AriaRole.Tab, new() { Name = "Waiting" })).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(moderator.GetByTestId("qa-waiting")).ToBeHiddenAsync();
        var waiting = moderator.GetByTestId("qa-question").Filter(new() { HasText = question });
        await Assertions.Expect(waiting).ToContainTextAsync("Anonymous");
        await Assertions.Expect(moderator.Locator("[data-tab=pending] .qa-count")).ToHaveTextAsync("1");
        await moderator.ScreenshotAsync(new() { Path = Shot("qa-moderator-queue.png"), FullPage = true });
        await waiting.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(moderator.Locator("[data-tab=published] .qa-count")).ToHaveTextAsync("1");

        // Bruno sees it appear without reloading, and votes.
        var brunosCopy = brunoPage.GetByTestId("qa-question").Filter(new() { HasText = question });
        await Assertions.Expect(brunosCopy).ToBeVisibleAsync();
        await Assertions.Expect(brunosCopy).ToContainTextAsync("Anonymous");
        await brunosCopy.GetByTestId("qa-vote").ClickAsync();
        await Assertions.Expect(brunosCopy.GetByTestId("qa-vote")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(brunosCopy.GetByTestId("qa-vote")).ToContainTextAsync("1");

        // Amina sees her question published with Bruno's vote, live.
        var aminasCopy = aminaPage.GetByTestId("qa-questions").GetByTestId("qa-question").Filter(new() { HasText = question });
        await Assertions.Expect(aminasCopy.GetByTestId("qa-vote")).ToContainTextAsync("1");
        await Assertions.Expect(aminaPage.GetByTestId("qa-my-pending")).ToBeHiddenAsync();

        // The moderator highlights it: the projector and the phones show it as being answered.
        await moderator.GetByRole(AriaRole.Tab, new() { Name = "Live" }).ClickAsync();
        await moderator.GetByTestId("qa-question").Filter(new() { HasText = question }).GetByRole(AriaRole.Button, new() { Name = "Highlight" }).ClickAsync();
        await Assertions.Expect(presenter.GetByTestId("qa-present-now-text")).ToHaveTextAsync(question);
        await Assertions.Expect(presenter.GetByTestId("qa-present-now")).ToContainTextAsync("Anonymous · 1 vote");
        await Assertions.Expect(brunoPage.GetByTestId("qa-now")).ToContainTextAsync(question);
        await Assertions.Expect(aminaPage.GetByTestId("qa-now")).ToBeVisibleAsync();
        await presenter.SetViewportSizeAsync(1920, 1080);
        await presenter.ScreenshotAsync(new() { Path = Shot("qa-presenter-highlight.png") });
        await brunoPage.ScreenshotAsync(new() { Path = Shot("qa-participant-now-answering-phone.png"), FullPage = true });
        await moderator.ScreenshotAsync(new() { Path = Shot("qa-moderator-live.png"), FullPage = true });

        // Marked answered: off the projector, into the phones' "Answered" list.
        await moderator.GetByTestId("qa-question").Filter(new() { HasText = question }).GetByRole(AriaRole.Button, new() { Name = "Mark answered" }).ClickAsync();
        await Assertions.Expect(presenter.GetByTestId("qa-present-now-text")).ToHaveTextAsync("Questions appear here when the moderator highlights one.");
        await Assertions.Expect(brunoPage.GetByTestId("qa-now")).ToBeHiddenAsync();
        await Assertions.Expect(brunoPage.GetByTestId("qa-answered")).ToContainTextAsync(question, new() { UseInnerText = false });

        // Closing refuses new questions, with the reason on the phones.
        await moderator.GetByLabel("Open for questions").UncheckAsync();
        await Assertions.Expect(brunoPage.GetByTestId("qa-closed")).ToHaveTextAsync("Q&A for this event is closed: new questions are not being taken.");
        await Assertions.Expect(brunoPage.GetByTestId("qa-ask")).ToBeHiddenAsync();
        NoScriptErrors();
    }

    [Fact]
    public async Task A_code_holder_without_an_account_joins_with_the_code_and_asks_under_a_chosen_name()
    {
        var people = await QaPeople.CreateAsync(fixture.ConnectionString);
        await people.ConfigureAsync(open: true, codeAccess: true);
        var code = await people.World.CodeAsync();
        await people.World.AskAsync((await people.PersonAsync("Someone Else")).Id, "Who pays for the shelters?");

        await using var context = await ContextAsync(Phone);
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url($"/qa/{people.EventId}"));
        await Assertions.Expect(page.GetByTestId("qa-no-access")).ToContainTextAsync("Log in with the account you registered with, or enter the event's Q&A code.");
        await page.GotoAsync(Url("/qa"));
        await page.GetByLabel("Q&A code").FillAsync(code.ToLowerInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains($"/qa/{people.EventId}?code={code}"));
        await LiveAsync(page);
        // The participant key is a cookie scripts cannot read.
        var key = (await context.CookiesAsync()).Single(c => c.Name == "events.qa");
        Assert.True(key.HttpOnly);
        Assert.Equal("", await page.EvaluateAsync<string>("document.cookie"));

        await page.GetByLabel("Your name (optional)").FillAsync("Rosa");
        await page.GetByLabel("Your question").FillAsync("Is there interpretation into Spanish?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("qa-ask-message")).ToHaveTextAsync("Thank you. Your question is up.");
        var mine = page.GetByTestId("qa-question").Filter(new() { HasText = "Is there interpretation into Spanish?" });
        await Assertions.Expect(mine).ToContainTextAsync("Rosa");

        // Her own question: marked as hers, no vote for it; others' she votes for, and a reload keeps the same participant.
        await Assertions.Expect(mine).ToContainTextAsync("Your question");
        await Assertions.Expect(mine.GetByTestId("qa-vote")).ToBeDisabledAsync();
        var others = page.GetByTestId("qa-question").Filter(new() { HasText = "Who pays for the shelters?" });
        await others.GetByTestId("qa-vote").ClickAsync();
        await Assertions.Expect(others.GetByTestId("qa-vote")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.ReloadAsync();
        await LiveAsync(page);
        await Assertions.Expect(others.GetByTestId("qa-vote")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(mine.GetByTestId("qa-vote")).ToBeDisabledAsync();
        // Times are the room's (the convening's zone, 24-hour), whatever the phone's clock says.
        await Assertions.Expect(mine.Locator("time")).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex(@"^\d\d:\d\d \(UTC\)$|^\d\d:\d\d \([A-Za-z_]+/[A-Za-z_]+\)$"));

        // Too long: the counter warns, and the message is shown until the box is cleared.
        await page.GetByLabel("Your question").FillAsync(new string('a', 501));
        await Assertions.Expect(page.GetByTestId("qa-counter")).ToHaveTextAsync("501 / 500");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("qa-ask-message")).ToHaveTextAsync("A question can be at most 500 characters; this one has 501. Shorten it and ask again.");
        await page.ScreenshotAsync(new() { Path = Shot("qa-code-holder-phone.png"), FullPage = true });
        await page.GetByLabel("Your question").FillAsync("");
        await Assertions.Expect(page.GetByTestId("qa-ask-message")).ToHaveTextAsync("");

        // An Arabic question reads right to left.
        await page.GetByLabel("Your question").FillAsync("ما هي الخطوات التالية؟");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask" }).ClickAsync();
        var arabic = page.GetByTestId("qa-question").Filter(new() { HasText = "ما هي الخطوات التالية؟" });
        await Assertions.Expect(arabic.Locator(".qa-text")).ToHaveAttributeAsync("dir", "auto");
        Assert.Equal("rtl", await arabic.Locator(".qa-text").EvaluateAsync<string>("e => getComputedStyle(e).direction"));
        await Accessibility.AssertNoViolationsAsync(page, "the participant view of a code-holder on a phone");
        await PageWidth.AssertFitsAsync(page, "The participant view");

        // She withdraws the Arabic one: a second press confirms, and it is gone.
        await arabic.GetByTestId("qa-withdraw").ClickAsync();
        await arabic.GetByTestId("qa-withdraw-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("qa-ask-message")).ToHaveTextAsync("Your question has been withdrawn.");
        await Assertions.Expect(arabic).ToHaveCountAsync(0);

        // Away through the site's menu and back with the browser's back button (Blazor's enhanced navigation, which
        // does not run a page's scripts): the Q&A comes back live.
        await (await Browser.ShowInMenuAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Convenings" }))).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/qa/"));
        await page.GoBackAsync();
        await LiveAsync(page);
        await Assertions.Expect(page.GetByTestId("qa-question")).ToHaveCountAsync(2);

        // A wrong code gets a clear answer.
        await page.GotoAsync(Url("/qa?code=ZZZ999"));
        await Assertions.Expect(page.GetByTestId("qa-code-error")).ToContainTextAsync("There is no open Q&A with the code “ZZZ999”.");
        NoScriptErrors();
    }

    [Fact]
    public async Task With_the_keyboard_alone_a_code_holder_joins_and_asks_a_question()
    {
        var people = await QaPeople.CreateAsync(fixture.ConnectionString);
        await people.ConfigureAsync(open: true, codeAccess: true);
        var code = await people.World.CodeAsync();

        foreach (var (size, name) in new[] { (new ViewportSize { Width = 1280, Height = 900 }, "desktop"), (new ViewportSize { Width = 390, Height = 844 }, "phone") })
        {
            await using var context = await ContextAsync(new() { ViewportSize = size });
            var page = await context.NewPageAsync();
            await page.GotoAsync(Url("/qa"));
            await Accessibility.AssertNoViolationsAsync(page, $"the Q&A code page ({name})");
            await TabToAsync(page, "#qa-code-input");
            await page.Keyboard.TypeAsync(code);
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync(u => u.Contains($"/qa/{people.EventId}?code={code}"));
            await LiveAsync(page);
            await TabToAsync(page, "#qa-text");
            var question = $"Asked with the keyboard on a {name}?";
            await page.Keyboard.TypeAsync(question);
            await TabToAsync(page, ".qa-ask button[type=submit]");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.GetByTestId("qa-ask-message")).ToHaveTextAsync("Thank you. Your question is up.");
            await Assertions.Expect(page.GetByTestId("qa-questions")).ToContainTextAsync(question);
            await Accessibility.AssertNoViolationsAsync(page, $"the participant view ({name})");
            await PageWidth.AssertFitsAsync(page, $"The participant view ({name})");
            await page.ScreenshotAsync(new() { Path = Shot($"qa-keyboard-{name}.png"), FullPage = true });
        }
        NoScriptErrors();
    }

    /// <summary>Presses Tab until the element is focused (as a keyboard user would), failing after 40 presses.</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) === true", selector)) return;
        }
        Assert.Fail($"Tab never reached {selector} on {page.Url}.");
    }
}
