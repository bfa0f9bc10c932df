using Events.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Events.Tests.Interface;

/// <summary>
/// Someone who uses only the keyboard finds an event, logs in from it, comes back to it and registers, with every
/// step reached by Tab and Enter. (The Q&amp;A part of the journey follows the registration.)
/// </summary>
public sealed class KeyboardJourneyTests(PageQualityTests.Site site) : IClassFixture<PageQualityTests.Site>
{
    private const string Password = "a keyboard only journey";

    [Fact]
    public async Task A_keyboard_user_logs_in_from_an_event_page_comes_back_and_registers()
    {
        var data = await TestData.ForAsync(site.ConnectionString);
        var (_, email) = await data.AddWithPasswordAsync("Keyboard Participant", Password);
        await using var context = await site.NewContextAsync(390);
        var page = await context.NewPageAsync();
        var eventPath = $"/e/{site.EventId}";
        await page.GotoAsync(site.BaseUrl + eventPath);

        // Tab to the registration panel's "Log in" and follow it.
        await TabToAsync(page, "[data-testid=login-to-register]");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(u => u.Contains("/account/login"));
        Assert.Contains($"returnUrl={Uri.EscapeDataString(eventPath)}", page.Url);

        await TabToAsync(page, "input[name='Input.Email']");
        await page.Keyboard.TypeAsync(email);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(Password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(u => u.EndsWith(eventPath));

        // Back on the event: Tab to the register button and press it.
        await TabToAsync(page, "[data-testid=registration-panel] button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("registration-message")).ToContainTextAsync("You are registered");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Browser.ScreenshotDirectory, "keyboard-journey-registered-phone.png"), FullPage = true });
        await Accessibility.AssertNoViolationsAsync(page, "the registration outcome");
    }

    /// <summary>Presses Tab until the element matching <paramref name="selector"/> has the focus (at most 60 times).</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 60; i++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector)) return;
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"Tab never reached {selector} on {page.Url}");
    }
}
