using Events.Shared.Convenings;
using Events.Shared.SideEvents;
using Events.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Events.Tests.SideEvents;

/// <summary>
/// The organisers' deadline for proposals and their guidelines for proposers: set in the convening form (on the
/// convening's clock), shown on the propose page, enforced by the server, and the call to action gone after it.
/// </summary>
public sealed class ProposalDeadlineTests
{
    private const string Zone = "America/New_York";

    /// <summary>A moment as the convening form takes it: wall-clock time in the convening's zone, to the minute.</summary>
    private static DateTime Local(DateTimeOffset at)
    {
        var local = ConveningClock.ToLocal(at, Zone).DateTime;
        return new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0);
    }

    private static ProposalForm Proposal(string title) => new() { Title = title, ProposingOrganisation = "Women's Rights Action Network" };

    private static async Task SetDeadlineAsync(TestData data, Guid organiser, string slug, DateTime? closesAt, string? guidelines = null)
    {
        var form = (await data.ConveningAdmin.FormAsync(organiser, slug))!;
        form.ProposalsCloseAt = closesAt;
        form.ProposalGuidelines = guidelines;
        var saved = await data.ConveningAdmin.UpdateAsync(organiser, slug, form);
        Assert.True(saved.Succeeded, saved.Error);
    }

    [Fact]
    public async Task Proposals_are_taken_before_the_deadline_and_refused_after_it_even_a_draft_submitted_late()
    {
        var data = await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Organiser", "Organiser");
        var proposer = await data.AddUserAsync("Proposer");
        var (slug, _, _) = await data.AddConveningAsync(organiser, Zone);

        await SetDeadlineAsync(data, organiser, slug, Local(DateTimeOffset.UtcNow.AddDays(1)));
        var onTime = await data.Workflow.ProposeAsync(proposer, slug, Proposal("On time"), submit: true);
        Assert.True(onTime.Succeeded, onTime.Error);
        var draft = await data.Workflow.ProposeAsync(proposer, slug, Proposal("Started on time"), submit: false);
        Assert.True(draft.Succeeded, draft.Error);

        var closedAt = Local(DateTimeOffset.UtcNow.AddHours(-1));
        await SetDeadlineAsync(data, organiser, slug, closedAt);
        var late = await data.Workflow.ProposeAsync(proposer, slug, Proposal("Too late"), submit: true);
        Assert.False(late.Succeeded);
        Assert.Equal($"Proposals for this convening closed on {Events.Shared.Site.TimeText.Day(DateOnly.FromDateTime(closedAt))}, " +
                     $"{Events.Shared.Site.TimeText.Time(closedAt)} ({Zone}). Contact the organisers if you still wish to propose a side event.", late.Error);
        var lateDraft = await data.Workflow.ProposeAsync(proposer, slug, Proposal("Late draft"), submit: false);
        Assert.False(lateDraft.Succeeded);
        Assert.Contains("closed on", (await data.Workflow.SubmitAsync(proposer, draft.Id!.Value)).Error);

        await using (var db = await data.Db.CreateDbContextAsync())
        {
            var titles = await db.SideEvents.Where(e => e.ProposerUserId == proposer).OrderBy(e => e.Title).Select(e => e.Title + ":" + e.Status).ToListAsync();
            Assert.Equal(["On time:submitted", "Started on time:draft"], titles);
        }

        // The convening's organisers build the programme: the deadline does not stop them.
        Assert.True((await data.Workflow.ProposeAsync(organiser, slug, Proposal("Added by the organisers"), submit: true)).Succeeded);
        // Without a deadline, proposals are taken again.
        await SetDeadlineAsync(data, organiser, slug, null);
        Assert.True((await data.Workflow.ProposeAsync(proposer, slug, Proposal("No deadline now"), submit: true)).Succeeded);
    }

    [Fact]
    public async Task Bad_deadlines_and_guidelines_are_refused_with_a_message_and_change_nothing()
    {
        var data = await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Organiser", "Organiser");
        var (slug, _, _) = await data.AddConveningAsync(organiser, Zone);

        async Task<string?> TryAsync(Action<ConveningForm> change)
        {
            var form = (await data.ConveningAdmin.FormAsync(organiser, slug))!;
            change(form);
            return (await data.ConveningAdmin.UpdateAsync(organiser, slug, form)).Error;
        }

        Assert.Contains("not allowed", await TryAsync(f => f.ProposalGuidelines = "Two pages\0 at most"));
        Assert.Contains("at most 4000 characters", await TryAsync(f => f.ProposalGuidelines = new string('x', ProposalDeadline.GuidelinesMaxLength + 1)));
        // 02:30 on 14 March 2027 does not exist in New York: the clocks go from 02:00 to 03:00.
        Assert.Contains("does not exist in America/New_York", await TryAsync(f => f.ProposalsCloseAt = new DateTime(2027, 3, 14, 2, 30, 0)));
        Assert.Contains("cannot be after the convening's last day", await TryAsync(f => f.ProposalsCloseAt = new DateTime(2027, 3, 18, 9, 0, 0)));
        await using (var db = await data.Db.CreateDbContextAsync())
        {
            var stored = await db.Convenings.Where(c => c.Slug == slug).Select(c => new { c.ProposalsCloseAt, c.ProposalGuidelines }).SingleAsync();
            Assert.Null(stored.ProposalsCloseAt);
            Assert.Null(stored.ProposalGuidelines);
        }

        // Good input comes back as it was entered, the deadline on the convening's clock and stored in UTC.
        const string guidelines = "Two pages at most.\n<script>alert(1)</script> is text here.\nيرجى ذكر الشركاء";
        Assert.Null(await TryAsync(f => { f.ProposalsCloseAt = new DateTime(2027, 2, 1, 18, 0, 0); f.ProposalGuidelines = guidelines; }));
        var again = (await data.ConveningAdmin.FormAsync(organiser, slug))!;
        Assert.Equal(new DateTime(2027, 2, 1, 18, 0, 0), again.ProposalsCloseAt);
        Assert.Equal(guidelines, again.ProposalGuidelines);
        await using (var db = await data.Db.CreateDbContextAsync())
            Assert.Equal(new DateTime(2027, 2, 1, 23, 0, 0), await db.Convenings.Where(c => c.Slug == slug).Select(c => c.ProposalsCloseAt).SingleAsync());
    }

    [Fact]
    public async Task The_settings_form_sets_them_the_propose_page_shows_them_and_the_calls_to_action_go_after_the_deadline()
    {
        await using var app = await EventsAppFactory.CreateAsync();
        app.CreateClient();
        var data = await TestData.ForAsync(app.ConnectionString);
        var owner = await data.AddWithPasswordAsync("Owner", "a long enough passphrase");
        var proposer = await data.AddWithPasswordAsync("Proposer", "a long enough passphrase");
        await using (var db = await data.Db.CreateDbContextAsync())
        {
            db.UserRoles.Add(new() { UserId = owner.Id, RoleId = await db.Roles.Where(r => r.Name == "Organiser").Select(r => r.Id).SingleAsync() });
            await db.SaveChangesAsync();
        }
        var (slug, _, _) = await data.AddConveningAsync(owner.Id, Zone);
        var organiserClient = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await organiserClient.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = owner.Email, ["Input.Password"] = "a long enough passphrase" });
        var proposerClient = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await proposerClient.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = proposer.Email, ["Input.Password"] = "a long enough passphrase" });

        // The form: a date and time on the convening's clock, and plain-text guidelines.
        var deadline = Local(DateTimeOffset.UtcNow.AddDays(2));
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = "Test convening", ["Input.StartsOn"] = "2027-03-08", ["Input.EndsOn"] = "2027-03-17", ["Input.TimeZone"] = Zone,
            ["Input.Kind"] = "UnSession", ["Input.Visibility"] = "Public", ["Input.ChangeoverMinutes"] = "15", ["Input.SlotResponseDays"] = "5",
            ["Input.CrossRegionalThreshold"] = "3", ["Input.ProposalsCloseAt"] = deadline.ToString("yyyy-MM-dd'T'HH:mm"),
            ["Input.ProposalGuidelines"] = "Two pages at most.\n<b>Partners</b> named.",
        };
        var saved = await organiserClient.PostFormAsync($"/organise/{slug}/settings", "edit-convening", fields);
        Assert.Contains("data-testid=\"settings-saved\"", await saved.Content.ReadAsStringAsync());
        var settings = await organiserClient.GetDocumentAsync($"/organise/{slug}/settings");
        Assert.StartsWith(deadline.ToString("yyyy-MM-dd'T'HH:mm"), settings.QuerySelector("input[name='Input.ProposalsCloseAt']")!.GetAttribute("value"));
        Assert.Equal("datetime-local", settings.QuerySelector("input[name='Input.ProposalsCloseAt']")!.GetAttribute("type"));

        // The propose page names the deadline on the convening's clock and shows the guidelines as text.
        var propose = await proposerClient.GetDocumentAsync($"/c/{slug}/propose");
        var described = ProposalDeadline.Describe(ConveningClock.ToUtc(DateOnly.FromDateTime(deadline), TimeOnly.FromDateTime(deadline), Zone), Zone);
        Assert.Contains(described, propose.QuerySelector("[data-testid=proposal-deadline]")!.TextContent);
        var shown = propose.QuerySelector("[data-testid=proposal-guidelines]")!;
        Assert.Equal("auto", shown.GetAttribute("dir"));
        Assert.Equal("Two pages at most.\n<b>Partners</b> named.", shown.TextContent);
        Assert.Null(shown.QuerySelector("b"));
        Assert.NotNull(propose.QuerySelector("form input[name='Input.Title']"));
        // The calls to action, with the deadline on the programme.
        var programme = await proposerClient.GetDocumentAsync($"/c/{slug}");
        Assert.Contains(described, programme.QuerySelector("[data-testid=propose-cta] [data-testid=proposals-close-at]")!.TextContent);
        Assert.NotNull((await proposerClient.GetDocumentAsync("/")).QuerySelector($"[data-testid=propose-cta][href='/c/{slug}/propose']"));

        // After the deadline: the page says so instead of offering the form, the post is refused, the calls to action are gone.
        fields["Input.ProposalsCloseAt"] = Local(DateTimeOffset.UtcNow.AddMinutes(-5)).ToString("yyyy-MM-dd'T'HH:mm");
        await organiserClient.PostFormAsync($"/organise/{slug}/settings", "edit-convening", fields);
        var closed = await proposerClient.GetDocumentAsync($"/c/{slug}/propose");
        Assert.Contains("Proposals for this convening closed on", closed.QuerySelector("[data-testid=proposals-closed]")!.TextContent);
        Assert.Null(closed.QuerySelector("form input[name='Input.Title']"));
        Assert.Null((await proposerClient.GetDocumentAsync($"/c/{slug}")).QuerySelector("[data-testid=propose-cta]"));
        Assert.Null((await proposerClient.GetDocumentAsync("/")).QuerySelector("[data-testid=propose-cta]"));
        var refused = await data.Workflow.ProposeAsync(proposer.Id, slug, Proposal("Too late"), submit: true);
        Assert.Contains("closed on", refused.Error);
    }
}
