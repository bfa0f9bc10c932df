using AngleSharp.Dom;
using Bunit;
using Events.Client.SideEvents;
using Events.Shared.Convenings;
using Events.Shared.CoSponsors;
using Events.Shared.SideEvents;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.SideEvents;

/// <summary>The organisers' workspace in bUnit, on the app's own services and a real database: the review queue and the schedule form.</summary>
public sealed class WorkspaceTests : MudComponentContext
{
    private async Task<(TestData Data, string Slug, Guid Organiser, Guid RoomA, Guid RoomB)> ConveningAsync()
    {
        var data = await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Olga Organiser", "Organiser");
        var (slug, roomA, roomB) = await data.AddConveningAsync(organiser);
        var scope = data.Services.CreateScope().ServiceProvider;
        Use<IConveningAdmin>(scope);
        Use<ISideEventWorkflow>(scope);
        Use<ICoSponsorInvitations>(scope);
        Use<TimeProvider>(scope);
        return (data, slug, organiser, roomA, roomB);
    }

    private static async Task<Guid> ProposeAsync(TestData data, string slug, Guid proposer, string title, int? capacity = null)
    {
        var proposed = await data.Workflow.ProposeAsync(proposer, slug,
            new ProposalForm { Title = title, ProposingOrganisation = "Defenders Network", Capacity = capacity }, submit: true);
        Assert.True(proposed.Succeeded, proposed.Error);
        return proposed.Id!.Value;
    }

    private static async Task<(string Status, string? Reason, Guid? Room, DateTime? StartsAt)> StoredAsync(TestData data, Guid id)
    {
        await using var db = await data.Db.CreateDbContextAsync();
        var e = await db.SideEvents.SingleAsync(e => e.Id == id);
        return (e.Status, e.StatusReason, e.RoomId, e.StartsAt);
    }

    private static IElement Button(IRenderedComponent<Workspace> page, string text, string? row = null) =>
        page.FindAll(row is null ? "button" : $"tr[data-title='{row}'] button").Single(b => b.TextContent.Trim() == text);

    private static string[] Queue(IRenderedComponent<Workspace> page) =>
        page.FindAll("[data-testid=review-queue] tbody tr").Select(r => r.GetAttribute("data-title") ?? "").ToArray();

