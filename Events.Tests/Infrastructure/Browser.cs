using Microsoft.Playwright;

namespace Events.Tests.Infrastructure;

/// <summary>Debian's Chromium driven by Playwright (Playwright's own browser download is not available here).</summary>
public static class Browser
{
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var executable = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
                         ?? throw new InvalidOperationException("Chromium is not installed: run ./test.sh, which installs it (apt-get install -y chromium).");
        // Expect(...) waits 5 s by default; CI shares two cores with other jobs, where a live page can take longer
        // to settle. A real failure still fails, only later.
        Assertions.SetDefaultExpectTimeout(20_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        return (playwright, browser);
    }

    /// <summary>Logs in through the login page in a new tab of <paramref name="context"/> and returns that tab.</summary>
    public static async Task<IPage> LogInAsync(IBrowserContext context, string baseUrl, string email, string password)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/account/login");
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/account/login"));
        return page;
    }

    /// <summary>On phones the header's links fold into a menu (MainLayout): opens it when it is folded, as a person would.</summary>
    public static async Task OpenMenuIfFoldedAsync(IPage page)
    {
        var menu = page.Locator("details.events-menu");
        if (await menu.Locator("summary").IsVisibleAsync() && await menu.GetAttributeAsync("open") is null)
            await menu.Locator("summary").ClickAsync();
    }

    /// <summary>
    /// Makes a header item visible, opening the phone menu when it is folded. A page that is still arriving (an enhanced
    /// navigation patching the header) can close a menu opened a moment before, so this looks again until the item shows.
    /// </summary>
    public static async Task<ILocator> ShowInMenuAsync(IPage page, ILocator item)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await OpenMenuIfFoldedAsync(page);
            if (await item.IsVisibleAsync()) return item;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{item} did not show in the header within 30 s, menu opened or not ({page.Url}).");
            await page.WaitForTimeoutAsync(250);
        }
    }

    public static string ScreenshotDirectory
    {
        get
        {
            var dir = Path.Combine(ServerProcess.RepositoryRoot, "TestResults", "screenshots");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }
}
