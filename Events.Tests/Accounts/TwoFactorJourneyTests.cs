using System.Text.Json;
using Events.Shared.QandA;
using Events.Tests.Infrastructure;
using Events.Tests.QandA;
using Microsoft.Playwright;

namespace Events.Tests.Accounts;

/// <summary>The real server with Events:Security:RequireTwoFactorForStaff on, and Chromium.</summary>
public sealed class TwoFactorJourneyFixture : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public TestData Data { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    private IPlaywright _playwright = null!;

    public async Task InitializeAsync()
    {
        var connectionString = ConnectionString = await TestPostgres.CreateDatabaseAsync();
        var dataDirectory = Path.Combine(TestPostgres.RunDirectory, "two-factor-" + Guid.NewGuid().ToString("N")[..8]);
        Server = await ServerProcess.StartAsync([
            $"--ConnectionStrings:Events={connectionString}", $"--Events:DataDirectory={dataDirectory}", "--Events:Security:RequireTwoFactorForStaff=true",
        ]);
        Data = await TestData.ForAsync(connectionString);
        (_playwright, Browser) = await Infrastructure.Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Server.DisposeAsync();
    }
}

public sealed class TwoFactorJourneyTests(TwoFactorJourneyFixture fixture) : IClassFixture<TwoFactorJourneyFixture>
{
    private string Url(string path) => fixture.Server.BaseUrl + path;

    private static string Screenshot(string name) => Path.Combine(Infrastructure.Browser.ScreenshotDirectory, name + ".png");

