using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Bunit;
using Events.Client.SideEvents;
using Events.Shared.Convenings;
using Events.Shared.CoSponsors;
using Events.Shared.SideEvents;
using Events.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.SideEvents;

/// <summary>
/// The organisers' workspace: a page the server renders, whose decisions are form posts (tested here as a browser
/// without JavaScript sends them, through the running app), and its one interactive part, the scheduler (bUnit).
/// </summary>
public sealed class WorkspaceTests : MudComponentContext
{
    private const string Passphrase = "a long enough passphrase";

    /// <summary>A convening, its organiser logged in (<see cref="Client"/>), and Pat Proposer, who proposes.</summary>
    private sealed record Desk(EventsAppFactory App, TestData Data, string Slug, HttpClient Client, Guid Proposer) : IAsyncDisposable
    {
        public string Page => $"/organise/{Slug}";

        /// <summary>A proposal by Pat Proposer, submitted for review.</summary>
        public async Task<Guid> ProposeAsync(string title)
        {
            var proposed = await Data.Workflow.ProposeAsync(Proposer, Slug,
                new ProposalForm { Title = title, ProposingOrganisation = "Defenders Network" }, submit: true);
            Assert.True(proposed.Succeeded, proposed.Error);
            return proposed.Id!.Value;
        }

        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    private static async Task<HttpClient> LogInAsync(EventsAppFactory app, string email)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Passphrase });
        Assert.True((int)response.StatusCode is 302 or 303, $"login answered {(int)response.StatusCode}");
        return client;
    }

    private static async Task<Desk> DeskAsync()
    {
        var app = await EventsAppFactory.CreateAsync();
        app.CreateClient();
        var data = await TestData.ForAsync(app.ConnectionString);
        var organiser = await data.Db.AddAccountAsync("Olga Organiser", password: Passphrase, roles: ["Organiser"]);
        var (slug, _, _) = await data.AddConveningAsync(organiser.Id);
        return new Desk(app, data, slug, await LogInAsync(app, organiser.Email), await data.AddUserAsync("Pat Proposer"));
    }

    private static async Task<(string Status, string? Reason, Guid? Room, DateTime? StartsAt)> StoredAsync(TestData data, Guid id)
    {
        await using var db = await data.Db.CreateDbContextAsync();
        var e = await db.SideEvents.SingleAsync(e => e.Id == id);
        return (e.Status, e.StatusReason, e.RoomId, e.StartsAt);
    }

    private static string[] Queue(IDocument page) =>
        page.QuerySelectorAll("[data-testid=review-queue] tbody tr").Select(r => r.GetAttribute("data-title") ?? "").ToArray();

    private static string? Text(IDocument page, string testId) => page.QuerySelector($"[data-testid={testId}]")?.TextContent.Trim();

    private static async Task<IDocument> ReviewAsync(Desk desk, string page, Guid id, string decision) =>
        await (await desk.Client.PostFormAsync(page, "review", new Dictionary<string, string> { ["ReviewInput.Decision"] = $"{id}:{decision}" })).ReadDocumentAsync();

    [Fact]
    public async Task Accepting_and_waitlisting_from_the_review_queue_change_the_proposals_and_the_counts()
    {
        await using var desk = await DeskAsync();
        var first = await desk.ProposeAsync("Defenders and reprisals");
        var second = await desk.ProposeAsync("Water and sanitation");

        IDocument page = await desk.Client.GetDocumentAsync(desk.Page);
        Assert.Equal(["Defenders and reprisals", "Water and sanitation"], Queue(page).Order().ToArray());
        Assert.Contains("2 waiting for review", Text(page, "counts"));
        // The only interactive part is the scheduler; the decisions are buttons of a form the server handles.
        Assert.All(page.QuerySelectorAll("[data-testid=review-queue] button"), b => Assert.Equal("submit", b.GetAttribute("type")));

        page = await ReviewAsync(desk, desk.Page, first, "Accepted");
        Assert.Equal("“Defenders and reprisals” accepted.", Text(page, "workspace-message"));
        Assert.Equal(["Water and sanitation"], Queue(page));
        Assert.Contains("1 accepted, to schedule", Text(page, "counts"));
        // The accepted event can now be chosen in the scheduler.
        Assert.Contains(page.QuerySelectorAll("select[aria-label='Side event'] option"), o => o.TextContent == "Defenders and reprisals");
        Assert.Equal("accepted", (await StoredAsync(desk.Data, first)).Status);

        page = await ReviewAsync(desk, desk.Page, second, "Waitlisted");
        Assert.Equal("“Water and sanitation” waitlisted.", Text(page, "workspace-message"));
        // A waitlisted proposal stays in the queue, without a second Waitlist button.
        Assert.DoesNotContain(page.QuerySelectorAll("tr[data-title='Water and sanitation'] button"), b => b.TextContent.Trim() == "Waitlist");
        Assert.Equal(["Water and sanitation"], Queue(page));
        Assert.Equal("waitlisted", (await StoredAsync(desk.Data, second)).Status);

        // Accepting twice (a double submit): the second is refused with a clear error and changes nothing.
        page = await ReviewAsync(desk, desk.Page, first, "Accepted");
        Assert.NotNull(Text(page, "workspace-error"));
        Assert.Equal("accepted", (await StoredAsync(desk.Data, first)).Status);
    }

    [Fact]
    public async Task Declining_asks_on_the_page_first_keeps_the_proposal_when_the_organiser_backs_out_and_stores_the_reason_when_confirmed()
    {
        await using var desk = await DeskAsync();
        var id = await desk.ProposeAsync("Defenders and reprisals");

        IDocument page = await desk.Client.GetDocumentAsync(desk.Page);
        Assert.Null(page.QuerySelector("[data-testid=workspace-confirm]"));
        var decline = page.QuerySelectorAll<IHtmlAnchorElement>("tr[data-title='Defenders and reprisals'] a").Single(a => a.TextContent.Trim() == "Decline");
        var asking = decline.GetAttribute("href")!;
        page = await desk.Client.GetDocumentAsync(asking);
        Assert.Contains("Decline “Defenders and reprisals”?", Text(page, "workspace-confirm"));
        Assert.Contains("It cannot be undone", Text(page, "workspace-confirm"));
        // Backing out: "Keep it" leads back to the workspace without the question; nothing changed.
        var keep = page.QuerySelectorAll<IHtmlAnchorElement>("[data-testid=workspace-confirm] a").Single(a => a.TextContent.Trim() == "Keep it").GetAttribute("href")!;
        Assert.DoesNotContain("decline=", keep);
        Assert.Null((await desk.Client.GetDocumentAsync(keep)).QuerySelector("[data-testid=workspace-confirm]"));
        Assert.Equal("submitted", (await StoredAsync(desk.Data, id)).Status);

        // A reason over the limit is refused with a clear error and nothing is stored.
        page = await (await desk.Client.PostFormAsync(asking, "decline", new Dictionary<string, string> { ["Question.Reason"] = new string('x', 2001) })).ReadDocumentAsync();
        Assert.NotNull(Text(page, "workspace-error"));
        Assert.Equal(("submitted", (string?)null), ((await StoredAsync(desk.Data, id)).Status, (await StoredAsync(desk.Data, id)).Reason));

        page = await (await desk.Client.PostFormAsync(asking, "decline", new Dictionary<string, string> { ["Question.Reason"] = "Outside the convening's themes" })).ReadDocumentAsync();
        Assert.Equal("“Defenders and reprisals” declined.", Text(page, "workspace-message"));
        Assert.Contains("Nothing waiting for review.", page.Body!.TextContent);
        Assert.Null(page.QuerySelector("[data-testid=workspace-confirm]"));
        Assert.Equal(("declined", "Outside the convening's themes"), ((await StoredAsync(desk.Data, id)).Status, (await StoredAsync(desk.Data, id)).Reason));

        // The review form only accepts or waitlists: a decision posted to it by hand (declining without being asked, or
        // a tampered value) is refused and changes nothing.
        var other = await desk.ProposeAsync("Water and sanitation");
        foreach (var tampered in new[] { $"{other}:Declined", $"{other}:Cancelled", "not-a-guid:Accepted", $"{other}", $"{other}:accepted:{other}" })
        {
            var answer = await desk.Client.PostFormAsync(desk.Page, "review", new Dictionary<string, string> { ["ReviewInput.Decision"] = tampered });
            page = await answer.ReadDocumentAsync();
            Assert.True(Text(page, "workspace-error") == "Choose a proposal and a decision.", $"{tampered}: {(int)answer.StatusCode} {page.Body?.TextContent[..Math.Min(2000, page.Body.TextContent.Length)]}");
        }
        // A NUL character is refused before the page, with a clear message.
        var nul = await desk.Client.PostFormAsync(desk.Page, "review", new Dictionary<string, string> { ["ReviewInput.Decision"] = $"{other}:Accepted\0" });
        Assert.Equal(400, (int)nul.StatusCode);
        Assert.Contains("NUL character", await nul.Content.ReadAsStringAsync());
        Assert.Equal("submitted", (await StoredAsync(desk.Data, other)).Status);
    }

    [Fact]
    public async Task Long_lists_show_ten_rows_at_a_time_and_the_search_reaches_every_proposal()
    {
        await using var desk = await DeskAsync();
        var titles = Enumerable.Range(1, 13).Select(i => $"Proposal {i:D2} on water").ToList();
        foreach (var t in titles) await desk.ProposeAsync(t);
        await desk.ProposeAsync("Defenders and reprisals");
        IDocument page = await desk.Client.GetDocumentAsync(desk.Page);
        static string Pages(IDocument p) => p.QuerySelector("[data-testid=review-pages] > span:not([aria-disabled])")!.TextContent.Trim();
        // The queue's own Previous and Next (the co-sponsor overview has its pages too): links, or a disabled look at an end.
        static IElement Turn(IDocument p, string text) => p.QuerySelectorAll("[data-testid=review-pages] > *").Single(b => b.TextContent.Trim() == text);

        // 14 waiting: the counts say so, the queue shows ten and says where it stands.
        Assert.Contains("14 waiting for review", Text(page, "counts"));
        Assert.Equal(10, Queue(page).Length);
        Assert.Equal("1–10 of 14", Pages(page));
        Assert.Equal("true", Turn(page, "‹ Previous").GetAttribute("aria-disabled"));

        var next = Turn(page, "Next ›").GetAttribute("href")!;
        Assert.Contains("queue=1", next);
        // Every link of the page is relative: none is built on the host the request named.
        Assert.All(page.QuerySelectorAll("main a[href]"), a => Assert.Matches("^/[^/]", a.GetAttribute("href")));
        var second = await desk.Client.GetDocumentAsync(next);
        Assert.Equal("11–14 of 14", Pages(second));
        Assert.Equal(4, Queue(second).Length);
        Assert.Equal("true", Turn(second, "Next ›").GetAttribute("aria-disabled"));
        Assert.Equal("1–10 of 14", Pages(await desk.Client.GetDocumentAsync(Turn(second, "‹ Previous").GetAttribute("href")!)));
        // Every proposal is on one of the two pages.
        Assert.Equal(titles.Append("Defenders and reprisals").Order(), Queue(page).Concat(Queue(second)).Order());
        // A page past the end shows the last one; a tampered address, the first page (never a framework error).
        Assert.Equal("11–14 of 14", Pages(await desk.Client.GetDocumentAsync(desk.Page + "?queue=9")));
        foreach (var tampered in new[] { "?queue=abc", "?queue=-3", "?queue=99999999999", "?decline=x&cancel=0&history=1&remove=%20" })
            Assert.Equal("1–10 of 14", Pages(await desk.Client.GetDocumentAsync(desk.Page + tampered)));

        // The search finds a proposal whatever page it is on, by title or organisation, and a new search starts on page 1.
        var found = await desk.Client.GetDocumentAsync(desk.Page + "?queue=1&find=reprisals");
        Assert.Equal(["Defenders and reprisals"], Queue(found));
        Assert.Null(found.QuerySelector("[data-testid=review-pages]"));
        Assert.Equal("reprisals", found.QuerySelector<IHtmlInputElement>("[data-testid=workspace-find]")!.Value);
        Assert.Equal(10, Queue(await desk.Client.GetDocumentAsync(desk.Page + "?find=DEFENDERS%20NETWORK")).Length);
        Assert.Contains("No proposal waiting for review matches the search.",
            (await desk.Client.GetDocumentAsync(desk.Page + "?find=nothing%20like%20this")).Body!.TextContent);

        // Acting on a row of the second page works as on the first, and the page stays where it was.
        var last = Queue(second)[^1];
        var lastId = Guid.Parse(second.QuerySelector($"tr[data-title='{last}']")!.Id!["row-".Length..]);
        var after = await ReviewAsync(desk, next, lastId, "Accepted");
        Assert.Equal($"“{last}” accepted.", Text(after, "workspace-message"));
        Assert.Equal("11–13 of 13", Pages(after));
        Assert.DoesNotContain(last, Queue(after));
    }

    [Fact]
    public async Task A_row_s_history_opens_when_asked_for()
    {
        await using var desk = await DeskAsync();
        var id = await desk.ProposeAsync("Defenders and reprisals");
        IDocument page = await desk.Client.GetDocumentAsync(desk.Page);
        Assert.Null(page.QuerySelector("details.event-history"));
        var link = page.QuerySelector<IHtmlAnchorElement>($"#row-{id} a.event-history-link")!.GetAttribute("href")!;
        Assert.EndsWith($"#row-{id}", link);
        var opened = await desk.Client.GetDocumentAsync(link);
        var history = opened.QuerySelector($"#row-{id} details.event-history[open]")!;
        Assert.Contains("submitted by Pat Proposer", history.TextContent);
    }

    [Fact]
    public async Task Someone_who_does_not_organise_the_convening_sees_no_queue_and_can_act_on_nothing()
    {
        await using var desk = await DeskAsync();
        var id = await desk.ProposeAsync("Defenders and reprisals");
        // An organiser of the site, but not of this convening.
        var other = await desk.Data.Db.AddAccountAsync("Other Organiser", password: Passphrase, roles: ["Organiser"]);
        var client = await LogInAsync(desk.App, other.Email);

        var page = await client.GetDocumentAsync(desk.Page + $"?decline={id}");
        Assert.Contains("you do not organise it", page.QuerySelector("[data-access=refused]")!.TextContent);
        Assert.DoesNotContain("Defenders and reprisals", page.Body!.TextContent);
        Assert.Empty(page.QuerySelectorAll("main form[method=post], main button"));

        // Posting the forms anyway (with this person's own antiforgery token) changes nothing.
        var token = (await client.GetDocumentAsync("/organise/new")).QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        foreach (var (handler, field, value) in new[] { ("review", "ReviewInput.Decision", $"{id}:Accepted"), ("decline", "Question.Id", id.ToString()) })
        {
            var response = await client.PostAsync(desk.Page, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["_handler"] = handler, [field] = value, ["Question.Reason"] = "No",
            }));
            Assert.DoesNotContain("declined.", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal("submitted", (await StoredAsync(desk.Data, id)).Status);
    }

    [Fact]
    public async Task The_scheduler_refuses_a_missing_choice_a_backwards_time_a_small_room_and_a_clash_then_schedules()
    {
        var data = await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Olga Organiser", "Organiser");
        var (slug, roomA, roomB) = await data.AddConveningAsync(organiser);
        var scope = data.Services.CreateScope().ServiceProvider;
        Use<IConveningAdmin>(scope);
        Use<ISideEventWorkflow>(scope);
        Use<ICoSponsorInvitations>(scope);
        Use<TimeProvider>(scope);
        var proposer = await data.AddUserAsync("Pat Proposer");
        var booked = await data.AddAcceptedEventAsync(slug, proposer, organiser, "Already booked");
        var day = new DateOnly(2027, 3, 9);
        Assert.True((await data.Workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = booked, RoomId = roomA, Day = day, Start = new(10, 0), End = new(11, 0) })).Succeeded);
        var id = await data.AddAcceptedEventAsync(slug, proposer, organiser, "Defenders and reprisals", capacity: 60);
        SignIn(organiser, "Organiser");
        var page = Context.Render<WorkspaceScheduler>(p => p.Add(w => w.Slug, slug));
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=workspace-scheduler]").GetAttribute("data-interactive")));
        string Error() => page.Find("[data-testid=schedule-error]").TextContent.Trim();
        IElement Schedule() => page.FindAll("button").Single(b => b.TextContent.Trim() == "Schedule");

        await page.InvokeAsync(() => Schedule().Click());
        page.WaitForAssertion(() => Assert.Equal("Choose a side event and a room.", Error()));

        await page.InvokeAsync(() => page.Find("select[aria-label='Side event']").Change(id.ToString()));
        await page.InvokeAsync(() => page.Find("select[aria-label='Room']").Change(roomB.ToString()));
        await page.InvokeAsync(() => page.Find("select[aria-label='Day']").Change(day.ToString("yyyy-MM-dd")));
        await page.InvokeAsync(() => page.Find("input[aria-label='Start']").Change("11:00"));
        await page.InvokeAsync(() => page.Find("input[aria-label='End']").Change("10:30"));
        await page.InvokeAsync(() => Schedule().Click());
        page.WaitForAssertion(() => Assert.Equal("The end time must be after the start time.", Error()));

        await page.InvokeAsync(() => page.Find("input[aria-label='Start']").Change("10:30"));
        await page.InvokeAsync(() => page.Find("input[aria-label='End']").Change("11:30"));
        await page.InvokeAsync(() => Schedule().Click());
        page.WaitForAssertion(() => Assert.Contains("Conference Room 2 seats 40, fewer than the event's capacity of 60", Error()));

        await page.InvokeAsync(() => page.Find("select[aria-label='Room']").Change(roomA.ToString()));
        await page.InvokeAsync(() => Schedule().Click());
        page.WaitForAssertion(() => Assert.Contains("Conference Room 1 is already booked for “Already booked”", Error()));
        Assert.Equal(("accepted", (Guid?)null), ((await StoredAsync(data, id)).Status, (await StoredAsync(data, id)).Room));
        Assert.Empty(page.FindAll("[data-testid=schedule-message]"));

        await page.InvokeAsync(() => page.Find("input[aria-label='Start']").Change("14:00"));
        await page.InvokeAsync(() => page.Find("input[aria-label='End']").Change("15:15"));
        await page.InvokeAsync(() => Schedule().Click());
        page.WaitForAssertion(() => Assert.Equal("“Defenders and reprisals” scheduled.", page.Find("[data-testid=schedule-message]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=schedule-error]"));
        // The grid shows it at once; the page around it is asked to render again (its lists and counts).
        page.WaitForAssertion(() => Assert.Contains("Defenders and reprisals", page.Find("[data-testid=room-grid]").TextContent));
        Assert.Contains(page.FindAll("select[aria-label='Side event'] option"), o => o.TextContent == "Defenders and reprisals (scheduled)");
        var stored = await StoredAsync(data, id);
        Assert.Equal("scheduled", stored.Status);
        Assert.Equal(roomA, stored.Room);
        // 14:00 in New York in March 2027 (daylight time from 14 March; standard time, UTC-5, on the 9th).
        Assert.Equal(new DateTime(2027, 3, 9, 19, 0, 0), stored.StartsAt);
    }
}
