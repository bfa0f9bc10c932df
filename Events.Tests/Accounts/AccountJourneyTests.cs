using Events.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Events.Tests.Accounts;

/// <summary>Shared by the browser journeys: the real server on a real port, and Chromium.</summary>
public sealed class AccountJourneyFixture : IAsyncLifetime
{
    public const string AdminEmail = "admin@example.org";
    public const string AdminPassword = "correct horse battery staple";
    public ServerProcess Server { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    /// <summary>The server's database, for tests that set up data directly.</summary>
    public string ConnectionString { get; private set; } = "";
    public string DataDirectory { get; private set; } = "";
    private IPlaywright _playwright = null!;

    public async Task InitializeAsync()
    {
        var connectionString = ConnectionString = await TestPostgres.CreateDatabaseAsync();
        var dataDirectory = DataDirectory = Path.Combine(TestPostgres.RunDirectory, "journey-" + Guid.NewGuid().ToString("N")[..8]);
        Server = await ServerProcess.StartAsync([
            $"--ConnectionStrings:Events={connectionString}", $"--Events:DataDirectory={dataDirectory}",
            $"--Events:Admin:Email={AdminEmail}", $"--Events:Admin:Password={AdminPassword}", "--Events:Admin:Name=Site Admin",
        ]);
        (_playwright, Browser) = await Infrastructure.Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Server.DisposeAsync();
    }
}

public sealed class AccountJourneyTests(AccountJourneyFixture fixture) : IClassFixture<AccountJourneyFixture>
{
    private string Url(string path) => fixture.Server.BaseUrl + path;

    private Task<IPage> LogInAsync(IBrowserContext context, string email, string password) =>
        Infrastructure.Browser.LogInAsync(context, fixture.Server.BaseUrl, email, password);

    /// <summary>The admin opens the development mailbox and reads the link in the newest mail with this subject to this address.</summary>
    private async Task<string> LinkFromMailboxAsync(string to, string subject)
    {
        await using var adminContext = await fixture.Browser.NewContextAsync();
        var admin = await LogInAsync(adminContext, AccountJourneyFixture.AdminEmail, AccountJourneyFixture.AdminPassword);
        await admin.GotoAsync(Url("/admin/mailbox"));
        var row = admin.Locator("[data-testid=mailbox] tbody tr").Filter(new() { HasText = to }).Filter(new() { HasText = subject }).First;
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await admin.WaitForURLAsync(u => u.Contains("/admin/mailbox/"));
        await admin.ScreenshotAsync(new() { Path = Path.Combine(Infrastructure.Browser.ScreenshotDirectory, $"mailbox-{subject.Split(' ')[0].ToLowerInvariant()}.png") });
        return await admin.Locator("[data-testid=mail-body] a").First.GetAttributeAsync("href") ?? throw new InvalidOperationException("no link in mail");
    }

    [Fact]
    public async Task A_visitor_registers_confirms_through_the_mailed_link_logs_in_and_sees_their_name()
    {
        await using var context = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/account/register"));
        await page.GetByLabel("Name").FillAsync("Amina Yusuf");
        await page.GetByLabel("E-mail address").FillAsync("amina@example.org");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("women defenders speak freely");
        await page.GetByLabel("Repeat the password").FillAsync("women defenders speak freely");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("register-confirmation")).ToContainTextAsync("We sent a message to the address you gave");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Infrastructure.Browser.ScreenshotDirectory, "register-confirmation.png") });

        var link = await LinkFromMailboxAsync("amina@example.org", "Confirm your Events account");
        Assert.StartsWith(fixture.Server.BaseUrl + "/account/confirm-email?", link);
        await page.GotoAsync(link);
        await Assertions.Expect(page.GetByTestId("email-confirmed")).ToBeVisibleAsync();

        var loggedIn = await LogInAsync(context, "amina@example.org", "women defenders speak freely");
        await Assertions.Expect(loggedIn.GetByTestId("user-name")).ToHaveTextAsync("Amina Yusuf");
        await loggedIn.ScreenshotAsync(new() { Path = Path.Combine(Infrastructure.Browser.ScreenshotDirectory, "logged-in.png") });

        // On a phone the header's links fold into the menu.
        await (await Infrastructure.Browser.ShowInMenuAsync(loggedIn, loggedIn.GetByRole(AriaRole.Button, new() { Name = "Log out" }))).ClickAsync();
        await Infrastructure.Browser.ShowInMenuAsync(loggedIn, loggedIn.GetByRole(AriaRole.Link, new() { Name = "Log in" }));
        await Assertions.Expect(loggedIn.GetByTestId("user-name")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_user_who_forgot_their_password_resets_it_through_the_mailed_link()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/account/register"));
        await page.GetByLabel("Name").FillAsync("Li Wei");
        await page.GetByLabel("E-mail address").FillAsync("li.wei@example.org");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("first long passphrase");
        await page.GetByLabel("Repeat the password").FillAsync("first long passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("register-confirmation")).ToBeVisibleAsync();

        await page.GotoAsync(Url("/account/forgot-password"));
        await page.GetByLabel("E-mail address").FillAsync("li.wei@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send me a link" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("reset-sent")).ToBeVisibleAsync();

        var link = await LinkFromMailboxAsync("li.wei@example.org", "Reset your Events password");
        await page.GotoAsync(link);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("second long passphrase");
        await page.GetByLabel("Repeat the new password").FillAsync("second long passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("password-reset")).ToBeVisibleAsync();

        // The link works once; the old password no longer does; the new one does.
        await page.GotoAsync(link);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("third long passphrase");
        await page.GetByLabel("Repeat the new password").FillAsync("third long passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-errors")).ToContainTextAsync("not valid or has expired");

        var loggedIn = await LogInAsync(context, "li.wei@example.org", "second long passphrase");
        await Assertions.Expect(loggedIn.GetByTestId("user-name")).ToHaveTextAsync("Li Wei");
    }

    [Fact]
    public async Task The_home_page_names_no_convenings_when_there_are_none_and_unknown_pages_say_not_found()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Upcoming convenings" })).ToBeVisibleAsync();
        var missing = await page.GotoAsync(Url("/no/such/page"));
        Assert.Equal(404, missing!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
    }
}
