using System.Net;
using System.Net.Http.Headers;
using Events.Server.Calendar;
using Events.Shared.Calendar;
using Events.Shared.SideEvents;
using Events.Tests.Infrastructure;
using Events.Server.CoSponsors;
using Events.Server.Registrations;
using Events.Server.SideEvents;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.Calendar;

/// <summary>
/// A New York convening (8–17 March 2027, across the 14 March daylight-saving change) with public, cancelled,
/// unscheduled and invitation-only events, a withheld speaker, unconfirmed co-sponsors and a registered attendee.
/// </summary>
public sealed class CalendarFixture : IAsyncLifetime
{
    // Within the database's 200-character limit; 1,000-character titles are tested on the writer itself.
    public const string Title = "Women, peace; security \\ \"quotes\" 🎉 حقوق المرأة 妇女权利";
    public const string Theme = "Climate, justice; now";
    public const string OtherOrganisation = "Finance Forum, Inc.";
    public const string CancellationReason = "Travel disrupted; sorry, truly.";
    public const string Address = "405 East 42nd Street, New York, NY 10017";
    public const string Webcast = "https://webtv.example.org/live?a=1,2";

    // Never in a calendar: a speaker who asked not to be named, co-sponsors who have not confirmed, an attendee, the proposer's account.
    public const string WithheldSpeaker = "Zora Unpublishedname";
    public const string PublishedSpeaker = "Paula Publishedname";
    public const string AttendeeName = "Arturo Attendeeson";
    public const string ProposerName = "Olivia Proposerperson";
    public static readonly string[] HiddenSponsors = ["Invited Sponsor Ivy", "Declined Sponsor Delta", "Revoked Sponsor Rex"];
    public const string ConfirmedSponsor = "Confirmed Sponsor Cora";

