using Events.Shared.SideEvents;
using Events.Tests.Accounts;
using Events.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Events.Tests.Registrations;

/// <summary>
/// A participant joins the waitlist of a full event, the seat holder cancels, the first is promoted and the promotion
/// mail with its calendar file is in the development mailbox; staff then check them in by code.
/// </summary>
public sealed class RegistrationJourneyTests(AccountJourneyFixture fixture) : IClassFixture<AccountJourneyFixture>
{
    private const string Password = "a long enough passphrase";
    private string Url(string path) => fixture.Server.BaseUrl + path;
    private static string Shot(string name) => Path.Combine(Infrastructure.Browser.ScreenshotDirectory, name);

    private Task<IPage> LogInAsync(IBrowserContext context, string email, string password) =>
        Infrastructure.Browser.LogInAsync(context, fixture.Server.BaseUrl, email, password);

    [Fact]
    public async Task A_waitlisted_participant_is_promoted_gets_the_mail_with_a_calendar_entry_and_is_checked_in_by_code()
    {
        var data = await TestData.ForAsync(fixture.ConnectionString);
        var organiser = await data.AddUserAsync("Olga Organiser", "Organiser");
        var (slug, room, _) = await data.AddConveningAsync(organiser, startsOn: new DateOnly(2030, 3, 4));
        var eventId = await data.AddAcceptedEventAsync(slug, organiser, organiser, "Women human rights defenders and reprisals", capacity: 1);
        Assert.True((await data.Workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = eventId, RoomId = room, Day = new(2030, 3, 5), Start = new(13, 15), End = new(14, 30) })).Succeeded);
        var holder = await data.AddWithPasswordAsync("Seat Holder", Password);
        var amina = await data.AddWithPasswordAsync("Amina Waiting", Password);

        // The seat holder takes the only seat.
        await using var holderContext = await fixture.Browser.NewContextAsync();
        var holderPage = await LogInAsync(holderContext, holder.Email, Password);
        await holderPage.GotoAsync(Url($"/e/{eventId}"));
        await holderPage.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Assertions.Expect(holderPage.GetByTestId("registration-message")).ToContainTextAsync("You are registered");

        // Amina, on her phone, finds it full and joins the waitlist.
        await using var aminaContext = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        var aminaPage = await LogInAsync(aminaContext, amina.Email, Password);
        await aminaPage.GotoAsync(Url($"/e/{eventId}"));
        await Assertions.Expect(aminaPage.GetByTestId("seats")).ToHaveTextAsync("0 of 1 seats free");
        await aminaPage.GetByRole(AriaRole.Button, new() { Name = "Join the waitlist" }).ClickAsync();
        await Assertions.Expect(aminaPage.GetByTestId("registration-message")).ToContainTextAsync("you are on the waitlist");
        await aminaPage.ScreenshotAsync(new() { Path = Shot("registration-waitlisted-phone.png"), FullPage = true });

        // The holder cancels.
        await holderPage.GotoAsync(Url("/my/registrations"));
        // Once the page is interactive the button asks first (ConfirmDialog); the red button confirms.
        var cancel = holderPage.GetByTestId("cancel-registration").Locator("button");
        await Assertions.Expect(cancel).ToHaveAttributeAsync("type", "button");
        await cancel.ClickAsync();
        await Assertions.Expect(holderPage.GetByTestId("confirm-message")).ToContainTextAsync("goes to the next person on the waitlist");
        await holderPage.GetByTestId("confirm-yes").ClickAsync();
        await Assertions.Expect(holderPage.GetByText("Your registration is cancelled.").First).ToBeVisibleAsync();

        // Amina is promoted: her registrations page shows the seat and a check-in code.
        await aminaPage.GotoAsync(Url("/my/registrations"));
        await Assertions.Expect(aminaPage.GetByTestId("registration-status")).ToHaveTextAsync("You are registered.");
        var code = (await aminaPage.GetByTestId("check-in-code").TextContentAsync())!.Trim();
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}$", code);
        await aminaPage.ScreenshotAsync(new() { Path = Shot("registration-ticket-phone.png"), FullPage = true });

        // The promotion mail with its .ics is in the development mailbox.
        await using var adminContext = await fixture.Browser.NewContextAsync();
        var admin = await LogInAsync(adminContext, AccountJourneyFixture.AdminEmail, AccountJourneyFixture.AdminPassword);
        await admin.GotoAsync(Url("/admin/mailbox"));
        var row = admin.Locator("[data-testid=mailbox] tbody tr").Filter(new() { HasText = amina.Email }).Filter(new() { HasText = "A seat is yours" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await row.GetByRole(AriaRole.Link).ClickAsync();
        var attachmentLink = admin.GetByRole(AriaRole.Link, new() { Name = "invite.ics" });
        await Assertions.Expect(attachmentLink).ToBeVisibleAsync();
        var ics = await admin.APIRequest.GetAsync(Url(await attachmentLink.GetAttributeAsync("href") ?? ""));
        var text = await ics.TextAsync();
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", text);
        Assert.Contains("METHOD:REQUEST\r\n", text);
        Assert.Contains($"UID:{eventId:D}@events\r\n", text);
        await admin.ScreenshotAsync(new() { Path = Shot("registration-promotion-mail.png"), FullPage = true });

        // Staff check Amina in by her code; a second scan says when.
        await admin.GotoAsync(Url($"/checkin/{eventId}"));
        await Assertions.Expect(admin.GetByTestId("checkin-title")).ToHaveAttributeAsync("data-interactive", "true");
        await admin.GetByLabel("Check-in code").FillAsync(code);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Check in" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("checkin-result")).ToContainTextAsync("Amina Waiting checked in at");
        await Assertions.Expect(admin.GetByTestId("checkin-figures")).ToContainTextAsync("1 checked in");
        await admin.GetByLabel("Check-in code").FillAsync(code);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Check in" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("checkin-result")).ToContainTextAsync("Amina Waiting is already checked in at");
        await admin.ScreenshotAsync(new() { Path = Shot("checkin-desk.png"), FullPage = true });
        // The desk names its event; it passes axe at desktop and phone sizes and does not scroll sideways.
        await Assertions.Expect(admin.GetByTestId("checkin-title")).ToHaveTextAsync("Check-in: Women human rights defenders and reprisals");
        await CheckLayoutAsync(admin, "the check-in desk", "checkin-desk");

        // The attendee board: a grid with search, the full list in print.
        await admin.GotoAsync(Url($"/organise/events/{eventId}/attendees"));
        await Assertions.Expect(admin.GetByTestId("attendees-title")).ToHaveAttributeAsync("data-interactive", "true");
        var grid = admin.GetByTestId("attendees");
        await Assertions.Expect(grid).ToContainTextAsync("Amina Waiting");
        await Assertions.Expect(grid).ToContainTextAsync("Seat Holder");
        await admin.GetByRole(AriaRole.Textbox, new() { Name = "Search attendees" }).FillAsync("amina");
        await Assertions.Expect(grid).Not.ToContainTextAsync("Seat Holder");
        await Assertions.Expect(grid).ToContainTextAsync("Amina Waiting");
        await CheckLayoutAsync(admin, "the attendee board", "attendees");
        await admin.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(grid).ToBeHiddenAsync();
        var printed = admin.GetByTestId("attendees-print");
        await Assertions.Expect(printed).ToBeVisibleAsync();
        await Assertions.Expect(printed.Locator("tbody tr")).ToHaveCountAsync(2); // every row, whatever the screen's search or page
        await admin.PdfAsync(new() { Path = Shot("attendees-print.pdf"), Format = "A4" });
        await admin.EmulateMediaAsync(new() { Media = Media.Screen });
    }

    /// <summary>axe finds nothing at 1280 and 390 px, nothing scrolls sideways on the phone, and both sizes are photographed.</summary>
    private static async Task CheckLayoutAsync(IPage page, string what, string shot)
    {
        await page.SetViewportSizeAsync(1280, 900);
        await Accessibility.AssertNoViolationsAsync(page, what);
        await page.ScreenshotAsync(new() { Path = Shot($"{shot}-desktop.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await Accessibility.AssertNoViolationsAsync(page, what + " on a phone");
        await PageWidth.AssertFitsAsync(page, what);
        await page.ScreenshotAsync(new() { Path = Shot($"{shot}-phone.png"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 900);
    }
}
