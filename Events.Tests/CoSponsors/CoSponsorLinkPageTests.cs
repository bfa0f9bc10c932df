using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Events.Server.CoSponsors;
using Events.Shared.CoSponsors;
using Events.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Events.Tests.CoSponsors;

/// <summary>
/// The focal point's page over HTTP, as a browser without JavaScript uses it, and the public pages afterwards:
/// valid links work for their own invitation only; every other link gets one generic page, a 404, and changes nothing.
/// </summary>
public sealed class CoSponsorLinkPageTests : IAsyncLifetime
{
    private EventsAppFactory _app = null!;
    private HttpClient _client = null!;
    private CoSponsorKit _kit = null!;

    public async Task InitializeAsync()
    {
        // The kit mails through its own capturing sender: the app leaves the shared outbox to it.
        _app = await EventsAppFactory.CreateAsync(new Dictionary<string, string?> { ["Events:CoSponsors:LinkRequestLimit"] = "100000", ["Events:Email:Outbox:Deliver"] = "false" });
        _client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health")).StatusCode); // the app has migrated the database
        _kit = await CoSponsorKit.ForAsync(_app.ConnectionString);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string Link(string token) => $"/cosponsor/{token}";

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string url)
    {
        var response = await _client.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The hidden fields (antiforgery token, handler) of a form on a working link's page, to post elsewhere.</summary>
    private async Task<Dictionary<string, string>> FormFieldsAsync(string token, string formName)
    {
        var page = await _client.GetDocumentAsync(Link(token));
        var form = page.QuerySelectorAll<IHtmlFormElement>("form").First(f => f.QuerySelector($"input[name=_handler][value='{formName}']") is not null);
        return form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").Where(i => !string.IsNullOrEmpty(i.Name)).ToDictionary(i => i.Name!, i => i.Value);
    }

    private static Dictionary<string, string> ConfirmFields(string display) => new()
    {
        ["Confirm.OfficialName"] = "H.E. Ms Wanjiru Kamau", ["Confirm.OfficialTitle"] = "Permanent Representative", ["Confirm.DisplayName"] = display,
    };

    [Fact]
    public async Task A_focal_point_opens_the_link_sees_the_event_confirms_then_declines_without_an_account()
    {
        var (id, token) = await _kit.InviteStateAsync("KEN");
        await _kit.InviteStateAsync("GHA");

        var response = await _client.GetAsync(Link(token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        var page = await response.ReadDocumentAsync();
        Assert.Contains("Women's leadership in climate action", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("Kenya", page.QuerySelector("[data-testid=invitation-greeting]")!.TextContent);
        Assert.Contains("We would be honoured.", page.QuerySelector("[data-testid=organiser-message]")!.TextContent);
        // Nothing about anyone else's invitation.
        Assert.DoesNotContain("Ghana", page.DocumentElement.OuterHtml);
        Assert.DoesNotContain("focal.gha", page.DocumentElement.OuterHtml);
        Assert.Equal("opened", await _kit.StatusAsync(id));

        var confirmed = await _client.PostFormAsync(Link(token), "confirm", ConfirmFields("Republic of Kenya"));
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var savedPage = confirmed.Headers.Location!.IsAbsoluteUri ? confirmed.Headers.Location.PathAndQuery : confirmed.Headers.Location.OriginalString;
        Assert.Equal($"{Link(token)}?answer=saved", savedPage);
        var after = await _client.GetDocumentAsync(savedPage);
        Assert.NotNull(after.QuerySelector("[data-testid=answer-saved]"));
        Assert.Equal("confirmed", after.QuerySelector("[data-testid=current-answer]")!.GetAttribute("data-status"));
        Assert.Contains("H.E. Ms Wanjiru Kamau, Permanent Representative", after.QuerySelector("[data-testid=current-answer]")!.TextContent);
        Assert.Equal("confirmed", await _kit.StatusAsync(id));
        Assert.Equal("Republic of Kenya", (await _kit.InvitationAsync(id)).DisplayName);

        var declined = await _client.PostFormAsync(Link(token), "decline", new Dictionary<string, string> { ["Decline.Reason"] = "Instructions changed" });
        Assert.Equal(HttpStatusCode.Redirect, declined.StatusCode);
        Assert.Equal("declined", await _kit.StatusAsync(id));
        Assert.Equal("invited", await _kit.StatusAsync((await _kit.Board.BoardAsync(_kit.Organiser, _kit.EventId))!.Invitations.Single(i => i.SponsorName == "Ghana").Id));

        // A confirmation without the official's name is refused on the page, with a message, and changes nothing.
        var before = await _kit.SnapshotAsync();
        var incomplete = await _client.PostFormAsync(Link(token), "confirm", new Dictionary<string, string> { ["Confirm.OfficialName"] = "", ["Confirm.OfficialTitle"] = "", ["Confirm.DisplayName"] = "Kenya" });
        Assert.Equal(HttpStatusCode.OK, incomplete.StatusCode);
        Assert.Contains("authorises the co-sponsorship", (await incomplete.ReadDocumentAsync()).QuerySelector("[data-testid=answer-error]")!.TextContent);
        Assert.Equal(before, await _kit.SnapshotAsync());
    }

    /// <summary>What a reader gets from a page: its title and main content (the layout's element ids are random per request).</summary>
    private static string Visible(string html)
    {
        var page = new HtmlParser().ParseDocument(html);
        return page.Title + "\n" + page.QuerySelector("main")!.InnerHtml;
    }

    [Fact]
    public async Task Unknown_modified_malformed_expired_replaced_and_revoked_links_all_get_the_same_404_page_and_change_nothing()
    {
        var (_, valid) = await _kit.InviteStateAsync("MEX");
        var (expiredId, expired) = await _kit.InviteStateAsync("PER");
        await _kit.SetLinkExpiryAsync(expiredId, DateTime.UtcNow.AddMinutes(-1));
        var (revokedId, revoked) = await _kit.InviteStateAsync("CHL");
        Assert.True((await _kit.Board.RevokeAsync(_kit.Organiser, revokedId)).Succeeded);
        var (replacedId, replaced) = await _kit.InviteStateAsync("COL");
        Assert.True((await _kit.Board.ResendAsync(_kit.Organiser, replacedId)).Succeeded);
        var modified = (valid[0] == 'x' ? 'y' : 'x') + valid[1..];
        var antiforgery = await FormFieldsAsync(valid, "confirm");
        var before = await _kit.SnapshotAsync();

        string[] invalid = [CoSponsorTokens.NewToken(), modified, valid[..20], valid + "x", expired, revoked, replaced, "..%2F..%2Fadmin", new string('a', 500)];
        var bodies = new HashSet<string>();
        foreach (var token in invalid)
        {
            var (status, body) = await GetAsync(Link(token));
            Assert.Equal(HttpStatusCode.NotFound, status);
            bodies.Add(Visible(body));

            var post = await _client.PostAsync(Link(token), new FormUrlEncodedContent(new Dictionary<string, string>(antiforgery)
            {
                ["Confirm.OfficialName"] = "Someone", ["Confirm.OfficialTitle"] = "Anyone", ["Confirm.DisplayName"] = "Hijacked",
            }));
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
            bodies.Add(Visible(await post.Content.ReadAsStringAsync()));
        }
        var generic = Assert.Single(bodies);
        Assert.Contains("<h1>This link is not valid any more</h1>", generic);
        foreach (var secret in new[] { "Mexico", "Peru", "Chile", "Colombia", "Women's leadership", "Olga", "focal." })
            Assert.DoesNotContain(secret, generic);
        Assert.Equal(before, await _kit.SnapshotAsync());

        // The working link still works, and the replaced invitation works with its new link.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(Link(valid))).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(Link(_kit.Mail.TokenFor(_kit.Mail.Sent.Last().To)))).Status);
    }

    [Fact]
    public async Task A_form_posted_through_link_A_changes_invitation_A_only()
    {
        var other = await _kit.ScheduledEventAsync("Another event", 2);
        var (a, tokenA) = await _kit.InviteStateAsync("AUS");
        var (b, tokenB) = await _kit.InviteStateAsync("NZL");
        var (c, _) = await _kit.InviteStateAsync("AUS", other);

        // Post A's form, with B's link's fields mixed in and invented ids added: only A changes.
        var fields = await FormFieldsAsync(tokenB, "confirm");
        foreach (var (key, value) in ConfirmFields("Australia")) fields[key] = value;
        fields["Confirm.Id"] = b.ToString();
        fields["InvitationId"] = c.ToString();
        fields["Token"] = tokenB;
        var response = await _client.PostAsync(Link(tokenA), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("confirmed", await _kit.StatusAsync(a));
        Assert.Equal("opened", await _kit.StatusAsync(b));
        Assert.Equal("invited", await _kit.StatusAsync(c));
        Assert.DoesNotContain("New Zealand", (await GetAsync(Link(tokenA))).Body);
    }

    [Fact]
    public async Task A_locked_list_shows_the_answer_without_forms_and_refuses_a_post()
    {
        var open = await _kit.ScheduledEventAsync("Still open", 3);
        var (_, openToken) = await _kit.InviteStateAsync("FJI", open);
        var (id, token) = await _kit.InviteStateAsync("SWE");
        await _kit.ConfirmAsync(token, "Sweden");
        Assert.True((await _kit.Board.SetLockedAsync(_kit.Organiser, _kit.EventId, locked: true)).Succeeded);

        var fields = await FormFieldsAsync(openToken, "decline");
        fields["Decline.Reason"] = "Too late";
        var page = await _client.GetDocumentAsync(Link(token));
        Assert.NotNull(page.QuerySelector("[data-testid=list-locked]"));
        Assert.Null(page.QuerySelector("[data-testid=answer-forms]"));
        Assert.Equal("confirmed", page.QuerySelector("[data-testid=current-answer]")!.GetAttribute("data-status"));

        var before = await _kit.SnapshotAsync();
        var post = await _client.PostAsync(Link(token), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var refused = await post.ReadDocumentAsync();
        Assert.Contains("closed the list", refused.QuerySelector("[data-testid=answer-error]")!.TextContent);
        Assert.Null(refused.QuerySelector("[data-testid=answer-forms]"));
        Assert.Equal("confirmed", await _kit.StatusAsync(id));
        Assert.Equal(before, await _kit.SnapshotAsync());
    }

    [Fact]
    public async Task The_public_pages_show_confirmed_co_sponsors_grouped_and_marked_and_nothing_of_any_other_invitation()
    {
        var (_, usa) = await _kit.InviteStateAsync("USA");
        var (_, kenya) = await _kit.InviteStateAsync("KEN");
        var (_, brazil) = await _kit.InviteStateAsync("BRA");
        var (_, kiribati) = await _kit.InviteStateAsync("KIR");
        var (_, norway) = await _kit.InviteStateAsync("NOR");      // declines
        var (_, japan) = await _kit.InviteStateAsync("JPN");       // opens, does not answer
        await _kit.InviteStateAsync("IND");                        // never opens
        var (revokedId, _) = await _kit.InviteStateAsync("EGY");   // revoked after confirming
        var (expiredId, _) = await _kit.InviteStateAsync("FIN");   // expires
        var (_, unWomen) = await _kit.InviteEntityAsync("UN-WOMEN");

        await _kit.ConfirmAsync(usa, "United States");
        await _kit.ConfirmAsync(kenya, "Kenya");
        await _kit.ConfirmAsync(brazil, "Brazil");
        await _kit.ConfirmAsync(kiribati, "Kiribati");
        await _kit.ConfirmAsync(unWomen, "UN Women");
        Assert.True((await _kit.Links.DeclineAsync(norway, new DeclineForm { Reason = "Secret reason from Oslo" })).Succeeded);
        await _kit.Links.OpenAsync(japan);
        await _kit.ConfirmAsync(_kit.Mail.TokenFor(_kit.Mail.Sent.First(m => m.To.StartsWith("focal.egy")).To), "Egypt");
        Assert.True((await _kit.Board.RevokeAsync(_kit.Organiser, revokedId)).Succeeded);
        await _kit.SetLinkExpiryAsync(expiredId, DateTime.UtcNow.AddDays(-1));

        var (status, eventHtml) = await GetAsync($"/e/{_kit.EventId}");
        Assert.Equal(HttpStatusCode.OK, status);
        var eventPage = new HtmlParser().ParseDocument(eventHtml);
        var section = eventPage.QuerySelector("[data-testid=co-sponsors]")!;
        Assert.Equal("true", section.GetAttribute("data-cross-regional"));
        Assert.Contains("Cross-regional backing", section.QuerySelector("[data-testid=cross-regional]")!.TextContent);
        Assert.Equal(["Brazil", "Kenya", "Kiribati", "UN Women", "United States"], section.QuerySelectorAll("li").Select(li => li.TextContent.Trim()).Order());
        var groups = section.QuerySelectorAll(".side-event-sponsor-group")
            .ToDictionary(g => g.QuerySelector("h4")!.TextContent.Trim(), g => (Count: g.GetAttribute("data-count"), Names: g.QuerySelectorAll("li").Select(li => li.TextContent.Trim()).ToList()));
        Assert.Equal("1", groups["African States"].Count);
        Assert.Equal(["Kenya"], groups["African States"].Names);
        Assert.Equal(["Brazil"], groups["Latin American and Caribbean States"].Names);
        Assert.Equal(["United States"], groups["Western European and other States"].Names); // counted in WEOG through its electoral group
        Assert.Equal(["Kiribati"], groups["States not in a regional group"].Names);

        var (programmeStatus, programmeHtml) = await GetAsync($"/c/{_kit.Slug}");
        Assert.Equal(HttpStatusCode.OK, programmeStatus);
        var line = new HtmlParser().ParseDocument(programmeHtml).QuerySelector($"[data-event-id='{_kit.EventId}']")!;
        Assert.NotNull(line.QuerySelector("[data-testid=cross-regional-badge]"));

        var emails = _kit.Mail.Sent.Select(m => m.To).ToList();
        foreach (var html in new[] { eventHtml, programmeHtml })
        {
            foreach (var hidden in new[] { "Norway", "Japan", "India", "Egypt", "Finland", "Secret reason from Oslo", "Focal point", "H.E. Ms Ada Official", "Permanent Representative", "We would be honoured" })
                Assert.DoesNotContain(hidden, html);
            foreach (var email in emails) Assert.DoesNotContain(email, html);
        }
    }

    [Fact]
    public async Task A_thousand_random_links_find_nothing_and_are_throttled_after_the_limit()
    {
        await using var app = await EventsAppFactory.CreateAsync(new Dictionary<string, string?>
        {
            ["Events:CoSponsors:LinkRequestLimit"] = "25", ["Events:CoSponsors:LinkRequestWindowSeconds"] = "3600", ["Events:Email:Outbox:Deliver"] = "false",
        });
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var kit = await CoSponsorKit.ForAsync(app.ConnectionString);
        var (_, valid) = await kit.InviteStateAsync("CAN");
        var before = await kit.SnapshotAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 1000; i++)
        {
            var response = await client.GetAsync(Link(CoSponsorTokens.NewToken()));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                Assert.NotNull(response.Headers.RetryAfter);
        }
        Assert.All(statuses.Take(25), s => Assert.Equal(HttpStatusCode.NotFound, s));
        Assert.All(statuses.Skip(25), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.Equal(before, await kit.SnapshotAsync());

        // The limit is per client, not per token: while throttled, even a real link waits. Other pages are not limited.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync(Link(valid))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(before, await kit.SnapshotAsync());
    }
}
