using Bunit;
using Events.Client.Registrations;
using Events.Shared.Registrations;
using Events.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.Registrations;

/// <summary>The check-in desk in bUnit, on the app's own registration services and a real database.</summary>
public sealed class CheckInPageTests : MudComponentContext
{
    private async Task<(TestData Data, Guid EventId, Guid Organiser, RegistrationServices Registrations)> DeskAsync()
    {
        var (data, id, organiser, registrations, _) = await RegistrationRuleTests.ScheduledEventAsync(capacity: 10);
        var scope = data.Services.CreateScope().ServiceProvider;
        Use<IRegistrationQueries>(scope);
        Use<IRegistrationDesk>(scope);
        return (data, id, organiser, registrations);
    }

    /// <summary>Amina, registered for the event, and her check-in code.</summary>
    private static async Task<(Guid Amina, string Code)> RegisteredAsync(TestData data, RegistrationServices registrations, Guid eventId)
    {
        var amina = await data.AddUserAsync("Amina Yusuf");
        await registrations.Participants.RegisterAsync(amina, eventId);
        return (amina, (await registrations.Queries.MineAsync(amina)).Single().CheckInCode!);
    }

    private static async Task<DateTime?> CheckedInAtAsync(TestData data, Guid userId)
    {
        await using var db = await data.Db.CreateDbContextAsync();
        return await db.Registrations.Where(r => r.UserId == userId).Select(r => r.CheckedInAt).SingleAsync();
    }

    [Fact]
    public async Task The_desk_names_its_event_and_a_code_typed_in_checks_the_person_in()
    {
        var (data, id, organiser, registrations) = await DeskAsync();
        var (amina, code) = await RegisteredAsync(data, registrations, id);
        SignIn(organiser, "Organiser");

        var page = Context.Render<CheckInPage>(p => p.Add(c => c.SideEventId, id));
        page.WaitForAssertion(() => Assert.Equal("Check-in: Rush hour", page.Find("[data-testid=checkin-title]").TextContent.Trim()));
        Assert.Contains("0 checked in", page.Find("[data-testid=checkin-figures]").TextContent);
        Assert.Contains("1 registered", page.Find("[data-testid=checkin-figures]").TextContent);

        // Typed as a volunteer would: lower case, with the dash.
        await page.InvokeAsync(() => page.Find("input").Input(code.ToLowerInvariant().Insert(4, "-")));
        await page.InvokeAsync(() => page.Find("form").Submit());
        page.WaitForAssertion(() => Assert.StartsWith("Amina Yusuf checked in at", page.Find("[data-testid=checkin-result]").TextContent.Trim()));
        Assert.Contains("success", page.Find("[data-testid=checkin-result]").ClassName);
        // The result comes first, the counts right after.
        page.WaitForAssertion(() => Assert.Contains("1 checked in", page.Find("[data-testid=checkin-figures]").TextContent));
        Assert.Equal("", page.Find("input").GetAttribute("value") ?? "");
        Assert.NotNull(await CheckedInAtAsync(data, amina));

        // The same code again says when, and changes nothing.
        var first = await CheckedInAtAsync(data, amina);
        await page.InvokeAsync(() => page.Find("input").Input(code));
        await page.InvokeAsync(() => page.Find("form").Submit());
        page.WaitForAssertion(() => Assert.Contains("is already checked in at", page.Find("[data-testid=checkin-result]").TextContent));
        Assert.Equal(first, await CheckedInAtAsync(data, amina));
    }

    [Fact]
    public async Task A_wrong_code_is_refused_and_checks_nobody_in()
    {
        var (data, id, organiser, registrations) = await DeskAsync();
        var (amina, _) = await RegisteredAsync(data, registrations, id);
        SignIn(organiser, "Organiser");

        var page = Context.Render<CheckInPage>(p => p.Add(c => c.SideEventId, id));
        page.WaitForAssertion(() => page.Find("[data-testid=checkin-title]"));
        await page.InvokeAsync(() => page.Find("input").Input("ZZZZ-ZZZZ"));
        await page.InvokeAsync(() => page.Find("form").Submit());
        page.WaitForAssertion(() => Assert.Contains("No registration with this code", page.Find("[data-testid=checkin-result]").TextContent));
        Assert.Contains("0 checked in", page.Find("[data-testid=checkin-figures]").TextContent);
        // The code stays in the box to be corrected.
        Assert.Equal("ZZZZ-ZZZZ", page.Find("input").GetAttribute("value"));
        Assert.Null(await CheckedInAtAsync(data, amina));
    }

    [Fact]
    public async Task A_scanned_ticket_link_checks_in_at_once()
    {
        var (data, id, organiser, registrations) = await DeskAsync();
        var (amina, code) = await RegisteredAsync(data, registrations, id);
        SignIn(organiser, "Organiser");

        // The ticket's QR code opens the desk with the code in the query string.
        Context.Services.GetRequiredService<NavigationManager>().NavigateTo($"/checkin/{id}?code={code}");
        var page = Context.Render<CheckInPage>(p => p.Add(c => c.SideEventId, id));
        page.WaitForAssertion(() => Assert.StartsWith("Amina Yusuf checked in at", page.Find("[data-testid=checkin-result]").TextContent.Trim()));
        // The result comes first, the counts right after.
        page.WaitForAssertion(() => Assert.Contains("1 checked in", page.Find("[data-testid=checkin-figures]").TextContent));
        Assert.NotNull(await CheckedInAtAsync(data, amina));
    }

    [Fact]
    public async Task Someone_not_on_the_staff_is_refused_the_desk_and_a_ticket_link_checks_nobody_in()
    {
        var (data, id, _, registrations) = await DeskAsync();
        var (amina, code) = await RegisteredAsync(data, registrations, id);
        var stranger = await data.AddUserAsync("Stranger");
        SignIn(stranger);

        // The ticket's QR code opens the desk with the code in the query string.
        Context.Services.GetRequiredService<NavigationManager>().NavigateTo($"/checkin/{id}?code={code}");
        var page = Context.Render<CheckInPage>(p => p.Add(c => c.SideEventId, id));
        page.WaitForAssertion(() => Assert.Contains("you are not on its staff", page.Find("[data-access=refused]").TextContent));
        Assert.DoesNotContain("Rush hour", page.Markup);
        Assert.Empty(page.FindAll("form"));
        Assert.Null(await CheckedInAtAsync(data, amina));
    }
}