    private IRenderedComponent<Workspace> Open(string slug)
    {
        var page = Context.Render<Workspace>(p => p.Add(w => w.Slug, slug));
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=workspace-title]").GetAttribute("data-interactive")));
        return page;
    }

    [Fact]
    public async Task Accepting_and_waitlisting_from_the_review_queue_change_the_proposals_and_the_counts()
    {
        var (data, slug, organiser, _, _) = await ConveningAsync();
        var proposer = await data.AddUserAsync("Pat Proposer");
        var first = await ProposeAsync(data, slug, proposer, "Defenders and reprisals");
        var second = await ProposeAsync(data, slug, proposer, "Water and sanitation");
        SignIn(organiser, "Organiser");

        var page = Open(slug);
        Assert.Equal(["Defenders and reprisals", "Water and sanitation"], Queue(page).Order().ToArray());
        Assert.Contains("2 waiting for review", page.Find("[data-testid=counts]").TextContent);

        await page.InvokeAsync(() => Button(page, "Accept", "Defenders and reprisals").Click());
        page.WaitForAssertion(() => Assert.Equal("“Defenders and reprisals” accepted.", page.Find("[data-testid=workspace-message]").TextContent.Trim()));
        // The message comes first; the lists once the page has reloaded.
        page.WaitForAssertion(() => Assert.Equal(["Water and sanitation"], Queue(page)));
        // The accepted event can now be chosen in the schedule form.
        Assert.Contains(page.FindAll("select[aria-label='Side event'] option"), o => o.TextContent == "Defenders and reprisals");
        Assert.Contains("1 accepted, to schedule", page.Find("[data-testid=counts]").TextContent);
        Assert.Equal("accepted", (await StoredAsync(data, first)).Status);

        await page.InvokeAsync(() => Button(page, "Waitlist", "Water and sanitation").Click());
        page.WaitForAssertion(() => Assert.Equal("“Water and sanitation” waitlisted.", page.Find("[data-testid=workspace-message]").TextContent.Trim()));
        // A waitlisted proposal stays in the queue, without a second Waitlist button.
        page.WaitForAssertion(() => Assert.DoesNotContain(page.FindAll("tr[data-title='Water and sanitation'] button"), b => b.TextContent.Trim() == "Waitlist"));
        Assert.Equal(["Water and sanitation"], Queue(page));
        Assert.Equal("waitlisted", (await StoredAsync(data, second)).Status);
    }

    [Fact]
    public async Task Declining_asks_first_keeps_the_proposal_when_the_organiser_backs_out_and_stores_the_reason_when_confirmed()
    {
        var (data, slug, organiser, _, _) = await ConveningAsync();
        var proposer = await data.AddUserAsync("Pat Proposer");
        var id = await ProposeAsync(data, slug, proposer, "Defenders and reprisals");
        SignIn(organiser, "Organiser");

        var page = Open(slug);
        await page.InvokeAsync(() => page.Find("input[aria-label='Reason for declining Defenders and reprisals']").Change("Outside the convening's themes"));
        await page.InvokeAsync(() => Button(page, "Decline", "Defenders and reprisals").Click());
        page.WaitForAssertion(() => Assert.Contains("will be declined and its proposer told why", page.Find("[data-testid=confirm-message]").TextContent));
        await page.InvokeAsync(() => page.Find("[data-testid=confirm-cancel]").Click());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=confirm-dialog]")));
        Assert.Equal("submitted", (await StoredAsync(data, id)).Status);
        Assert.Equal(["Defenders and reprisals"], Queue(page));

        await page.InvokeAsync(() => Button(page, "Decline", "Defenders and reprisals").Click());
        page.WaitForAssertion(() => page.Find("[data-testid=confirm-yes]").Click());
        page.WaitForAssertion(() => Assert.Equal("“Defenders and reprisals” declined.", page.Find("[data-testid=workspace-message]").TextContent.Trim()));
        page.WaitForAssertion(() => Assert.Contains("Nothing waiting for review.", page.Markup));
        Assert.Equal(("declined", "Outside the convening's themes"), ((await StoredAsync(data, id)).Status, (await StoredAsync(data, id)).Reason));
    }

    [Fact]
    public async Task The_schedule_form_refuses_a_missing_choice_a_backwards_time_a_small_room_and_a_clash_then_schedules()
    {
        var (data, slug, organiser, roomA, roomB) = await ConveningAsync();
        var proposer = await data.AddUserAsync("Pat Proposer");
        var booked = await data.AddAcceptedEventAsync(slug, proposer, organiser, "Already booked");
        var day = new DateOnly(2027, 3, 9);
        Assert.True((await data.Workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = booked, RoomId = roomA, Day = day, Start = new(10, 0), End = new(11, 0) })).Succeeded);
        var id = await data.AddAcceptedEventAsync(slug, proposer, organiser, "Defenders and reprisals", capacity: 60);
        SignIn(organiser, "Organiser");
        var page = Open(slug);
        string Error() => page.Find("[data-testid=workspace-error]").TextContent.Trim();

        await page.InvokeAsync(() => Button(page, "Schedule").Click());
        page.WaitForAssertion(() => Assert.Equal("Choose a side event and a room.", Error()));

        await page.InvokeAsync(() => page.Find("select[aria-label='Side event']").Change(id.ToString()));
        await page.InvokeAsync(() => page.Find("select[aria-label='Room']").Change(roomB.ToString()));
        await page.InvokeAsync(() => page.Find("select[aria-label='Day']").Change(day.ToString("yyyy-MM-dd")));
        await page.InvokeAsync(() => page.Find("input[aria-label='Start']").Change("11:00"));
        await page.InvokeAsync(() => page.Find("input[aria-label='End']").Change("10:30"));
        await page.InvokeAsync(() => Button(page, "Schedule").Click());
        page.WaitForAssertion(() => Assert.Equal("The end time must be after the start time.", Error()));

        await page.InvokeAsync(() => page.Find("input[aria-label='Start']").Change("10:30"));
        await page.InvokeAsync(() => page.Find("input[aria-label='End']").Change("11:30"));
        await page.InvokeAsync(() => Button(page, "Schedule").Click());
        page.WaitForAssertion(() => Assert.Contains("Conference Room 2 seats 40, fewer than the event's capacity of 60", Error()));

        await page.InvokeAsync(() => page.Find("select[aria-label='Room']").Change(roomA.ToString()));
        await page.InvokeAsync(() => Button(page, "Schedule").Click());
        page.WaitForAssertion(() => Assert.Contains("Conference Room 1 is already booked for “Already booked”", Error()));
        Assert.Equal(("accepted", (Guid?)null), ((await StoredAsync(data, id)).Status, (await StoredAsync(data, id)).Room));
        Assert.Empty(page.FindAll("[data-testid=workspace-message]"));

        await page.InvokeAsync(() => page.Find("input[aria-label='Start']").Change("14:00"));
        await page.InvokeAsync(() => page.Find("input[aria-label='End']").Change("15:15"));
        await page.InvokeAsync(() => Button(page, "Schedule").Click());
        page.WaitForAssertion(() => Assert.Equal("“Defenders and reprisals” scheduled.", page.Find("[data-testid=workspace-message]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=workspace-error]"));
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid=scheduled] tbody tr"), r => r.GetAttribute("data-title") == "Defenders and reprisals"));
        var stored = await StoredAsync(data, id);
        Assert.Equal("scheduled", stored.Status);
        Assert.Equal(roomA, stored.Room);
        // 14:00 in New York in March 2027 (daylight time from 14 March; standard time, UTC-5, on the 9th).
        Assert.Equal(new DateTime(2027, 3, 9, 19, 0, 0), stored.StartsAt);
    }

    [Fact]
    public async Task Long_lists_show_ten_rows_at_a_time_and_the_search_reaches_every_proposal()
    {
        var (data, slug, organiser, _, _) = await ConveningAsync();
        var proposer = await data.AddUserAsync("Pat Proposer");
        var titles = Enumerable.Range(1, 13).Select(i => $"Proposal {i:D2} on water").ToList();
        foreach (var t in titles) await ProposeAsync(data, slug, proposer, t);
        await ProposeAsync(data, slug, proposer, "Defenders and reprisals");
        SignIn(organiser, "Organiser");
        var page = Open(slug);
        string Pages() => page.Find("[data-testid=review-pages] span[aria-live]").TextContent.Trim();
        // The queue's own Previous and Next (the co-sponsor overview has its pages too).
        IElement Turn(string text) => page.FindAll("[data-testid=review-pages] button").Single(b => b.TextContent.Trim() == text);

        // 14 waiting: the counts say so, the queue shows ten and says where it stands.
        Assert.Contains("14 waiting for review", page.Find("[data-testid=counts]").TextContent);
        Assert.Equal(10, Queue(page).Length);
        Assert.Equal("1–10 of 14", Pages());
        Assert.True(Turn("‹ Previous").HasAttribute("disabled"));

        await page.InvokeAsync(() => Turn("Next ›").Click());
        page.WaitForAssertion(() => Assert.Equal("11–14 of 14", Pages()));
        var firstPage = Queue(page);
        Assert.Equal(4, firstPage.Length);
        Assert.True(Turn("Next ›").HasAttribute("disabled"));
        await page.InvokeAsync(() => Turn("‹ Previous").Click());
        page.WaitForAssertion(() => Assert.Equal("1–10 of 14", Pages()));
        // Every proposal is on one of the two pages.
        Assert.Equal(titles.Append("Defenders and reprisals").Order(), Queue(page).Concat(firstPage).Order());

        // The search finds a proposal whatever page it is on, by title or organisation, and a new search starts on page 1.
        await page.InvokeAsync(() => page.Find("[data-testid=workspace-find]").Input("reprisals"));
        page.WaitForAssertion(() => Assert.Equal(["Defenders and reprisals"], Queue(page)));
        Assert.Empty(page.FindAll("[data-testid=review-pages]"));
        await page.InvokeAsync(() => page.Find("[data-testid=workspace-find]").Input("DEFENDERS NETWORK"));
        page.WaitForAssertion(() => Assert.Equal(10, Queue(page).Length));
        await page.InvokeAsync(() => page.Find("[data-testid=workspace-find]").Input("nothing like this"));
        page.WaitForAssertion(() => Assert.Contains("No proposal waiting for review matches the search.", page.Markup));

        // Acting on a row of the second page works as on the first.
        await page.InvokeAsync(() => page.Find("[data-testid=workspace-find]").Input(""));
        page.WaitForAssertion(() => Assert.Equal(10, Queue(page).Length));
        await page.InvokeAsync(() => Turn("Next ›").Click());
        page.WaitForAssertion(() => Assert.Equal("11–14 of 14", Pages()));
        var last = Queue(page)[^1];
        await page.InvokeAsync(() => Button(page, "Accept", last).Click());
        page.WaitForAssertion(() => Assert.Equal($"“{last}” accepted.", page.Find("[data-testid=workspace-message]").TextContent.Trim()));
        page.WaitForAssertion(() => Assert.Equal("11–13 of 13", Pages()));
        Assert.DoesNotContain(last, Queue(page));
    }

    [Fact]
    public async Task Someone_who_does_not_organise_the_convening_sees_no_queue_and_can_act_on_nothing()
    {
        var (data, slug, _, _, _) = await ConveningAsync();
        var proposer = await data.AddUserAsync("Pat Proposer");
        var id = await ProposeAsync(data, slug, proposer, "Defenders and reprisals");
        // An organiser of the site, but not of this convening.
        var other = await data.AddUserAsync("Other Organiser", "Organiser");
        SignIn(other, "Organiser");

        var page = Context.Render<Workspace>(p => p.Add(w => w.Slug, slug));
        page.WaitForAssertion(() => Assert.Contains("you do not organise it", page.Find("[data-access=refused]").TextContent));
        Assert.DoesNotContain("Defenders and reprisals", page.Markup);
        Assert.Empty(page.FindAll("button"));
        Assert.Equal("submitted", (await StoredAsync(data, id)).Status);
    }
}
