using Microsoft.Extensions.DependencyInjection;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Dapper;
using Events.Server.Demo;
using Events.Shared.Convenings;
using Events.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Events.Tests.Convenings;

/// <summary>
/// The demo data plus a few convenings and events written straight into the database: the things the public pages must
/// show, and the things they must never show.
/// </summary>
public sealed class ProgrammeFixture : IAsyncLifetime
{
    public const string TestSlug = "programme-tests";
    public const string UnlistedSlug = "programme-unlisted";
    public const string InvitationSlug = "programme-invitation";
    /// <summary>A convening with more events than one page lists at once (ProgrammePage.WholeProgrammeLimit).</summary>
    public const string BigSlug = "programme-big";
    public const string Zone = "America/New_York";

    /// <summary>Names, titles and bios that must never reach a public page.</summary>
    public const string WithheldName = "Zelda Withheldson";
    public const string WithheldTitle = "Special Rapporteur Zeta";
    public const string DemoWithheldName = "Fatima Al-Sayed";

    public static readonly string[] HiddenSponsors =
        ["Declined Foundation Omega", "Invited Trust Sigma", "Revoked Council Tau", "Opened Network Rho", "Expired Alliance Psi"];
    public const string ConfirmedSponsor = "Confirmed Collective Kappa";

    public EventsAppFactory App { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    public Guid CswId { get; private set; }
    public Guid SponsoredEventId { get; private set; }
    public Dictionary<string, Guid> HiddenEvents { get; } = new();
    public Dictionary<string, Guid> TestEvents { get; } = new();
    public Guid UnlistedEventId { get; private set; }
    public Guid InvitationEventId { get; private set; }

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateMigratedDatabaseAsync();
        await (await TestData.ForAsync(ConnectionString)).Services.CreateScope().ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync();
        await using (var db = new NpgsqlConnection(ConnectionString))
        {
            await db.OpenAsync();
            CswId = await db.ExecuteScalarAsync<Guid>("SELECT id FROM convenings WHERE slug = 'csw71'");

            // A withheld speaker and co-sponsors in every non-public state on one CSW event.
            SponsoredEventId = await db.ExecuteScalarAsync<Guid>(
                "SELECT id FROM side_events WHERE convening_id = @CswId AND title = 'Tax policy and gender equality'", new { CswId });
            await db.ExecuteAsync("""
                INSERT INTO speakers (side_event_id, role, name, title, organisation, bio, publish_name, sort_order)
                VALUES (@SponsoredEventId, 'speaker', @WithheldName, @WithheldTitle, 'Independent expert', @bio, false, 9)
                """, new { SponsoredEventId, WithheldName, WithheldTitle, bio = $"{WithheldName} has worked for twenty years." });
            string[] statuses = ["declined", "invited", "revoked", "opened", "expired"];
            for (var i = 0; i < HiddenSponsors.Length; i++)
                await db.ExecuteAsync("""
                    INSERT INTO co_sponsorships (side_event_id, sponsor_kind, organisation_name, display_name, status)
                    VALUES (@SponsoredEventId, 'organisation', @name, @name, @status)
                    """, new { SponsoredEventId, name = HiddenSponsors[i], status = statuses[i] });
            await db.ExecuteAsync("""
                INSERT INTO co_sponsorships (side_event_id, sponsor_kind, organisation_name, display_name, status)
                VALUES (@SponsoredEventId, 'organisation', @ConfirmedSponsor, @ConfirmedSponsor, 'confirmed')
                """, new { SponsoredEventId, ConfirmedSponsor });

            // Events of the CSW session that are not (yet) public. The accepted one has a room and a time.
            var onlineRoom = await db.ExecuteScalarAsync<Guid>("SELECT id FROM rooms WHERE convening_id = @CswId AND name = 'Online room'", new { CswId });
            foreach (var status in new[] { "draft", "submitted", "accepted", "waitlisted", "declined" })
            {
                var title = $"Hidden {status} event about climate";
                HiddenEvents[status] = await AddEventAsync(db, CswId, title, status,
                    status == "accepted" ? onlineRoom : null, status == "accepted" ? (new DateOnly(2027, 3, 9), new TimeOnly(19, 0)) : null,
                    organisation: "FEMNET");
            }

            // A convening of our own for time zones, escaping and wildcards.
            var testConvening = await AddConveningAsync(db, TestSlug, "Programme test convening", "public",
                "Welcome <script>alert(\"desc-xss\")</script> to the **test**. [bad link](javascript:alert(5)) and [good link](https://example.org/good).");
            var room = await AddRoomAsync(db, testConvening, "Test Venue", "Room T");
            var room2 = await AddRoomAsync(db, testConvening, "Test Venue", "Room U");
            TestEvents["dst-before"] = await AddEventAsync(db, testConvening, "DST check before the change", "scheduled", room, (new DateOnly(2027, 3, 12), new TimeOnly(9, 0)));
            TestEvents["dst-after"] = await AddEventAsync(db, testConvening, "DST check after the change", "scheduled", room, (new DateOnly(2027, 3, 15), new TimeOnly(9, 0)));
            TestEvents["script"] = await AddEventAsync(db, testConvening, "<script>alert(\"title-xss\")</script> Safety first", "scheduled", room,
                (new DateOnly(2027, 3, 16), new TimeOnly(9, 0)),
                abstractMd: "Hello <script>alert(\"abstract-xss\")</script> and <img src=x onerror=alert(1)> and [click me](javascript:alert(1)) " +
                            "and <javascript:alert(2)> and [JaVaScRiPt link](JAVASCRIPT:alert(6)) and [ok link](https://example.org/ok) and [ref link][r] " +
                            "and ![pixel](https://tracker.example.org/p.png)\n\n[r]: javascript:alert(3)\n\n<div onclick=\"alert(7)\">raw block</div>",
                webcast: "javascript:alert(4)");
            TestEvents["percent"] = await AddEventAsync(db, testConvening, "Budget 100% renewable", "scheduled", room, (new DateOnly(2027, 3, 17), new TimeOnly(9, 0)));
            TestEvents["thousand"] = await AddEventAsync(db, testConvening, "Budget 1000 renewable", "scheduled", room, (new DateOnly(2027, 3, 17), new TimeOnly(11, 0)));
            TestEvents["underscore"] = await AddEventAsync(db, testConvening, "Budget a_b line", "scheduled", room2, (new DateOnly(2027, 3, 17), new TimeOnly(9, 0)));
            TestEvents["letter"] = await AddEventAsync(db, testConvening, "Budget axb line", "scheduled", room2, (new DateOnly(2027, 3, 17), new TimeOnly(11, 0)));
            TestEvents["backslash"] = await AddEventAsync(db, testConvening, @"Paths like C:\temp", "scheduled", room2, (new DateOnly(2027, 3, 18), new TimeOnly(11, 0)));
            TestEvents["cancelled"] = await AddEventAsync(db, testConvening, "Cancelled gathering", "cancelled", room, (new DateOnly(2027, 3, 18), new TimeOnly(9, 0)),
                statusReason: "The speakers' travel was disrupted.");

            // 150 events: 3 rooms x 5 days x 10 one-hour events every 90 minutes from 09:00 New York time, with a 15-minute changeover.
            var big = await AddConveningAsync(db, BigSlug, "Big programme", "public", "Many events.");
            await db.ExecuteAsync("UPDATE convenings SET changeover_minutes = 15 WHERE id = @big", new { big });
            var bigRooms = new[] { await AddRoomAsync(db, big, "Big Venue", "Hall 1"), await AddRoomAsync(db, big, "Big Venue", "Hall 2"),
                                   await AddRoomAsync(db, big, "Big Venue", "Hall 3") };
            for (var n = 0; n < 150; n++)
                await AddEventAsync(db, big, $"Big event {n:000}", "scheduled", bigRooms[n % 3],
                    (new DateOnly(2027, 3, 15).AddDays(n / 30), new TimeOnly(9, 0).AddMinutes(n % 30 / 3 * 90)));

            var unlisted = await AddConveningAsync(db, UnlistedSlug, "Unlisted roundtable", "unlisted", "By link only.");
            UnlistedEventId = await AddEventAsync(db, unlisted, "Unlisted event Pi", "scheduled", await AddRoomAsync(db, unlisted, "Somewhere", "Room P"),
                (new DateOnly(2027, 3, 11), new TimeOnly(10, 0)));
            var invitation = await AddConveningAsync(db, InvitationSlug, "Invitation-only retreat", "invitation", "Invited guests only.");
            InvitationEventId = await AddEventAsync(db, invitation, "Invitation event Rho", "scheduled", await AddRoomAsync(db, invitation, "Elsewhere", "Room R"),
                (new DateOnly(2027, 3, 11), new TimeOnly(10, 0)));
        }

        App = new EventsAppFactory(ConnectionString);
        Client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    private static Task<Guid> AddConveningAsync(NpgsqlConnection db, string slug, string name, string visibility, string description) =>
        db.ExecuteScalarAsync<Guid>("""
            INSERT INTO convenings (slug, name, kind, starts_on, ends_on, time_zone, description_md, visibility)
            VALUES (@slug, @name, 'un_session', @start, @end, @Zone, @description, @visibility) RETURNING id
            """, new { slug, name, start = new DateTime(2027, 3, 10), end = new DateTime(2027, 3, 20), Zone, description, visibility });

    private static async Task<Guid> AddRoomAsync(NpgsqlConnection db, Guid convening, string venueName, string roomName)
    {
        var venue = await db.ExecuteScalarAsync<Guid>("""
            INSERT INTO venues (convening_id, name) VALUES (@convening, @venueName)
            ON CONFLICT (convening_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id
            """, new { convening, venueName });
        return await db.ExecuteScalarAsync<Guid>("""
            INSERT INTO rooms (convening_id, venue_id, name, capacity, accessibility_notes) VALUES (@convening, @venue, @roomName, 50, 'Step-free.') RETURNING id
            """, new { convening, venue, roomName });
    }

    private static Task<Guid> AddEventAsync(NpgsqlConnection db, Guid convening, string title, string status, Guid? room,
        (DateOnly Day, TimeOnly Start)? at, string abstractMd = "An event.", string organisation = "Test Organisation", string? webcast = null,
        string? statusReason = null)
    {
        DateTime? startsAt = at is { } a ? ConveningClock.ToUtc(a.Day, a.Start, Zone).UtcDateTime : null;
        return db.ExecuteScalarAsync<Guid>("""
            INSERT INTO side_events (convening_id, title, abstract_md, themes, proposing_organisation, format, status, room_id, starts_at, ends_at,
                                     webcast_url, status_reason)
            VALUES (@convening, @title, @abstractMd, '{Testing}', @organisation, 'in_person', @status, @room, @startsAt, @endsAt, @webcast, @statusReason)
            RETURNING id
            """, new { convening, title, abstractMd, organisation, status, room, startsAt, endsAt = startsAt?.AddHours(1), webcast, statusReason });
    }
}

public sealed class ProgrammePageTests(ProgrammeFixture fixture) : IClassFixture<ProgrammeFixture>
{
    private HttpClient Client => fixture.Client;

