using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Events.Server.Hosting;
using Events.Shared.SideEvents;
using Events.Tests.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.Foundation;

/// <summary>
/// Cross-site request forgery replayed against every state-changing endpoint: a post without this site's token,
/// or with a made-up one, is a 400 that changes nothing; the real forms on the pages still work.
/// </summary>
public sealed class AntiforgeryTests : IAsyncLifetime
{
    private const string Password = "a long enough passphrase";
    private EventsAppFactory _app = null!;
    private TestData _data = null!;
    private Guid _eventId, _otherEventId, _registrationId, _proposalId;
    private (Guid Id, string Email) _amina;

    public async Task InitializeAsync()
    {
        _app = await EventsAppFactory.CreateAsync();
        _app.CreateClient(); // starts the app, which migrates its database
        _data = await TestData.ForAsync(_app.ConnectionString);
        var organiser = await _data.AddUserAsync("Org", "Organiser");
        var (slug, room, _) = await _data.AddConveningAsync(organiser, startsOn: new DateOnly(2030, 3, 4));
        _amina = await _data.AddWithPasswordAsync("Amina Forged", Password);
        _eventId = await _data.AddAcceptedEventAsync(slug, organiser, organiser, "Defenders at the UN");
        _otherEventId = await _data.AddAcceptedEventAsync(slug, organiser, organiser, "A second event");
        _proposalId = await _data.AddAcceptedEventAsync(slug, _amina.Id, organiser, "Amina's own event");
        foreach (var (id, hour) in new[] { (_eventId, 10), (_otherEventId, 12), (_proposalId, 14) })
            await _data.Workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = id, RoomId = room, Day = new(2030, 3, 5), Start = new(hour, 0), End = new(hour + 1, 0) });
        var (registrations, _) = await TestRegistrations.CreateAsync(_data);
        await registrations.Participants.RegisterAsync(_amina.Id, _eventId);
        _registrationId = await _data.ScalarAsync<Guid>("SELECT id FROM registrations WHERE user_id = @Id", new { _amina.Id });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<HttpClient> LoggedInAsync()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await client.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = _amina.Email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }

    private Task<string> CalendarTokenAsync() =>
        _data.ScalarAsync<string>("SELECT COALESCE((SELECT encode(token_hash, 'hex') FROM personal_calendar_feeds WHERE user_id = @Id), '')", new { _amina.Id });

    private async Task<string> StateAsync() => string.Join("|",
        await _data.ScalarAsync<string>("SELECT status::text FROM registrations WHERE id = @_registrationId", new { _registrationId }),
        await _data.ScalarAsync<int>("SELECT count(*) FROM registrations WHERE side_event_id = @_otherEventId", new { _otherEventId }),
        await _data.ScalarAsync<string>("SELECT COALESCE(flyer_file_name, '') FROM side_events WHERE id = @_proposalId", new { _proposalId }),
        await CalendarTokenAsync());

    public static TheoryData<string, string> Forgeries => new()
    {
        { "cancel", "none" }, { "cancel", "bogus" },
        { "calendar-reset", "none" }, { "calendar-reset", "bogus" },
        { "logout", "none" }, { "logout", "bogus" },
        { "register", "none" }, { "register", "bogus" },
        { "flyer", "none" }, { "flyer", "bogus" },
        { "account-delete", "none" }, { "account-delete", "bogus" },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_post_is_refused_with_a_clear_message_and_changes_nothing(string endpoint, string token)
    {
        var client = await LoggedInAsync();
        await client.GetStringAsync("/my/registrations"); // creates the calendar address, and the antiforgery cookie a victim's browser would hold
        var before = await StateAsync();

        var fields = token == "bogus" ? new Dictionary<string, string> { ["__RequestVerificationToken"] = "CfDJ8forged-by-another-site" } : [];
        HttpContent content = endpoint == "flyer"
            ? new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4\n%%EOF\n"u8.ToArray()), "flyer", "forged.pdf" } }
            : new FormUrlEncodedContent(fields);
        if (content is MultipartFormDataContent multipart)
            foreach (var (name, value) in fields) multipart.Add(new StringContent(value), name);
        var url = endpoint switch
        {
            "cancel" => $"/my/registrations/{_registrationId}/cancel",
            "calendar-reset" => "/my/calendar/reset",
            "logout" => "/account/logout",
            "account-delete" => "/my/account/delete",
            "register" => $"/e/{_otherEventId}/register",
            _ => $"/my/proposals/{_proposalId}/flyer",
        };
        var response = await client.PostAsync(url, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(AntiforgeryEnforcement.RefusalMessage, await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await StateAsync());
        // Still signed in: the forged log-out did not log anyone out.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/my/registrations")).StatusCode);
    }

    [Fact]
    public async Task The_real_forms_on_the_pages_still_work()
    {
        var client = await LoggedInAsync();
        var page = await client.GetDocumentAsync("/my/registrations");
        var oldToken = await CalendarTokenAsync();

        Assert.Equal(HttpStatusCode.Redirect, (await PostPageFormAsync(client, page, "/my/calendar/reset")).StatusCode);
        Assert.NotEqual(oldToken, await CalendarTokenAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await PostPageFormAsync(client, await client.GetDocumentAsync($"/e/{_otherEventId}"), $"/e/{_otherEventId}/register")).StatusCode);
        Assert.Equal(1, await _data.ScalarAsync<int>("SELECT count(*) FROM registrations WHERE side_event_id = @_otherEventId", new { _otherEventId }));

        Assert.Equal(HttpStatusCode.Redirect, (await PostPageFormAsync(client, page, $"/my/registrations/{_registrationId}/cancel")).StatusCode);
        Assert.Equal("cancelled", await _data.ScalarAsync<string>("SELECT status::text FROM registrations WHERE id = @_registrationId", new { _registrationId }));

        var proposals = await client.GetDocumentAsync("/my/proposals");
        var upload = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4\n%%EOF\n"u8.ToArray()), "flyer", "flyer.pdf" } };
        upload.Add(new StringContent(TokenOf(proposals, $"/my/proposals/{_proposalId}/flyer")), "__RequestVerificationToken");
        Assert.Equal("/my/proposals?flyer=ok", (await client.PostAsync($"/my/proposals/{_proposalId}/flyer", upload)).Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Redirect, (await PostPageFormAsync(client, page, "/account/logout")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/my/registrations")).StatusCode); // logged out: sent to log in
    }

    [Fact]
    public void Every_state_changing_endpoint_requires_antiforgery()
    {
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var unprotected = endpoints
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Any(m => m is not ("GET" or "HEAD" or "OPTIONS")) == true)
            // SignalR's negotiate posts: the hubs check who calls on the connection, not with form tokens.
            .Where(e => !e.RoutePattern.RawText!.StartsWith("/hubs/") && !e.RoutePattern.RawText!.StartsWith("/_blazor"))
            .Where(e => e.Metadata.GetMetadata<IAntiforgeryMetadata>() is not { RequiresValidation: true })
            .Select(e => e.RoutePattern.RawText)
            .ToList();
        Assert.Empty(unprotected);
    }

    private static string TokenOf(IHtmlDocument page, string action) =>
        page.QuerySelectorAll<IHtmlFormElement>("form").First(f => f.GetAttribute("action") == action)
            .QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;

    private static Task<HttpResponseMessage> PostPageFormAsync(HttpClient client, IHtmlDocument page, string action) =>
        client.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = TokenOf(page, action) }));
}
