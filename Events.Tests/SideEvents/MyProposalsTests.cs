using AngleSharp.Dom;
using Bunit;
using Events.Client.SideEvents;
using Events.Shared.SideEvents;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.SideEvents;

/// <summary>A proposer's own proposals in bUnit, on the app's own workflow service and a real database.</summary>
public sealed class MyProposalsTests : MudComponentContext
{
    private async Task<(TestData Data, string Slug, Guid Organiser, Guid Room, Guid Proposer)> ConveningAsync()
    {
        var data = await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Olga Organiser", "Organiser");
        var (slug, room, _) = await data.AddConveningAsync(organiser);
        var proposer = await data.AddUserAsync("Pat Proposer");
        Use<ISideEventWorkflow>(data.Services.CreateScope().ServiceProvider);
        return (data, slug, organiser, room, proposer);
    }

    private static async Task<(string Status, string? SlotResponse, string? ChangeRequest)> StoredAsync(TestData data, Guid id)
    {
        await using var db = await data.Db.CreateDbContextAsync();
        var e = await db.SideEvents.SingleAsync(e => e.Id == id);
        return (e.Status, e.SlotResponse, e.ChangeRequest);
    }

    private static IElement Button(IRenderedComponent<MyProposals> page, string text) =>
        page.FindAll("button").Single(b => b.TextContent.Trim() == text);

    private static string Status(IRenderedComponent<MyProposals> page, string title) =>
        page.Find($"[data-testid=proposal][data-title='{title}'] p strong").TextContent.Trim();

    [Fact]
    public async Task A_draft_is_submitted_for_review_from_the_list()
    {
        var (data, slug, _, _, proposer) = await ConveningAsync();
        var draft = await data.Workflow.ProposeAsync(proposer, slug, new ProposalForm { Title = "Defenders and reprisals", ProposingOrganisation = "Defenders Network" }, submit: false);
        Assert.True(draft.Succeeded, draft.Error);
        SignIn(proposer);

        var page = Context.Render<MyProposals>();
        page.WaitForAssertion(() => Assert.Equal("Draft", Status(page, "Defenders and reprisals")));
        await page.InvokeAsync(() => Button(page, "Submit for review").Click());
        page.WaitForAssertion(() => Assert.Equal("Submitted, waiting for review", Status(page, "Defenders and reprisals")));
        Assert.Contains("Submitted for review.", page.Markup);
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Trim() == "Submit for review");
        Assert.Equal("submitted", (await StoredAsync(data, draft.Id!.Value)).Status);
    }

    [Fact]
    public async Task Asking_for_a_change_of_slot_needs_words_and_then_stores_them()
    {
        var (data, slug, organiser, room, proposer) = await ConveningAsync();
        var id = await data.AddAcceptedEventAsync(slug, proposer, organiser, "Defenders and reprisals");
        Assert.True((await data.Workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = id, RoomId = room, Day = new(2027, 3, 9), Start = new(10, 0), End = new(11, 0) })).Succeeded);
        SignIn(proposer);

        var page = Context.Render<MyProposals>();
        page.WaitForAssertion(() => Assert.Equal("Scheduled", Status(page, "Defenders and reprisals")));
        await page.InvokeAsync(() => Button(page, "Ask for a change").Click());
        page.WaitForAssertion(() => Assert.Equal("Say what change you need.", page.Find("[data-testid=proposals-error]").TextContent.Trim()));
        Assert.Equal(("scheduled", "pending", (string?)null), await StoredAsync(data, id));

        await page.InvokeAsync(() => page.Find("input[aria-label='Change needed']").Change("  An afternoon slot, please: our speakers arrive at noon.  "));
        await page.InvokeAsync(() => Button(page, "Ask for a change").Click());
        page.WaitForAssertion(() => Assert.Contains("You asked for a change: An afternoon slot, please: our speakers arrive at noon.", page.Markup));
        Assert.Contains("Change requested.", page.Markup);
        Assert.Empty(page.FindAll("[data-testid=proposals-error]"));
        Assert.Equal(("scheduled", "change_requested", "An afternoon slot, please: our speakers arrive at noon."), await StoredAsync(data, id));
    }

    [Fact]
    public async Task Someone_else_sees_none_of_these_proposals()
    {
        var (data, slug, _, _, proposer) = await ConveningAsync();
        var draft = await data.Workflow.ProposeAsync(proposer, slug, new ProposalForm { Title = "Defenders and reprisals", ProposingOrganisation = "Defenders Network" }, submit: false);
        var other = await data.AddUserAsync("Other Person");
        SignIn(other);

        var page = Context.Render<MyProposals>();
        page.WaitForAssertion(() => Assert.Contains("You have not proposed any side event yet.", page.Markup));
        Assert.DoesNotContain("Defenders and reprisals", page.Markup);
        Assert.Equal("draft", (await StoredAsync(data, draft.Id!.Value)).Status);
    }
}