    private async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var db = new NpgsqlConnection(fixture.ConnectionString);
        return (await db.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    private async Task<HashSet<Guid>> ExpectedCswEventsAsync(string condition, object? parameters = null)
    {
        await using var db = new NpgsqlConnection(fixture.ConnectionString);
        var args = new DynamicParameters(parameters);
        args.Add("CswId", fixture.CswId);
        return (await db.QueryAsync<Guid>(
            $"SELECT e.id FROM side_events e WHERE e.convening_id = @CswId AND e.status = 'scheduled' AND ({condition})", args)).ToHashSet();
    }

    private static HashSet<Guid> EventIds(IDocument page) =>
        page.QuerySelectorAll("[data-event-id]").Select(e => Guid.Parse(e.GetAttribute("data-event-id")!)).ToHashSet();

    private async Task<HashSet<Guid>> ShownAsync(string url) => EventIds(await Client.GetDocumentAsync(url));

    private async Task<string> HtmlAsync(string url)
    {
        var response = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<IReadOnlyList<Guid>> CswEventIdsAsync()
    {
        await using var db = new NpgsqlConnection(fixture.ConnectionString);
        return (await db.QueryAsync<Guid>("SELECT id FROM side_events WHERE convening_id = @CswId AND status = 'scheduled'", new { fixture.CswId })).ToList();
    }

    [Fact]
    public async Task The_CSW_programme_lists_its_44_scheduled_events_in_New_York_time()
    {
        var page = await Client.GetDocumentAsync("/c/csw71");

        Assert.Equal(44, EventIds(page).Count);
        Assert.Equal((await CswEventIdsAsync()).ToHashSet(), EventIds(page));
        Assert.Contains("All times are New York time (America/New_York)", page.QuerySelector("[data-testid=time-zone-note]")!.TextContent);
        Assert.Contains("Commission on the Status of Women", page.Title);
        Assert.Contains("seventy-first session", page.QuerySelector(".programme-description strong")!.TextContent);
        Assert.Equal(12, page.QuerySelectorAll("select[name=day] option[value]").Count(o => o.GetAttribute("value") != "all"));
        Assert.Contains("44 events", page.QuerySelector("[data-testid=event-count]")!.TextContent);
        // The list is grouped by local day, and each event links to its page.
        Assert.Equal("Monday 8 March 2027", page.QuerySelector(".programme-day h2")!.TextContent.Trim());
        var first = page.QuerySelector("[data-event-id]")!;
        Assert.Equal($"/e/{first.GetAttribute("data-event-id")}", first.QuerySelector("a.programme-event-title")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_day_filter_keeps_the_events_of_that_New_York_day()
    {
        var expected = await ExpectedCswEventsAsync("(e.starts_at AT TIME ZONE 'America/New_York')::date = '2027-03-15'");
        Assert.InRange(expected.Count, 1, 43);
        var page = await Client.GetDocumentAsync("/c/csw71?day=2027-03-15");
        Assert.Equal(expected, EventIds(page));
        Assert.NotNull(page.QuerySelector("select[name=day] option[value='2027-03-15'][selected]"));
        Assert.Contains($"{expected.Count} of 44 events", page.QuerySelector("[data-testid=event-count]")!.TextContent);
    }

    [Fact]
    public async Task The_theme_filter_keeps_the_events_with_that_theme()
    {
        var expected = await ExpectedCswEventsAsync("'Health' = ANY (e.themes)");
        Assert.InRange(expected.Count, 1, 43);
        var page = await Client.GetDocumentAsync("/c/csw71?theme=Health");
        Assert.Equal(expected, EventIds(page));
        Assert.NotNull(page.QuerySelector("select[name=theme] option[value='Health'][selected]"));
    }

    [Fact]
    public async Task The_format_filter_keeps_the_events_of_that_format()
    {
        foreach (var format in new[] { "virtual", "hybrid", "in_person" })
        {
            var expected = await ExpectedCswEventsAsync("e.format = @format", new { format });
            Assert.InRange(expected.Count, 1, 43);
            Assert.Equal(expected, await ShownAsync($"/c/csw71?format={format}"));
        }
    }

    [Fact]
    public async Task The_room_filter_keeps_the_events_in_that_room()
    {
        var hardin = await ScalarAsync<Guid>("SELECT id FROM rooms WHERE convening_id = @CswId AND name = 'Hardin Room'", new { fixture.CswId });
        var expected = await ExpectedCswEventsAsync("e.room_id = @hardin", new { hardin });
        Assert.InRange(expected.Count, 1, 43);
        var page = await Client.GetDocumentAsync($"/c/csw71?room={hardin}");
        Assert.Equal(expected, EventIds(page));
        Assert.All(page.QuerySelectorAll("[data-event-id] .programme-meta"), m => Assert.Contains("Hardin Room", m.TextContent));
    }

    [Fact]
    public async Task The_organisation_filter_matches_the_proposing_organisation()
    {
        var expected = await ExpectedCswEventsAsync("e.proposing_organisation = 'FEMNET'");
        Assert.InRange(expected.Count, 1, 43);
        Assert.Equal(expected, await ShownAsync("/c/csw71?org=FEMNET"));
    }

    [Fact]
    public async Task The_organisation_filter_matches_confirmed_co_sponsors_only()
    {
        // A State that co-sponsors some events for sure and is only invited on others, when the demo data has one.
        var state = await ScalarAsync<string>("""
            SELECT cs.display_name FROM co_sponsorships cs JOIN side_events e ON e.id = cs.side_event_id
            WHERE e.convening_id = @CswId AND cs.sponsor_kind = 'state'
            GROUP BY cs.display_name
            ORDER BY (bool_or(cs.status = 'invited') AND bool_or(cs.status = 'confirmed')) DESC, count(*) DESC, cs.display_name
            LIMIT 1
            """, new { fixture.CswId });
        var expected = await ExpectedCswEventsAsync("""
            EXISTS (SELECT 1 FROM co_sponsorships cs WHERE cs.side_event_id = e.id AND cs.status = 'confirmed' AND cs.display_name = @state)
            """, new { state });
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await ShownAsync($"/c/csw71?org={Uri.EscapeDataString(state)}"));

        Assert.Equal(new HashSet<Guid> { fixture.SponsoredEventId }, await ShownAsync($"/c/csw71?org={Uri.EscapeDataString(ProgrammeFixture.ConfirmedSponsor)}"));
        foreach (var hidden in ProgrammeFixture.HiddenSponsors)
            Assert.Empty(await ShownAsync($"/c/csw71?org={Uri.EscapeDataString(hidden)}"));
    }

    [Fact]
    public async Task Free_text_searches_title_abstract_and_organisation_case_insensitively()
    {
        var expected = await ExpectedCswEventsAsync("e.title ILIKE '%climate%' OR e.abstract_md ILIKE '%climate%' OR e.proposing_organisation ILIKE '%climate%'");
        Assert.InRange(expected.Count, 1, 43);
        Assert.Equal(expected, await ShownAsync("/c/csw71?q=CLIMATE"));

        var byOrganisation = await ExpectedCswEventsAsync("e.proposing_organisation ILIKE '%equality now%'");
        Assert.NotEmpty(byOrganisation);
        Assert.Equal(byOrganisation, await ShownAsync("/c/csw71?q=equality+now"));

        var page = await Client.GetDocumentAsync("/c/csw71?q=climate");
        Assert.Equal("climate", page.QuerySelector<IHtmlInputElement>("input[name=q]")!.Value);
    }

    [Fact]
    public async Task Filters_combine()
    {
        var expected = await ExpectedCswEventsAsync(
            "(e.starts_at AT TIME ZONE 'America/New_York')::date BETWEEN '2027-03-08' AND '2027-03-19' AND e.format = 'hybrid' AND 'Climate' = ANY (e.themes)");
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await ShownAsync("/c/csw71?format=hybrid&theme=Climate"));
        Assert.Empty(await ShownAsync("/c/csw71?format=virtual&room=" + Guid.NewGuid()));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("%%")]
    [InlineData("\\")]
    public async Task Like_wildcards_in_free_text_match_only_themselves(string q)
    {
        var page = await Client.GetDocumentAsync($"/c/csw71?q={Uri.EscapeDataString(q)}");
        Assert.Empty(EventIds(page));
        Assert.NotNull(page.QuerySelector("[data-testid=no-events]"));
    }

    [Fact]
    public async Task Percent_underscore_and_backslash_in_free_text_are_literal()
    {
        Assert.Equal(new HashSet<Guid> { fixture.TestEvents["percent"] }, await ShownAsync($"/c/{ProgrammeFixture.TestSlug}?q={Uri.EscapeDataString("100%")}"));
        Assert.Equal(new HashSet<Guid> { fixture.TestEvents["underscore"] }, await ShownAsync($"/c/{ProgrammeFixture.TestSlug}?q=a_b"));
        Assert.Equal(new HashSet<Guid> { fixture.TestEvents["backslash"] }, await ShownAsync($"/c/{ProgrammeFixture.TestSlug}?q={Uri.EscapeDataString(@"C:\temp")}"));
        // Without the escaping, "100%" would also find "1000" and "a_b" would also find "axb".
        Assert.Equal(new HashSet<Guid> { fixture.TestEvents["percent"], fixture.TestEvents["thousand"] },
            await ShownAsync($"/c/{ProgrammeFixture.TestSlug}?q=100"));
    }

    [Fact]
    public async Task Bad_filter_values_are_ignored_rather_than_failing()
    {
        Assert.Equal(44, (await ShownAsync("/c/csw71?day=15-03-2027&room=not-a-guid&view=nonsense")).Count);
    }

    [Fact]
    public async Task An_unlisted_convening_is_reachable_by_link_but_not_listed_on_the_home_page()
    {
        var page = await Client.GetDocumentAsync($"/c/{ProgrammeFixture.UnlistedSlug}");
        Assert.Equal(new HashSet<Guid> { fixture.UnlistedEventId }, EventIds(page));
        Assert.NotNull(page.QuerySelector("meta[name=robots][content=noindex]"));
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/e/{fixture.UnlistedEventId}")).StatusCode);

        var home = await Client.GetDocumentAsync("/");
        var links = home.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/c/csw71", links);
        Assert.DoesNotContain($"/c/{ProgrammeFixture.UnlistedSlug}", links);
        Assert.DoesNotContain($"/c/{ProgrammeFixture.InvitationSlug}", links);
    }

    [Fact]
    public async Task An_invitation_only_convening_and_its_events_are_not_found()
    {
        var response = await Client.GetAsync($"/c/{ProgrammeFixture.InvitationSlug}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Convening not found", html);
        Assert.DoesNotContain("Invitation-only retreat", html);
        Assert.DoesNotContain("Invitation event Rho", html);

        response = await Client.GetAsync($"/e/{fixture.InvitationEventId}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Invitation event Rho", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_addresses_answer_404_with_a_message()
    {
        var response = await Client.GetAsync("/c/no-such-convening");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Convening not found", await response.Content.ReadAsStringAsync());

        response = await Client.GetAsync($"/e/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Event not found", await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/e/not-a-guid")).StatusCode);
    }

    [Fact]
    public async Task Events_that_are_not_scheduled_are_not_shown_and_their_pages_are_not_found()
    {
        var html = await HtmlAsync("/c/csw71");
        var shown = await ShownAsync("/c/csw71?q=hidden");
        Assert.Empty(shown);
        foreach (var (status, id) in fixture.HiddenEvents)
        {
            Assert.DoesNotContain($"Hidden {status} event", html);
            Assert.DoesNotContain(id.ToString(), html);
            Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/e/{id}")).StatusCode);
        }
    }

    [Fact]
    public async Task A_speaker_who_asked_not_to_be_named_is_never_named_on_a_public_page()
    {
        var pages = new List<(string Url, string Html)> { ("/c/csw71", await HtmlAsync("/c/csw71")) };
        foreach (var id in await CswEventIdsAsync())
            pages.Add(($"/e/{id}", await HtmlAsync($"/e/{id}")));

        foreach (var (url, html) in pages)
        {
            Assert.False(html.Contains(ProgrammeFixture.WithheldName), url);
            Assert.False(html.Contains(ProgrammeFixture.WithheldTitle), url);
            Assert.False(html.Contains(ProgrammeFixture.DemoWithheldName), url);
            Assert.False(html.Contains("Fatima"), url);
        }

        var page = await Client.GetDocumentAsync($"/e/{fixture.SponsoredEventId}");
        var people = page.QuerySelectorAll(".side-event-person").Select(p => p.TextContent).ToList();
        var withheld = Assert.Single(people, p => p.Contains("Name withheld at the speaker's request"));
        Assert.Contains("Independent expert", withheld);
        // The demo's defender is withheld on her events too, and named speakers are still named.
        var demoWithheld = pages.Count(p => p.Html.Contains("Name withheld at the speaker&#x27;s request") || p.Html.Contains("Name withheld at the speaker's request"));
        Assert.True(demoWithheld >= 2, $"{demoWithheld} pages with a withheld name");
        Assert.Contains(pages, p => p.Html.Contains("Amina Yusuf"));
    }

    [Fact]
    public async Task Only_confirmed_co_sponsors_appear_and_States_are_grouped_by_regional_group()
    {
        var programme = await HtmlAsync("/c/csw71");
        var page = await Client.GetDocumentAsync($"/e/{fixture.SponsoredEventId}");
        foreach (var hidden in ProgrammeFixture.HiddenSponsors)
        {
            Assert.DoesNotContain(hidden, programme);
            Assert.DoesNotContain(hidden, page.DocumentElement.OuterHtml);
        }
        Assert.Contains(ProgrammeFixture.ConfirmedSponsor, programme);
        Assert.Contains(ProgrammeFixture.ConfirmedSponsor, page.QuerySelector("[data-testid=co-sponsors]")!.TextContent);

        // On every CSW event page the co-sponsors are exactly the confirmed ones, States under their group's heading.
        await using var db = new NpgsqlConnection(fixture.ConnectionString);
        var invitedSomewhere = 0;
        foreach (var id in await CswEventIdsAsync())
        {
            var rows = (await db.QueryAsync<(string Name, string Status, string? Group)>("""
                SELECT cs.display_name, cs.status, s.regional_group FROM co_sponsorships cs LEFT JOIN states s ON s.iso3 = cs.state_iso3
                WHERE cs.side_event_id = @id
                """, new { id })).ToList();
            invitedSomewhere += rows.Count(r => r.Status != "confirmed");
            var eventPage = await Client.GetDocumentAsync($"/e/{id}");
            var shown = eventPage.QuerySelectorAll("[data-testid=co-sponsors] li").Select(li => li.TextContent.Trim()).ToHashSet();
            Assert.Equal(rows.Where(r => r.Status == "confirmed").Select(r => r.Name).ToHashSet(), shown);
            foreach (var group in eventPage.QuerySelectorAll(".side-event-sponsor-group"))
            {
                var heading = group.QuerySelector("h4")!.TextContent.Trim();
                foreach (var li in group.QuerySelectorAll("li"))
                {
                    var row = rows.Single(r => r.Name == li.TextContent.Trim());
                    var expected = Events.Shared.ReferenceData.RegionalGroups.FromCode(row.Group) is { } g
                        ? Events.Shared.ReferenceData.RegionalGroups.DisplayName(g) : "States not in a regional group";
                    Assert.Equal(expected, heading);
                }
            }
        }
        Assert.True(invitedSomewhere > 0, "the demo data has pending invitations to hide");
    }

    [Fact]
    public async Task Script_in_titles_abstracts_and_descriptions_is_shown_as_text_and_unsafe_links_are_not_links()
    {
        foreach (var url in new[] { $"/c/{ProgrammeFixture.TestSlug}", $"/e/{fixture.TestEvents["script"]}" })
        {
            var html = await HtmlAsync(url);
            Assert.DoesNotContain("<script>alert", html);
            Assert.DoesNotContain("<img src=x", html);
            Assert.DoesNotContain("<div onclick", html);
            var page = await new HtmlParser().ParseDocumentAsync(html);
            Assert.DoesNotContain(page.Scripts, s => s.TextContent.Contains("xss"));
            Assert.DoesNotContain(page.QuerySelectorAll("a[href]"),
                a => !a.GetAttribute("href")!.StartsWith('/') && !a.GetAttribute("href")!.StartsWith("http", StringComparison.OrdinalIgnoreCase)
                     && !a.GetAttribute("href")!.StartsWith("webcal://", StringComparison.Ordinal) && !a.GetAttribute("href")!.StartsWith('#'));
            Assert.Contains(page.QuerySelectorAll(".programme-event-title, h1"), e => e.TextContent.Trim() == "<script>alert(\"title-xss\")</script> Safety first");
        }

        var programme = await Client.GetDocumentAsync($"/c/{ProgrammeFixture.TestSlug}");
        var description = programme.QuerySelector(".programme-description")!;
        Assert.Contains("<script>alert(\"desc-xss\")</script>", description.TextContent);
        Assert.Equal(new[] { "https://example.org/good" }, description.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
        Assert.Contains("bad link", description.TextContent);

        var detail = await Client.GetDocumentAsync($"/e/{fixture.TestEvents["script"]}");
        var abstractBlock = detail.QuerySelector("[data-testid=event-abstract]")!;
        Assert.Contains("<script>alert(\"abstract-xss\")</script>", abstractBlock.TextContent);
        Assert.Contains("<img src=x onerror=alert(1)>", abstractBlock.TextContent);
        Assert.Empty(abstractBlock.QuerySelectorAll("script, img, div[onclick]"));
        var link = Assert.Single(abstractBlock.QuerySelectorAll("a"));
        Assert.Equal("https://example.org/ok", link.GetAttribute("href"));
        Assert.Contains("noopener", link.GetAttribute("rel"));
        foreach (var text in new[] { "click me", "JaVaScRiPt link", "ref link", "pixel" })
            Assert.Contains(text, abstractBlock.TextContent);
        Assert.Null(detail.QuerySelector("[data-testid=webcast-link]"));
        Assert.Equal("<script>alert(\"title-xss\")</script> Safety first", detail.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("<script>alert(\"title-xss\")</script> Safety first", detail.Title);
    }

    [Fact]
    public async Task A_safe_webcast_link_opens_with_noopener()
    {
        var id = await ScalarAsync<Guid>("""
            SELECT id FROM side_events WHERE convening_id = @CswId AND webcast_url LIKE 'https://%' ORDER BY title LIMIT 1
            """, new { fixture.CswId });
        var link = (await Client.GetDocumentAsync($"/e/{id}")).QuerySelector("[data-testid=webcast-link]")!;
        Assert.StartsWith("https://webtv.example.org/csw71/", link.GetAttribute("href"));
        Assert.Contains("noopener", link.GetAttribute("rel")!.Split(' '));
    }

    [Fact]
    public async Task Times_are_New_York_wall_clock_times_on_both_sides_of_the_daylight_saving_change()
    {
        var page = await Client.GetDocumentAsync($"/c/{ProgrammeFixture.TestSlug}");
        foreach (var key in new[] { "dst-before", "dst-after" })
        {
            var item = page.QuerySelector($"[data-event-id='{fixture.TestEvents[key]}']")!;
            Assert.Equal("09:00–10:00", item.QuerySelector(".programme-time time")!.TextContent.Trim());
        }
        // 09:00 EST is 14:00 UTC (12 March); 09:00 EDT is 13:00 UTC (15 March, after the change on 14 March).
        Assert.Equal("2027-03-12T14:00:00Z", page.QuerySelector($"[data-event-id='{fixture.TestEvents["dst-before"]}'] time")!.GetAttribute("datetime"));
        Assert.Equal("2027-03-15T13:00:00Z", page.QuerySelector($"[data-event-id='{fixture.TestEvents["dst-after"]}'] time")!.GetAttribute("datetime"));
        var headings = page.QuerySelectorAll(".programme-day h2").Select(h => h.TextContent.Trim()).ToList();
        Assert.Contains("Monday 15 March 2027", headings);

        var after = await Client.GetDocumentAsync($"/e/{fixture.TestEvents["dst-after"]}");
        Assert.Contains("Monday 15 March 2027, 09:00–10:00", after.QuerySelector("[data-testid=event-when]")!.TextContent);
        Assert.Contains("New York time (America/New_York), UTC\u22124", after.QuerySelector("[data-testid=event-zone]")!.TextContent);
        var before = await Client.GetDocumentAsync($"/e/{fixture.TestEvents["dst-before"]}");
        Assert.Contains("Friday 12 March 2027, 09:00–10:00", before.QuerySelector("[data-testid=event-when]")!.TextContent);
        Assert.Contains("UTC\u22125", before.QuerySelector("[data-testid=event-zone]")!.TextContent);

        // The day filter uses the New York date too.
        Assert.Equal(new HashSet<Guid> { fixture.TestEvents["dst-after"] }, await ShownAsync($"/c/{ProgrammeFixture.TestSlug}?day=2027-03-15"));
    }

    [Fact]
    public async Task A_cancelled_event_stays_on_the_programme_marked_as_cancelled_with_its_reason()
    {
        var id = fixture.TestEvents["cancelled"];
        var item = (await Client.GetDocumentAsync($"/c/{ProgrammeFixture.TestSlug}")).QuerySelector($"[data-event-id='{id}']")!;
        Assert.Contains("programme-event-cancelled", item.ClassList);
        Assert.Contains("Cancelled", item.QuerySelector(".programme-badge-cancelled")!.TextContent);

        var banner = (await Client.GetDocumentAsync($"/e/{id}")).QuerySelector("[data-testid=cancelled-banner]")!;
        Assert.Contains("This event has been cancelled.", banner.TextContent);
        Assert.Contains("The speakers' travel was disrupted.", banner.TextContent);
    }

    [Fact]
    public async Task An_event_page_shows_the_details_in_the_convening_time_zone_and_links_back()
    {
        var page = await Client.GetDocumentAsync($"/e/{fixture.SponsoredEventId}");
        Assert.Equal("Tax policy and gender equality", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("/c/csw71", page.QuerySelector(".programme-back a")!.GetAttribute("href"));
        var facts = page.QuerySelector(".side-event-facts")!.TextContent;
        foreach (var text in new[] { "New York time (America/New_York)", "Languages", "Capacity", "Accessibility", "Organised by" })
            Assert.Contains(text, facts);
        Assert.NotNull(page.QuerySelector("[data-testid=speakers]"));
        Assert.Contains("Moderator", page.QuerySelector("[data-testid=speakers]")!.TextContent);
        Assert.Null(page.QuerySelector("[data-testid=cancelled-banner]"));
    }

    [Fact]
    public async Task The_calendar_view_is_a_static_room_by_time_grid_of_one_day_with_links()
    {
        var response = await Client.GetAsync("/c/csw71?view=calendar");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("\"type\":\"server\"", html); // no circuit: plain HTML that works without JavaScript
        var page = await new HtmlParser().ParseDocumentAsync(html);
        var grid = page.QuerySelector("[data-testid=programme-calendar] [data-testid=room-time-grid]")!;
        Assert.Equal("day", grid.GetAttribute("data-span"));
        Assert.Null(page.QuerySelector("[data-testid=programme-list]"));
        Assert.NotNull(page.QuerySelector("form[data-testid=programme-filter] input[type=hidden][name=view][value=calendar]"));
        // It opens on the convening's first day with events, in New York time, each event a link to its page.
        Assert.Contains("Monday 8 March 2027", grid.QuerySelector("caption")!.TextContent);
        Assert.Contains("New York time (America/New_York)", grid.QuerySelector("caption")!.TextContent);
        var firstDay = await ExpectedCswEventsAsync("(e.starts_at AT TIME ZONE 'America/New_York')::date = '2027-03-08'");
        Assert.Equal(firstDay.Select(id => $"/e/{id}").ToHashSet(), grid.QuerySelectorAll("a.rtg-item-title").Select(a => a.GetAttribute("href")!).ToHashSet());
        Assert.Empty(grid.QuerySelectorAll("button, a a"));

        var filtered = await Client.GetDocumentAsync("/c/csw71?view=calendar&day=2027-03-15");
        var links = filtered.QuerySelectorAll("[data-testid=room-time-grid] a.rtg-item-title").Select(a => a.GetAttribute("href") ?? "").ToHashSet();
        Assert.Equal((await ExpectedCswEventsAsync("(e.starts_at AT TIME ZONE 'America/New_York')::date = '2027-03-15'")).Select(id => $"/e/{id}").ToHashSet(), links);
        // The layout choices are links that keep the day (and the filters).
        var options = filtered.QuerySelectorAll(".programme-calendar-options a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Contains("/c/csw71?view=calendar&day=2027-03-15&span=week", options);
        Assert.Contains("/c/csw71?view=calendar&day=2027-03-15&rooms=rows", options);
        Assert.Contains("/c/csw71?view=calendar&day=2027-03-14", options);
    }

    [Theory]
    [InlineData("/c/csw71")]
    [InlineData("/c/csw71?view=calendar")]
    [InlineData("/c/csw71?view=calendar&day=2027-03-10&span=week")]
    public async Task The_time_zone_sentence_is_written_once_on_the_programme(string path)
    {
        var page = await Client.GetDocumentAsync(path);
        // The grid's caption names the zone for screen readers inside the table; the page itself says it once.
        foreach (var caption in page.QuerySelectorAll("caption").ToList()) caption.Remove();
        var text = page.QuerySelector("main")!.TextContent;
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(text, @"New York time \(America/New_York\)"));
        Assert.Contains("All times are New York time (America/New_York)", page.QuerySelector("[data-testid=time-zone-note]")!.TextContent);
    }

    [Fact]
    public async Task The_calendar_week_lists_the_rooms_day_by_day_and_rooms_can_run_down_the_side()
    {
        var week = await Client.GetDocumentAsync("/c/csw71?view=calendar&day=2027-03-10&span=week");
        var grid = week.QuerySelector("[data-testid=room-time-grid]")!;
        Assert.Equal("week", grid.GetAttribute("data-span"));
        var days = grid.QuerySelectorAll("tbody th.rtg-day-head a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(Enumerable.Range(8, 7).Select(d => $"/c/csw71?view=calendar&day=2027-03-{d:00}"), days);
        var expected = await ExpectedCswEventsAsync("(e.starts_at AT TIME ZONE 'America/New_York')::date BETWEEN '2027-03-08' AND '2027-03-14'");
        Assert.Equal(expected.Select(id => $"/e/{id}").ToHashSet(), grid.QuerySelectorAll("a.rtg-item-title").Select(a => a.GetAttribute("href")!).ToHashSet());

        var rows = await Client.GetDocumentAsync("/c/csw71?view=calendar&day=2027-03-10&rooms=rows");
        Assert.Equal("rows", rows.QuerySelector("[data-testid=room-time-grid]")!.GetAttribute("data-rooms"));
        Assert.NotEmpty(rows.QuerySelectorAll("[data-testid=room-time-grid] tbody th.rtg-room"));
    }

    [Fact]
    public async Task A_big_programme_opens_on_one_day_with_day_tabs_and_keeps_every_event_one_link_away()
    {
        var page = await Client.GetDocumentAsync($"/c/{ProgrammeFixture.BigSlug}");
        Assert.Equal(30, EventIds(page).Count);
        Assert.All(page.QuerySelectorAll(".programme-day h2"), h => Assert.Equal("Monday 15 March 2027", h.TextContent.Trim()));
        Assert.Contains("30 of 150 events, on Monday 15 March 2027", page.QuerySelector("[data-testid=event-count]")!.TextContent);
        var tabs = page.QuerySelectorAll("[data-testid=day-tabs] a").ToList();
        Assert.Equal($"/c/{ProgrammeFixture.BigSlug}?day=all", tabs[0].GetAttribute("href"));
        Assert.Contains("150", tabs[0].TextContent);
        Assert.Equal(Enumerable.Range(15, 5).Select(d => $"/c/{ProgrammeFixture.BigSlug}?day=2027-03-{d}"), tabs.Skip(1).Select(a => a.GetAttribute("href")));
        Assert.Equal("page", tabs[1].GetAttribute("aria-current"));
        // The subscription stays the whole programme's, not the day's.
        Assert.Equal($"/c/{ProgrammeFixture.BigSlug}/calendar.ics", page.QuerySelector("[data-testid=subscribe-calendar] a[data-calendar=ics]")!.GetAttribute("href"));

        Assert.Equal(30, (await ShownAsync($"/c/{ProgrammeFixture.BigSlug}?day=2027-03-17")).Count);
        var all = await Client.GetDocumentAsync($"/c/{ProgrammeFixture.BigSlug}?day=all");
        Assert.Equal(150, EventIds(all).Count);
        Assert.Equal(5, all.QuerySelectorAll(".programme-day h2").Length);
        Assert.NotNull(all.QuerySelector("select[name=day] option[value=all][selected]"));
        // A filter narrows every day; the tabs count what matches.
        var room = await ScalarAsync<Guid>("SELECT r.id FROM rooms r JOIN convenings c ON c.id = r.convening_id WHERE c.slug = @BigSlug AND r.name = 'Hall 2'",
            new { ProgrammeFixture.BigSlug });
        var hall2 = await Client.GetDocumentAsync($"/c/{ProgrammeFixture.BigSlug}?room={room}");
        Assert.Equal("50", hall2.QuerySelectorAll("[data-testid=day-tabs] a").First().QuerySelector(".programme-day-count")!.TextContent.Trim());
        Assert.Equal($"/c/{ProgrammeFixture.BigSlug}?day=2027-03-16&room={room}", hall2.QuerySelectorAll("[data-testid=day-tabs] a")[2].GetAttribute("href"));
    }

    [Fact]
    public async Task The_calendar_shows_the_changeover_and_one_room_at_a_time_on_a_phone()
    {
        var page = await Client.GetDocumentAsync($"/c/{ProgrammeFixture.BigSlug}?view=calendar");
        var grid = page.QuerySelector("[data-testid=room-time-grid]")!;
        Assert.NotEmpty(grid.QuerySelectorAll("td.rtg-changeover"));
        Assert.Contains("15 minutes", grid.QuerySelector(".rtg-legend")!.TextContent);
        var pager = grid.QuerySelector("[data-testid=room-pager]")!;
        Assert.Contains("Hall 1 (1 of 3)", pager.TextContent);
        var next = pager.QuerySelectorAll("a").Last().GetAttribute("href")!;
        Assert.StartsWith($"/c/{ProgrammeFixture.BigSlug}?view=calendar&day=2027-03-15&column=", next);
        var second = await Client.GetDocumentAsync(next);
        Assert.Contains("Hall 2 (2 of 3)", second.QuerySelector("[data-testid=room-pager]")!.TextContent);
    }

    [Fact]
    public async Task A_UN_session_that_has_not_ended_invites_proposals_and_the_propose_page_names_it()
    {
        var page = await Client.GetDocumentAsync("/c/csw71");
        Assert.Equal("/c/csw71/propose", page.QuerySelector("[data-testid=propose-cta] a")!.GetAttribute("href"));
        Assert.Contains("Propose a side event", page.QuerySelector("[data-testid=propose-cta]")!.TextContent);
        // A dialogue takes no side-event proposals.
        Assert.Null((await Client.GetDocumentAsync("/c/wilton-dialogue-2027")).QuerySelector("[data-testid=propose-cta]"));
    }

    [Fact]
    public async Task The_dialogue_shows_its_agenda_day_by_day_with_plenaries_and_working_groups_under_the_Chatham_House_Rule()
    {
        var page = await Client.GetDocumentAsync("/c/wilton-dialogue-2027");
        Assert.NotNull(page.QuerySelector("[data-testid=chatham-house]"));
        Assert.Contains("London time (Europe/London)", page.QuerySelector("[data-testid=time-zone-note]")!.TextContent);
        Assert.Equal(15, EventIds(page).Count);
        var days = page.QuerySelectorAll(".programme-agenda .programme-day h2").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(new[] { "Day 1: Monday 15 February 2027", "Day 2: Tuesday 16 February 2027", "Day 3: Wednesday 17 February 2027" }, days);
        var firstDay = page.QuerySelector(".programme-agenda .programme-day")!;
        var labels = firstDay.QuerySelectorAll(".programme-event .programme-badge").Select(b => b.TextContent.Trim()).ToList();
        Assert.Equal(new[] { "Plenary", "Working group", "Working group", "Working group", "Plenary" }, labels);
        Assert.Equal("09:30–11:00", firstDay.QuerySelector(".programme-time")!.TextContent.Trim());
        var groups = firstDay.QuerySelectorAll(".programme-kind-working-group .programme-event-title").Select(a => a.TextContent).ToList();
        Assert.Equal(groups.Order().ToList(), groups);
    }
}
