using Bunit;
using Events.Client.Registrations;
using Events.Shared.Calendar;
using Events.Shared.Registrations;
using Events.Shared.Site;
using Events.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.Registrations;

/// <summary>
/// A participant's registrations page in bUnit, on the app's own services and a real database. Cancelling is a form
/// post to the server (RegistrationEndpoints, covered by the browser journey); here: what the page shows, and that its
/// cancel button asks first and submits its own registration's form only on "yes".
/// </summary>
public sealed class MyRegistrationsTests : MudComponentContext
{
    private const string SubmitModule = "./_content/Events.Client/Shared/ConfirmedSubmit.razor.js";

    private async Task<(TestData Data, Guid EventId, RegistrationServices Registrations)> EventAsync(int capacity)
    {
        var (data, id, _, registrations, _) = await RegistrationRuleTests.ScheduledEventAsync(capacity);
        var scope = data.Services.CreateScope().ServiceProvider;
        Use<IRegistrationQueries>(scope);
        Use<SiteAddress>(scope);
        Use<IPersonalCalendar>(scope);
        return (data, id, registrations);
    }

    private static async Task<string> StatusAsync(TestData data, Guid userId)
    {
        await using var db = await data.Db.CreateDbContextAsync();
        return await db.Registrations.Where(r => r.UserId == userId).Select(r => r.Status).SingleAsync();
    }

    [Fact]
    public async Task A_seat_shows_its_ticket_a_waitlist_place_shows_none_and_the_calendar_feed_is_on_the_public_address()
    {
        var (data, id, registrations) = await EventAsync(capacity: 1);
        var holder = await data.AddUserAsync("Seat Holder");
        var amina = await data.AddUserAsync("Amina Waiting");
        await registrations.Participants.RegisterAsync(holder, id);
        await registrations.Participants.RegisterAsync(amina, id);
        await using (var db = await data.Db.CreateDbContextAsync())
        {
            var code = await db.Registrations.Where(r => r.UserId == holder).Select(r => r.CheckInCode).SingleAsync();
            SignIn(holder);
            var page = Context.Render<MyRegistrations>();
            page.WaitForAssertion(() => Assert.Equal("You are registered.", page.Find("[data-testid=registration-status]").TextContent.Trim()));
            Assert.Equal("Rush hour", page.Find("[data-testid=registration]").GetAttribute("data-title"));
            Assert.Equal($"{code![..4]}-{code[4..]}", page.Find("[data-testid=check-in-code]").TextContent.Trim());
            Assert.StartsWith("data:image/", page.Find("img[alt='QR code for checking in']").GetAttribute("src"));
            Assert.StartsWith(TestServices.SiteBaseUrl + "/", page.Find("[data-testid=personal-feed-link]").GetAttribute("href"));
            Assert.Equal($"/my/registrations/{await db.Registrations.Where(r => r.UserId == holder).Select(r => r.Id).SingleAsync()}/cancel",
                page.Find("form[data-testid=cancel-registration]").GetAttribute("action"));
        }

        // Amina sees her own place only, without a ticket (a page of her own: one page at a time holds the providers).
        await Context.DisposeComponentsAsync();
        SignIn(amina);
        var hers = Context.Render<MyRegistrations>();
        hers.WaitForAssertion(() => Assert.Equal("You are on the waitlist.", hers.Find("[data-testid=registration-status]").TextContent.Trim()));
        Assert.Single(hers.FindAll("[data-testid=registration]"));
        Assert.Empty(hers.FindAll("[data-testid=check-in-code]"));
    }

    [Fact]
    public async Task Cancelling_asks_first_and_keeping_the_registration_submits_nothing()
    {
        var (data, id, registrations) = await EventAsync(capacity: 10);
        var holder = await data.AddUserAsync("Seat Holder");
        await registrations.Participants.RegisterAsync(holder, id);
        var module = Context.JSInterop.SetupModule(SubmitModule);
        module.SetupVoid("submit", _ => true);
        SignIn(holder);

        var page = Context.Render<MyRegistrations>();
        // Once interactive the button is a plain button that asks (before, it submits the form at once).
        page.WaitForAssertion(() => Assert.Equal("button", page.Find("form[data-testid=cancel-registration] button").GetAttribute("type")));
        await page.InvokeAsync(() => page.Find("form[data-testid=cancel-registration] button").Click());
        page.WaitForAssertion(() => Assert.Contains("Your seat at “Rush hour” goes to the next person on the waitlist", page.Find("[data-testid=confirm-message]").TextContent));
        Assert.Equal("Keep my registration", page.Find("[data-testid=confirm-cancel]").TextContent.Trim());
        await page.InvokeAsync(() => page.Find("[data-testid=confirm-cancel]").Click());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=confirm-dialog]")));
        Assert.Empty(module.Invocations);
        Assert.Equal("confirmed", await StatusAsync(data, holder));

        await page.InvokeAsync(() => page.Find("form[data-testid=cancel-registration] button").Click());
        page.WaitForAssertion(() => page.Find("[data-testid=confirm-yes]").Click());
        // "Yes" submits the form that holds the button (the post to /my/registrations/{id}/cancel shown above).
        page.WaitForAssertion(() => Assert.Single(module.Invocations["submit"]));
    }

    [Fact]
    public async Task Only_known_outcome_codes_put_words_on_the_page_and_someone_with_no_registrations_is_told_so()
    {
        var (data, id, registrations) = await EventAsync(capacity: 10);
        var holder = await data.AddUserAsync("Seat Holder");
        await registrations.Participants.RegisterAsync(holder, id);
        var stranger = await data.AddUserAsync("Stranger");
        SignIn(stranger);

        Context.Services.GetRequiredService<NavigationManager>().NavigateTo("/my/registrations?outcome=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        var page = Context.Render<MyRegistrations>();
        page.WaitForAssertion(() => Assert.Contains("You have not registered for any event yet.", page.Markup));
        Assert.DoesNotContain("alert(1)", page.Markup);
        Assert.Empty(page.FindAll("[data-testid=registrations-outcome]"));
        Assert.DoesNotContain("Rush hour", page.Markup);
        Assert.Equal("confirmed", await StatusAsync(data, holder));
    }
}
