using AngleSharp.Dom;
using Bunit;
using Events.Client.Registrations;
using Events.Shared.Registrations;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.Registrations;

/// <summary>The organisers' attendee page in bUnit, on the app's own registration services and a real database.</summary>
public sealed class AttendeesPageTests : MudComponentContext
{
    private async Task<(TestData Data, Guid EventId, Guid Organiser, RegistrationServices Registrations)> EventAsync(RegistrationMode mode)
    {
        var (data, id, organiser, registrations, _) = await RegistrationRuleTests.ScheduledEventAsync(capacity: 10, mode);
        var scope = data.Services.CreateScope().ServiceProvider;
        Use<IRegistrationQueries>(scope);
        Use<IRegistrationDesk>(scope);
        return (data, id, organiser, registrations);
    }

    private static async Task<(string Status, string? Message)> StoredAsync(TestData data, Guid userId)
    {
        await using var db = await data.Db.CreateDbContextAsync();
        var r = await db.Registrations.SingleAsync(r => r.UserId == userId);
        return (r.Status, r.DecisionMessage);
    }

    private IRenderedComponent<AttendeesPage> Open(Guid eventId)
    {
        var page = Context.Render<AttendeesPage>(p => p.Add(a => a.SideEventId, eventId));
        // The title comes with the settings; the figures and the people right after.
        page.WaitForAssertion(() =>
        {
            Assert.Equal("true", page.Find("[data-testid=attendees-title]").GetAttribute("data-interactive"));
            Assert.NotNull(page.Find("[data-testid=figures]"));
            Assert.NotEmpty(page.FindAll("[data-testid=attendees] tbody tr"));
        });
        return page;
    }

    private static IElement Field(IRenderedComponent<AttendeesPage> page, string label) =>
        page.Find($"#{page.FindAll("label").Single(l => l.TextContent.Trim() == label).GetAttribute("for")}");

    [Fact]
    public async Task Approving_a_request_gives_the_seat_and_the_figures_follow()
    {
        var (data, id, organiser, registrations) = await EventAsync(RegistrationMode.Approval);
        var chen = await data.AddUserAsync("Chen Wei");
        await registrations.Participants.RegisterAsync(chen, id);
        SignIn(organiser, "Organiser");

        var page = Open(id);
        Assert.Equal("Attendees: Rush hour", page.Find("[data-testid=attendees-title]").TextContent.Trim());
        Assert.Contains("1 awaiting approval", page.Find("[data-testid=figures]").TextContent);
        await page.InvokeAsync(() => page.Find("button[aria-label='Approve Chen Wei']").Click());
        page.WaitForAssertion(() => Assert.Contains("1 registered", page.Find("[data-testid=figures]").TextContent));
        Assert.Contains("0 awaiting approval", page.Find("[data-testid=figures]").TextContent);
        Assert.Contains("Approved.", page.Markup);
        Assert.Empty(page.FindAll("button[aria-label='Approve Chen Wei']"));
        Assert.Equal("confirmed", (await StoredAsync(data, chen)).Status);
    }

    [Fact]
    public async Task Removing_someone_asks_first_and_sends_the_organisers_message()
    {
        var (data, id, organiser, registrations) = await EventAsync(RegistrationMode.Open);
        var amina = await data.AddUserAsync("Amina Diallo");
        await registrations.Participants.RegisterAsync(amina, id);
        SignIn(organiser, "Organiser");

        var page = Open(id);
        await page.InvokeAsync(() => Field(page, "Message sent with a decline or removal").Change("The room is reserved for delegations."));
        await page.InvokeAsync(() => page.Find("button[aria-label='Remove Amina Diallo']").Click());
        page.WaitForAssertion(() => page.Find("[data-testid=confirm-cancel]").Click());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=confirm-dialog]")));
        Assert.Equal("confirmed", (await StoredAsync(data, amina)).Status);

        await page.InvokeAsync(() => page.Find("button[aria-label='Remove Amina Diallo']").Click());
        page.WaitForAssertion(() => page.Find("[data-testid=confirm-yes]").Click());
        page.WaitForAssertion(() => Assert.Contains("0 registered", page.Find("[data-testid=figures]").TextContent));
        Assert.Contains("Removed.", page.Markup);
        Assert.Equal(("removed", "The room is reserved for delegations."), await StoredAsync(data, amina));
    }

    [Fact]
    public async Task Someone_who_does_not_organise_the_event_sees_no_names()
    {
        var (data, id, _, registrations) = await EventAsync(RegistrationMode.Approval);
        var chen = await data.AddUserAsync("Chen Wei");
        await registrations.Participants.RegisterAsync(chen, id);
        var stranger = await data.AddUserAsync("Stranger", "Organiser");
        SignIn(stranger, "Organiser");

        var page = Context.Render<AttendeesPage>(p => p.Add(a => a.SideEventId, id));
        page.WaitForAssertion(() => Assert.Contains("you are not one of its organisers", page.Find("[data-access=refused]").TextContent));
        Assert.DoesNotContain("Chen Wei", page.Markup);
        Assert.Empty(page.FindAll("button"));
        Assert.Equal("pending", (await StoredAsync(data, chen)).Status);
    }
}