    /// <summary>Password first; for a two-factor account the browser then lands on the code page.</summary>
    private async Task PasswordAsync(IPage page, string email)
    {
        await page.GotoAsync(Url("/account/login"));
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(TwoFactorTestKit.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
    }

    private static async Task LogOutAsync(IPage page)
    {
        await (await Browser.ShowInMenuAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Log out" }))).ClickAsync();
        await Browser.ShowInMenuAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Log in", Exact = true }));
    }

    /// <summary>Reads the key off the enrolment page as a person would type it into an app, and enters the app's code.</summary>
    private static async Task<IReadOnlyList<string>> EnrolAsync(IPage page)
    {
        await Assertions.Expect(page.GetByTestId("authenticator-qr")).ToBeVisibleAsync();
        var key = await page.GetByTestId("shared-key").InnerTextAsync();
        await page.GetByLabel("Code from the app").FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor sign-in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("recovery-codes").Locator("li")).ToHaveCountAsync(10);
        return (await page.GetByTestId("recovery-codes").Locator("li").AllInnerTextsAsync()).Select(c => c.Trim()).ToList();
    }

    [Fact]
    public async Task A_participant_enrols_then_logs_in_with_a_code_from_the_app_and_once_with_each_recovery_code()
    {
        var account = await fixture.Data.AccountAsync("Amina Yusuf");
        await using var context = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        var page = await Infrastructure.Browser.LogInAsync(context, fixture.Server.BaseUrl, account.Email, TwoFactorTestKit.Password);
        await page.GotoAsync(Url("/my/profile"));
        await page.GetByTestId("two-factor-link").ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("/account/two-factor"));
        await Assertions.Expect(page.GetByTestId("two-factor-status")).ToHaveTextAsync("off");
        await page.ScreenshotAsync(new() { Path = Screenshot("two-factor-enrol"), FullPage = true });
        var key = await page.GetByTestId("shared-key").InnerTextAsync();
        var codes = await EnrolAsync(page);
        await page.ScreenshotAsync(new() { Path = Screenshot("two-factor-recovery-codes"), FullPage = true });
        await page.GetByTestId("two-factor-continue").ClickAsync();
        await page.WaitForURLAsync(u => u.EndsWith("/my/profile"));
        await LogOutAsync(page);

        // Password, then the app's code; a wrong code first says so.
        await PasswordAsync(page, account.Email);
        await page.WaitForURLAsync(u => u.Contains("/account/login-2fa"));
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveCountAsync(0);
        await page.GetByLabel("Code from your app").FillAsync(Totp.WrongCode(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-errors")).ToContainTextAsync("That code is not right");
        await page.ScreenshotAsync(new() { Path = Screenshot("two-factor-wrong-code") });
        await page.GetByLabel("Code from your app").FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Amina Yusuf");
        await LogOutAsync(page);

        // A recovery code instead of the app, once.
        await PasswordAsync(page, account.Email);
        await page.GetByRole(AriaRole.Link, new() { Name = "Log in with a recovery code" }).ClickAsync();
        await page.GetByLabel("Recovery code").FillAsync(codes[0]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Amina Yusuf");
        await page.GotoAsync(Url("/account/two-factor"));
        await Assertions.Expect(page.GetByTestId("recovery-codes-left")).ToHaveTextAsync("9");
        await LogOutAsync(page);

        await PasswordAsync(page, account.Email);
        await page.GetByRole(AriaRole.Link, new() { Name = "Log in with a recovery code" }).ClickAsync();
        await page.GetByLabel("Recovery code").FillAsync(codes[0]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-errors")).ToContainTextAsync("used already");
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveCountAsync(0);
        await page.GetByLabel("Recovery code").FillAsync(codes[1]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Amina Yusuf");
    }

    [Fact]
    public async Task With_the_setting_on_an_organiser_without_two_factor_is_sent_to_enrol_and_gets_in_after_enrolling()
    {
        var organiser = await fixture.Data.AccountAsync("Olga Organiser", "Organiser");
        var (slug, _, _) = await fixture.Data.AddConveningAsync(organiser.Id, startsOn: new DateOnly(2030, 3, 4));
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await Infrastructure.Browser.LogInAsync(context, fixture.Server.BaseUrl, organiser.Email, TwoFactorTestKit.Password);
        Assert.Contains("/account/two-factor", page.Url);
        await Assertions.Expect(page.GetByTestId("two-factor-required")).ToBeVisibleAsync();

        // The organiser pages send them back to enrolment; their participant pages still open.
        await page.GotoAsync(Url($"/organise/{slug}"));
        Assert.Contains("/account/two-factor?returnUrl=%2Forganise%2F" + slug, page.Url);
        await Assertions.Expect(page.GetByTestId("two-factor-required")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Screenshot("two-factor-required"), FullPage = true });
        await page.GotoAsync(Url("/my/registrations"));
        Assert.EndsWith("/my/registrations", page.Url);

        await page.GotoAsync(Url("/organise"));
        await EnrolAsync(page);
        await page.GetByTestId("two-factor-continue").ClickAsync();
        await page.WaitForURLAsync(u => u.EndsWith("/organise"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Convenings you organise" })).ToBeVisibleAsync();
        await page.GotoAsync(Url($"/organise/{slug}"));
        Assert.EndsWith($"/organise/{slug}", page.Url);
    }

    [Fact]
    public async Task With_the_setting_on_staff_without_two_factor_cannot_moderate_over_the_hub_while_participants_still_take_part()
    {
        var people = await QaPeople.CreateAsync(fixture.ConnectionString);
        await people.ConfigureAsync(open: true);
        var amina = await people.PersonAsync("Amina Participant");
        var moderator = await fixture.Data.AccountAsync("Moe Moderator", "Moderator");

        await using var participant = await NodeQaClient.StartAsync(fixture.Server.BaseUrl, people.EventId, amina.Email, QaPeople.Password);
        Assert.True(participant.LastSnapshot.ValueKind == JsonValueKind.Object);
        var asked = await participant.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, "Who follows up on reprisals?"));
        Assert.True(asked.GetProperty("ok").GetBoolean());
        var questionId = asked.GetProperty("question").GetProperty("id").GetGuid();

        await using var organiser = await NodeQaClient.StartAsync(fixture.Server.BaseUrl, people.EventId, people.Organiser.Email, QaPeople.Password);
        var joined = organiser.Lines.Single(l => l.GetProperty("type").GetString() == "joined").GetProperty("result");
        Assert.False(joined.GetProperty("ok").GetBoolean());
        Assert.Contains("requires two-factor sign-in", joined.GetProperty("error").GetString());

        await using var siteModerator = await NodeQaClient.StartAsync(fixture.Server.BaseUrl, people.EventId, moderator.Email, TwoFactorTestKit.Password);
        foreach (var (method, argument) in new (string, object)[]
                 {
                     (QaHubMethods.Moderate, new ModerateRequest(questionId, "hide")),
                     (QaHubMethods.Configure, new QaSettingsRequest(people.EventId, false, true, true)),
                 })
        {
            var refused = await siteModerator.InvokeAsync(method, argument);
            Assert.False(refused.GetProperty("ok").GetBoolean());
            Assert.Contains("requires two-factor sign-in", refused.GetProperty("error").GetString());
        }
        Assert.Equal("published", await fixture.Data.ScalarAsync<string>("SELECT state FROM qa_questions WHERE id = @questionId", new { questionId }));
        Assert.True(await fixture.Data.ScalarAsync<bool>("SELECT is_open FROM qa_sessions WHERE side_event_id = @EventId", new { people.EventId }));
    }
}