    public EventsAppFactory App { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public TestData Data { get; private set; } = null!;
    public string Slug { get; private set; } = "";
    public string InvitationSlug { get; private set; } = "";
    public Guid Organiser { get; private set; }
    public Guid RoomA { get; private set; }
    public Guid RoomB { get; private set; }
    public List<string> PrivateTexts { get; } = [WithheldSpeaker, PublishedSpeaker, AttendeeName, ProposerName, .. HiddenSponsors];

    /// <summary>15 March 09:00–10:30 New York (after the change), room A, Chatham House, webcast, the hostile title.</summary>
    public Guid AfterChange { get; private set; }
    /// <summary>12 March 09:00 New York (before the change), room B, online, another organisation.</summary>
    public Guid BeforeChange { get; private set; }
    public Guid Cancelled { get; private set; }
    public Guid Unscheduled { get; private set; }
    public Guid InvitationOnly { get; private set; }
    /// <summary>Rescheduled by one test (stays in room B).</summary>
    public Guid Moving { get; private set; }
    /// <summary>Edited by the conditional-request test.</summary>
    public Guid Changing { get; private set; }

    public async Task InitializeAsync()
    {
        App = await EventsAppFactory.CreateAsync();
        Client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Data = await TestData.ForAsync(App.ConnectionString);
        Organiser = await Data.AddUserAsync(ProposerName, "Organiser");
        await using var db = await Data.Db.CreateDbContextAsync();
        PrivateTexts.Add(await db.Users.Where(u => u.Id == Organiser).Select(u => u.Email!).SingleAsync());
        (Slug, RoomA, RoomB) = await Data.AddConveningAsync(Organiser);
        await db.Convenings.Where(c => c.Slug == Slug).ExecuteUpdateAsync(s => s.SetProperty(c => c.ChathamHouse, true));
        await db.Venues.ExecuteUpdateAsync(s => s.SetProperty(v => v.Address, Address));

        AfterChange = await ScheduledAsync(Slug, Title, RoomA, new(2027, 3, 15), new(9, 0), new(10, 30));
        BeforeChange = await ScheduledAsync(Slug, "Financing for gender equality", RoomB, new(2027, 3, 12), new(9, 0), new(10, 0));
        Cancelled = await ScheduledAsync(Slug, "A cancelled gathering", RoomA, new(2027, 3, 16), new(11, 0), new(12, 0));
        Moving = await ScheduledAsync(Slug, "An event that moves", RoomB, new(2027, 3, 10), new(10, 0), new(11, 0));
        Changing = await ScheduledAsync(Slug, "An event that changes", RoomA, new(2027, 3, 11), new(14, 0), new(15, 0));
        Unscheduled = await Data.AddAcceptedEventAsync(Slug, Organiser, Organiser, "Accepted but not scheduled");
        Assert.True((await Data.Workflow.CancelAsync(Organiser, Cancelled, CancellationReason)).Succeeded);

        await db.SideEvents.Where(e => e.Id == AfterChange).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.Themes, new List<string> { Theme, "Peace" }).SetProperty(e => e.WebcastUrl, Webcast)
            .SetProperty(e => e.AbstractMd, "We discuss **peace**; see [the report](https://example.org/report). <b>Raw</b> HTML stays text."));
        await db.SideEvents.Where(e => e.Id == BeforeChange).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.Themes, new List<string> { "Finance" }).SetProperty(e => e.Format, "virtual")
            .SetProperty(e => e.ProposingOrganisation, OtherOrganisation));
        db.Speakers.AddRange(
            new Speaker { SideEventId = AfterChange, Role = "speaker", Name = WithheldSpeaker, Title = "Rapporteur", Organisation = "Independent", PublishName = false },
            new Speaker { SideEventId = AfterChange, Role = "moderator", Name = PublishedSpeaker, Title = "Director", Organisation = "UN Women", PublishName = true });
        await db.SaveChangesAsync();
        string[] statuses = ["invited", "declined", "revoked"];
        for (var i = 0; i < HiddenSponsors.Length; i++)
        {
            db.CoSponsorships.Add(new CoSponsorship { SideEventId = AfterChange, SponsorKind = "organisation", OrganisationName = HiddenSponsors[i], DisplayName = HiddenSponsors[i], Status = statuses[i] });
            await db.SaveChangesAsync();
        }
        db.CoSponsorships.Add(new CoSponsorship { SideEventId = AfterChange, SponsorKind = "organisation", OrganisationName = ConfirmedSponsor, DisplayName = ConfirmedSponsor, Status = "confirmed" });
        await db.SaveChangesAsync();
        var attendee = await Data.AddUserAsync(AttendeeName);
        PrivateTexts.Add(await db.Users.Where(u => u.Id == attendee).Select(u => u.Email!).SingleAsync());
        db.Registrations.Add(new Registration
        {
            ConveningId = await db.SideEvents.Where(e => e.Id == AfterChange).Select(e => e.ConveningId).SingleAsync(),
            SideEventId = AfterChange, UserId = attendee, Status = "confirmed", CheckInCode = "CAL-TEST-1",
        });
        await db.SaveChangesAsync();

        (InvitationSlug, var invitationRoom, _) = await Data.AddConveningAsync(Organiser);
        InvitationOnly = await ScheduledAsync(InvitationSlug, "Invitation-only retreat", invitationRoom, new(2027, 3, 9), new(10, 0), new(11, 0));
        await db.Convenings.Where(c => c.Slug == InvitationSlug).ExecuteUpdateAsync(s => s.SetProperty(c => c.Visibility, "invitation"));
    }

    public async Task<Guid> ScheduledAsync(string slug, string title, Guid room, DateOnly day, TimeOnly start, TimeOnly end)
    {
        var id = await Data.AddAcceptedEventAsync(slug, Organiser, Organiser, title);
        var scheduled = await Data.Workflow.ScheduleAsync(Organiser, new ScheduleForm { SideEventId = id, RoomId = room, Day = day, Start = start, End = end });
        Assert.True(scheduled.Succeeded, scheduled.Error);
        return id;
    }

    /// <summary>Waits until the app's calendar cache has heard of every change committed so far (they come by NOTIFY).</summary>
    public Task ChangesHeardAsync() => App.Services.GetRequiredService<CalendarFeedCache>().SyncAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class CalendarEndpointTests(CalendarFixture fixture) : IClassFixture<CalendarFixture>
{
    private HttpClient Client => fixture.Client;

    private async Task<(HttpResponseMessage Response, string Ics, ParsedCalendar Parsed)> GetCalendarAsync(string path)
    {
        var response = await Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ics = await response.Content.ReadAsStringAsync();
        IcsAssert.WellFormed(ics);
        return (response, ics, await IcsJs.ParseAsync(ics));
    }

    private async Task<HashSet<Guid>> FeedAsync(string query)
    {
        var (_, _, parsed) = await GetCalendarAsync($"/c/{fixture.Slug}/calendar.ics{query}");
        return parsed.Events.Select(e => Guid.Parse(e.Uid!.Split('@')[0])).ToHashSet();
    }

    private async Task<HashSet<Guid>> PageAsync(string query)
    {
        var page = await Client.GetDocumentAsync($"/c/{fixture.Slug}{query}");
        return page.QuerySelectorAll("[data-event-id]").Select(e => Guid.Parse(e.GetAttribute("data-event-id")!)).ToHashSet();
    }

    [Fact]
    public async Task An_event_downloads_as_a_calendar_with_its_public_details()
    {
        var id = fixture.AfterChange;
        var (response, _, parsed) = await GetCalendarAsync($"/e/{id}/event.ics");

        Assert.Equal("text/calendar; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal($"{fixture.Slug}-women-peace-security-quotes.ics", disposition.FileName!.Trim('"'));
        Assert.Equal("public, max-age=300", response.Headers.CacheControl!.ToString());
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.NotNull(response.Content.Headers.LastModified);

        Assert.Equal("PUBLISH", parsed.Method);
        var e = Assert.Single(parsed.Events);
        Assert.Equal($"{id:D}@events", e.Uid);
        Assert.Equal(CalendarFixture.Title, e.Summary);
        Assert.Equal("2027-03-15T13:00:00.000Z", e.Dtstart!.Utc); // 09:00 New York, after the 14 March change
        Assert.Equal(("2027-03-15T09:00:00", "America/New_York"), (e.Dtstart.Local, e.Dtstart.Tzid));
        Assert.Equal("2027-03-15T14:30:00.000Z", e.Dtend!.Utc);
        Assert.Equal($"Conference Room 1, UN Headquarters, {CalendarFixture.Address}", e.Location);
        Assert.Equal($"http://localhost/e/{id:D}", e.Url);
        Assert.Equal(("CONFIRMED", 1), (e.Status, e.Sequence));
        Assert.Equal([CalendarFixture.Theme, "Peace"], e.Categories);
        Assert.Equal("mailto:no-reply@events.localhost", e.Organizer!.Value);
        Assert.Equal("Women's Rights Action Network", e.Organizer.Param("cn"));
        Assert.StartsWith("We discuss peace; see the report (https://example.org/report). <b>Raw</b> HTML stays text.", e.Description);
        Assert.Contains("Webcast: " + CalendarFixture.Webcast, e.Description);
        Assert.Contains(CalendarLinks.ChathamHouseNote, e.Description);
        await using var db = await fixture.Data.Db.CreateDbContextAsync();
        Assert.Equal(await db.SideEvents.Where(e => e.Id == id).Select(e => e.UpdatedAt).SingleAsync(),
            e.Dtstamp!.UtcInstant.UtcDateTime, TimeSpan.FromSeconds(1));
        Assert.Equal("America/New_York", parsed.Timezones.Single().Tzid);

        var head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/e/{id}/event.ics"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(response.Headers.ETag, head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Conditional_requests_get_304_until_the_calendar_changes()
    {
        foreach (var path in new[] { $"/e/{fixture.Changing}/event.ics", $"/c/{fixture.Slug}/calendar.ics" })
        {
            var first = await Client.GetAsync(path);
            var etag = first.Headers.ETag!;
            var lastModified = first.Content.Headers.LastModified!.Value;

            var byEtag = new HttpRequestMessage(HttpMethod.Get, path);
            byEtag.Headers.IfNoneMatch.Add(etag);
            var notModified = await Client.SendAsync(byEtag);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
            Assert.Equal(etag, notModified.Headers.ETag);

            var byDate = new HttpRequestMessage(HttpMethod.Get, path);
            byDate.Headers.IfModifiedSince = lastModified;
            Assert.Equal(HttpStatusCode.NotModified, (await Client.SendAsync(byDate)).StatusCode);

            var stale = new HttpRequestMessage(HttpMethod.Get, path);
            stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"an-old-version\""));
            Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(stale)).StatusCode);
        }

        var before = await Client.GetAsync($"/c/{fixture.Slug}/calendar.ics");
        await using (var db = await fixture.Data.Db.CreateDbContextAsync())
            await db.SideEvents.Where(e => e.Id == fixture.Changing).ExecuteUpdateAsync(s => s.SetProperty(e => e.AbstractMd, "Now with an agenda."));
        await fixture.ChangesHeardAsync();
        var again = new HttpRequestMessage(HttpMethod.Get, $"/c/{fixture.Slug}/calendar.ics");
        again.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        var changed = await Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(before.Headers.ETag, changed.Headers.ETag);
        Assert.Contains("Now with an agenda.", (await IcsJs.ParseAsync(await changed.Content.ReadAsStringAsync())).Event(fixture.Changing).Description);
    }

    [Fact]
    public async Task Unpublished_events_and_invitation_only_convenings_are_not_found()
    {
        foreach (var path in new[]
                 {
                     $"/e/{fixture.Unscheduled}/event.ics", $"/e/{fixture.InvitationOnly}/event.ics", $"/e/{Guid.NewGuid()}/event.ics",
                     $"/c/{fixture.InvitationSlug}/calendar.ics", "/c/no-such-convening/calendar.ics",
                 })
        {
            var response = await Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.NotEqual("text/calendar", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task The_programme_feed_holds_the_public_events_and_applies_the_page_filters()
    {
        var (response, ics, parsed) = await GetCalendarAsync($"/c/{fixture.Slug}/calendar.ics");
        Assert.Equal($"{fixture.Slug}.ics", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        Assert.Equal("public, max-age=300", response.Headers.CacheControl!.ToString());
        Assert.Equal(("PUBLISH", "Test convening", "America/New_York", "PT1H"), (parsed.Method, parsed.Name, parsed.WrTimezone, parsed.RefreshInterval));
        Assert.Equal(("Test convening", "X-PUBLISHED-TTL:PT1H"), (parsed.WrCalname, IcsAssert.Lines(ics, "X-PUBLISHED-TTL").Single()));
        var all = new HashSet<Guid> { fixture.AfterChange, fixture.BeforeChange, fixture.Cancelled, fixture.Moving, fixture.Changing };
        Assert.Equal(all, parsed.Events.Select(e => Guid.Parse(e.Uid!.Split('@')[0])).ToHashSet());
        Assert.Equal(parsed.Events.OrderBy(e => e.Dtstart!.UtcInstant).Select(e => e.Uid), parsed.Events.Select(e => e.Uid));

        var cancelled = parsed.Event(fixture.Cancelled);
        Assert.Equal(("CANCELLED", "Cancelled: A cancelled gathering"), (cancelled.Status, cancelled.Summary));
        Assert.StartsWith("This event has been cancelled. " + CalendarFixture.CancellationReason, cancelled.Description);
        Assert.Equal(2, cancelled.Sequence); // scheduled, then cancelled
        Assert.Equal("2027-03-12T14:00:00.000Z", parsed.Event(fixture.BeforeChange).Dtstart!.Utc); // 09:00 EST, before the change

        var filters = new Dictionary<string, HashSet<Guid>>
        {
            ["?day=2027-03-15"] = [fixture.AfterChange],
            ["?theme=" + Uri.EscapeDataString(CalendarFixture.Theme)] = [fixture.AfterChange],
            ["?format=virtual"] = [fixture.BeforeChange],
            [$"?room={fixture.RoomB}"] = [fixture.BeforeChange, fixture.Moving],
            ["?org=" + Uri.EscapeDataString(CalendarFixture.OtherOrganisation)] = [fixture.BeforeChange],
            ["?q=" + Uri.EscapeDataString("peace; security")] = [fixture.AfterChange],
            ["?q=" + Uri.EscapeDataString("%")] = [],
            ["?day=2027-03-12&format=virtual&room=" + fixture.RoomB] = [fixture.BeforeChange],
            ["?day=not-a-day&room=nonsense"] = all,
        };
        foreach (var (query, expected) in filters)
        {
            Assert.Equal(expected, await FeedAsync(query));
            Assert.Equal(await PageAsync(query), await FeedAsync(query)); // the same events as the programme page shows
        }
        Assert.Equal("Test convening (selection)", (await GetCalendarAsync($"/c/{fixture.Slug}/calendar.ics?format=virtual")).Parsed.Name);
    }

    [Fact]
    public async Task Nothing_private_reaches_a_calendar()
    {
        foreach (var path in new[] { $"/e/{fixture.AfterChange}/event.ics", $"/c/{fixture.Slug}/calendar.ics" })
        {
            var (_, ics, parsed) = await GetCalendarAsync(path);
            // Unfolded, so that a name folded across two lines is still found.
            var text = IcsAssert.Unfold(ics) + string.Concat(parsed.Events.Select(e => e.Description + e.Location + e.Summary));
            foreach (var secret in fixture.PrivateTexts)
                Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(IcsAssert.Lines(ics, "ATTENDEE"));
            Assert.All(parsed.Events, e => Assert.Empty(e.Attendees));
        }
    }

    [Fact]
    public async Task Rescheduling_raises_SEQUENCE_keeps_the_UID_and_shows_the_new_time_in_every_calendar()
    {
        var id = fixture.Moving;
        var before = (await GetCalendarAsync($"/e/{id}/event.ics")).Parsed.Event(id);

        var moved = await fixture.Data.Workflow.ScheduleAsync(fixture.Organiser,
            new ScheduleForm { SideEventId = id, RoomId = fixture.RoomB, Day = new(2027, 3, 16), Start = new(14, 0), End = new(15, 0), Reason = "A clash" });
        Assert.True(moved.Succeeded, moved.Error);
        await fixture.ChangesHeardAsync();

        foreach (var path in new[] { $"/e/{id}/event.ics", $"/c/{fixture.Slug}/calendar.ics" })
        {
            var after = (await GetCalendarAsync(path)).Parsed.Event(id);
            Assert.Equal(before.Uid, after.Uid);
            Assert.Equal(before.Sequence + 1, after.Sequence);
            Assert.Equal("2027-03-16T18:00:00.000Z", after.Dtstart!.Utc);
            Assert.Equal("2027-03-16T14:00:00", after.Dtstart.Local);
            Assert.Equal("CONFIRMED", after.Status);
        }
        Assert.Equal("2027-03-10T15:00:00.000Z", before.Dtstart!.Utc); // 10:00 EST, before the change

        Assert.True((await fixture.Data.Workflow.CancelAsync(fixture.Organiser, id, "Speakers unavailable")).Succeeded);
        await fixture.ChangesHeardAsync();
        var cancelled = (await GetCalendarAsync($"/e/{id}/event.ics")).Parsed.Event(id);
        Assert.Equal((before.Uid, before.Sequence + 2, "CANCELLED"), (cancelled.Uid, cancelled.Sequence, cancelled.Status));
    }

    [Fact]
    public async Task Event_and_programme_pages_offer_add_to_calendar_links()
    {
        var page = await Client.GetDocumentAsync($"/e/{fixture.AfterChange}");
        var links = page.QuerySelector("[data-testid=add-to-calendar]")!;
        Assert.Equal($"/e/{fixture.AfterChange:D}/event.ics", links.QuerySelector("a[data-calendar=ics]")!.GetAttribute("href"));
        var google = links.QuerySelector("a[data-calendar=google]")!.GetAttribute("href")!;
        Assert.StartsWith("https://calendar.google.com/calendar/render?action=TEMPLATE&text=", google);
        Assert.Contains("&dates=20270315T130000Z/20270315T143000Z", google);
        Assert.Contains("startdt=2027-03-15T13%3A00%3A00Z", links.QuerySelector("a[data-calendar=outlook]")!.GetAttribute("href"));
        Assert.DoesNotContain(fixture.PrivateTexts, secret => google.Contains(Uri.EscapeDataString(secret)));

        var cancelled = (await Client.GetDocumentAsync($"/e/{fixture.Cancelled}")).QuerySelector("[data-testid=add-to-calendar]")!;
        Assert.NotNull(cancelled.QuerySelector("a[data-calendar=ics]"));
        Assert.Null(cancelled.QuerySelector("a[data-calendar=google]"));

        var programme = (await Client.GetDocumentAsync($"/c/{fixture.Slug}?theme=Finance")).QuerySelector("[data-testid=subscribe-calendar]")!;
        Assert.Equal($"webcal://localhost/c/{fixture.Slug}/calendar.ics?theme=Finance", programme.QuerySelector("a[data-calendar=webcal]")!.GetAttribute("href"));
        Assert.Equal($"/c/{fixture.Slug}/calendar.ics?theme=Finance", programme.QuerySelector("a[data-calendar=ics]")!.GetAttribute("href"));
    }
}
