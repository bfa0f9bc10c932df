using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Parser;
using Events.Server.QandA;
using Events.Shared.QandA;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Events.Tests.Security;

/// <summary>
/// Every page route, HTTP endpoint and hub method, tried as every kind of visitor, against what each may do. A route
/// or hub method without a row fails the test: whoever adds one decides who may use it.
/// Answers: ok (200/204), refused (the page's notice for people without access), login (sent to log in), denied (sent to
/// access denied), 403, 404, 400, or →/path for any other redirect (a form post's outcome). Hub methods: ok or no (a
/// refusal with a message).
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixFixture fixture, ITestOutputHelper output) : IClassFixture<AuthorizationMatrixFixture>
{
    private const string Ok = "ok", Login = "login", Denied = "denied", Refused = "refused", NotFound = "404", No = "no";

    /// <summary>Answers in the order of <see cref="Visitor"/>: anonymous, participant, proposer, other organiser, organiser, moderator, admin, co-sponsor link holder.</summary>
    private static string[] For(string anonymous, string participant, string proposer, string otherOrganiser, string organiser,
        string moderator, string admin, string coSponsor) => [anonymous, participant, proposer, otherOrganiser, organiser, moderator, admin, coSponsor];

    private static string[] Everyone(string answer) => For(answer, answer, answer, answer, answer, answer, answer, answer);
    private static string[] SignedIn(string answer) => For(Login, answer, answer, answer, answer, answer, answer, Login);

    private sealed record Row(string Method, string Route, string Path, string[] Expected);

    /// <summary>Reads: pages and GET endpoints. {Name} in a path is a value from the fixture.</summary>
    private static readonly Row[] Reads =
    [
        // Public pages and files.
        new("GET", "/", "/", Everyone(Ok)),
        new("GET", "/health", "/health", Everyone(Ok)),
        new("GET", "/theme/light.css", "/theme/light.css", Everyone(Ok)),
        new("GET", "/theme/projector.css", "/theme/projector.css", Everyone(Ok)),
        new("GET", "/Events.Server.modules.json", "/Events.Server.modules.json", Everyone(Ok)), // Events.Client.lib.module.js, for blazor.web.js
        new("GET", "/not-found", "/not-found", Everyone(Ok)),
        new("GET", "/c/{Slug}", "/c/{Slug}", Everyone(Ok)),
        new("GET", "/c/{slug}/calendar.ics", "/c/{Slug}/calendar.ics", Everyone(Ok)),
        new("GET", "/e/{Id:guid}", "/e/{EventId}", Everyone(Ok)),
        new("GET", "/e/{id:guid}/event.ics", "/e/{EventId}/event.ics", Everyone(Ok)),
        new("GET", "/e/{id:guid}/flyer", "/e/{EventId}/flyer", Everyone(NotFound)), // this event has no flyer
        new("GET", "/e/{SideEventId:guid}/register", "/e/{EventId}/register", Everyone(Ok)),
        new("GET", "/qa", "/qa", Everyone(Ok)),
        new("GET", "/qa/participant-key", "/qa/participant-key", Everyone(Ok)),
        // Capability links: whoever holds the secret address.
        new("GET", "/cosponsor/{Token}", "/cosponsor/{CoSponsorToken}", Everyone(Ok)),
        new("GET", "/my/calendar/{token}.ics", "/my/calendar/{FeedToken}.ics", Everyone(Ok)),
        // Account pages.
        new("GET", "/account/access-denied", "/account/access-denied", Everyone(Ok)),
        new("GET", "/account/confirm-email", "/account/confirm-email", Everyone(Ok)),
        new("GET", "/account/forgot-password", "/account/forgot-password", Everyone(Ok)),
        new("GET", "/account/login", "/account/login", Everyone(Ok)),
        new("GET", "/account/login-2fa", "/account/login-2fa", Everyone(Ok)),
        new("GET", "/account/login-recovery", "/account/login-recovery", Everyone(Ok)),
        new("GET", "/account/register", "/account/register", Everyone(Ok)),
        new("GET", "/account/register-confirmation", "/account/register-confirmation", Everyone(Ok)),
        new("GET", "/account/reset-password", "/account/reset-password", Everyone(Ok)),
        new("GET", "/account/two-factor", "/account/two-factor", SignedIn(Ok)),
        // A signed-in person's own pages.
        new("GET", "/my/profile", "/my/profile", SignedIn(Ok)),
        new("GET", "/my/proposals", "/my/proposals", SignedIn(Ok)),
        new("GET", "/my/registrations", "/my/registrations", SignedIn(Ok)),
        new("GET", "/my/proposals/{Id:guid}/edit", "/my/proposals/{DraftId}/edit", For(Login, Refused, Ok, Refused, Refused, Refused, Refused, Login)),
        new("GET", "/c/{Slug}/propose", "/c/{Slug}/propose", SignedIn(Ok)),
        // Organising: the convening's organisers and Admins; the event's staff (its proposer too) at the desk.
        new("GET", "/organise", "/organise", SignedIn(Ok)),
        new("GET", "/organise/new", "/organise/new", For(Login, Denied, Denied, Ok, Ok, Denied, Ok, Login)),
        new("GET", "/organise/{Slug}", "/organise/{Slug}", For(Login, Refused, Refused, Refused, Ok, Refused, Ok, Login)),
        new("GET", "/organise/{Slug}/settings", "/organise/{Slug}/settings", For(Login, Refused, Refused, Refused, Ok, Refused, Ok, Login)),
        new("GET", "/organise/{Slug}/events/{Id:guid}/cosponsors", "/organise/{Slug}/events/{EventId}/cosponsors", For(Login, Refused, Refused, Refused, Ok, Refused, Ok, Login)),
        new("GET", "/organise/events/{SideEventId:guid}/attendees", "/organise/events/{EventId}/attendees", For(Login, Refused, Ok, Refused, Ok, Refused, Ok, Login)),
        new("GET", "/organise/events/{id:guid}/attendees.csv", "/organise/events/{EventId}/attendees.csv", For(Login, NotFound, Ok, NotFound, Ok, NotFound, Ok, Login)),
        new("GET", "/checkin/{SideEventId:guid}", "/checkin/{EventId}", For(Login, Refused, Ok, Refused, Ok, Refused, Ok, Login)),
        // Live Q&A: participants (registered) and the event's staff; moderation also for site-wide Moderators.
        new("GET", "/qa/{SideEventId:guid}", "/qa/{EventId}", For(Refused, Ok, Ok, Refused, Ok, Ok, Ok, Refused)),
        new("GET", "/qa/{SideEventId:guid}/present", "/qa/{EventId}/present", For(Refused, Ok, Ok, Refused, Ok, Ok, Ok, Refused)),
        new("GET", "/qa/{SideEventId:guid}/moderate", "/qa/{EventId}/moderate", For(Login, Refused, Ok, Refused, Ok, Ok, Ok, Login)),
        new("GET", "/qa/{id:guid}/questions.csv", "/qa/{EventId}/questions.csv", For(Login, NotFound, Ok, NotFound, Ok, Ok, Ok, Login)),
        // Site administration: Admins only.
        new("GET", "/admin/users", "/admin/users", For(Login, Denied, Denied, Denied, Denied, Denied, Ok, Login)),
        new("GET", "/admin/mailbox", "/admin/mailbox", For(Login, Denied, Denied, Denied, Denied, Denied, Ok, Login)),
        new("GET", "/admin/mailbox/{Id}", "/admin/mailbox/{MailId}", For(Login, Denied, Denied, Denied, Denied, Denied, Ok, Login)),
        new("GET", "/admin/outbox", "/admin/outbox", For(Login, Denied, Denied, Denied, Denied, Denied, Ok, Login)),
        new("GET", "/admin/mailbox/{id}/attachments/{index:int}", "/admin/mailbox/{MailId}/attachments/0", For(Login, Denied, Denied, Denied, Denied, Denied, Ok, Login)),
    ];

    private const string Registered = "→/e/{EventId}/register?outcome=registered";
    private const string NoSuchRegistration = "→/my/registrations?outcome=nosuchregistration";
    private const string CalendarChanged = "→/my/registrations?calendar=changed";
    private const string FlyerRefused = "→/my/proposals?error=refused", FlyerOk = "→/my/proposals?flyer=ok";

    /// <summary>Writes: form posts of the HTTP endpoints, run after the reads and the hub (logout last).</summary>
    private static readonly Row[] Writes =
    [
        new("POST", "/e/{id:guid}/register", "/e/{EventId}/register",
            For(Login, "→/e/{EventId}/register?outcome=alreadyregistered", Registered, Registered, Registered, Registered, Registered, Login)),
        new("POST", "/my/registrations/{id:guid}/cancel", "/my/registrations/{RegistrationId}/cancel",
            For(Login, "→/my/registrations?outcome=cancelled", NoSuchRegistration, NoSuchRegistration, NoSuchRegistration, NoSuchRegistration, NoSuchRegistration, Login)),
        new("POST", "/my/calendar/reset", "/my/calendar/reset", SignedIn(CalendarChanged)),
        new("POST", "/my/proposals/{id:guid}/flyer", "/my/proposals/{DraftId}/flyer", For(Login, FlyerRefused, FlyerOk, FlyerRefused, FlyerOk, FlyerRefused, FlyerOk, Login)),
        // Without the password (the matrix posts only the token) nothing is erased: the profile page says so.
        new("POST", "/my/account/delete", "/my/account/delete", SignedIn("→/my/profile?outcome=erase-refused")),
        new("POST", "/account/logout", "/account/logout", Everyone("→/")),
    ];

    /// <summary>Hub methods: the event's confirmed participants and staff take part; its staff and site Moderators moderate.</summary>
    private static readonly (string Method, string[] Expected)[] HubMethods =
    [
        ("Join", For(No, Ok, Ok, No, Ok, Ok, Ok, No)),
        ("Ask", For(No, Ok, Ok, No, Ok, Ok, Ok, No)),
        ("Vote", For(No, Ok, Ok, No, Ok, Ok, Ok, No)),
        ("Unvote", For(No, Ok, Ok, No, Ok, Ok, Ok, No)),
        // Withdraw: one's own question (each visitor asks one first); nobody withdraws another's (the fixture's question).
        ("Withdraw", For(No, Ok, Ok, No, Ok, Ok, Ok, No)),
        ("Moderate", For(No, No, Ok, No, Ok, Ok, Ok, No)),
        ("Configure", For(No, No, Ok, No, Ok, Ok, Ok, No)),
    ];

    /// <summary>Framework plumbing, not the app's routes.</summary>
    private static bool IsFramework(string route) =>
        route.StartsWith("/_") || route.StartsWith("/hubs/") || route.StartsWith("/{**") // Blazor, SignalR (rows per hub method), static files
        || route.Contains(".modules.json"); // Blazor's build-made list of JS initializers, with its fingerprinted and compressed copies

    [Fact]
    public void Every_route_and_hub_method_has_a_row()
    {
        var endpoints = fixture.Kit.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Route: "/" + e.RoutePattern.RawText!.TrimStart('/'), Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"],
                IsPage: e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null))
            .Where(e => !IsFramework(e.Route))
            .ToList();
        var rows = Reads.Concat(Writes).Select(r => (r.Method, Route: Normalise(r.Route))).ToHashSet();
        var missing = new List<string>();
        foreach (var (route, methods, isPage) in endpoints)
            foreach (var method in isPage ? ["GET"] : methods.Where(m => m != "HEAD").Select(m => m == "*" ? "GET" : m))
                if (!rows.Contains((method, Normalise(route)))) missing.Add($"{method} {route}");
        var hubMethods = typeof(LiveQaHub).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name is not ("OnConnectedAsync" or "OnDisconnectedAsync" or "Dispose")).Select(m => m.Name);
        missing.AddRange(hubMethods.Where(m => HubMethods.All(h => h.Method != m)).Select(m => $"hub {m}"));
        Assert.True(missing.Count == 0, "Routes or hub methods without a row in the authorization matrix:\n" + string.Join("\n", missing.Order()));
    }

    private static string Normalise(string route) => System.Text.RegularExpressions.Regex.Replace(route.ToLowerInvariant(), @"\{([a-z]+)(:[a-z]+)?\}", "{$1}");

    [Fact]
    public async Task Each_visitor_gets_what_the_matrix_says()
    {
        var failures = new List<string>();
        var observed = new StringBuilder();
        foreach (var row in Reads) await CheckAsync(row, failures, observed);
        foreach (var (method, expected) in HubMethods) await CheckHubAsync(method, expected, failures, observed);
        foreach (var row in Writes) await CheckAsync(row, failures, observed);
        output.WriteLine(observed.ToString());
        Assert.True(failures.Count == 0, "Differs from the matrix:\n" + string.Join("\n", failures) + "\n\nObserved:\n" + observed);
    }

    private async Task CheckAsync(Row row, List<string> failures, StringBuilder observed)
    {
        var answers = new string[8];
        foreach (var visitor in Enum.GetValues<Visitor>())
        {
            var client = fixture.Clients[visitor];
            var path = Fill(row.Path);
            using var request = new HttpRequestMessage(new HttpMethod(row.Method), path);
            if (row.Method == "POST") request.Content = await FormAsync(client, row.Route);
            using var response = await client.SendAsync(request);
            answers[(int)visitor] = await ClassifyAsync(response);
            if (answers[(int)visitor] != Fill(row.Expected[(int)visitor]))
                failures.Add($"{row.Method} {row.Route} as {visitor}: expected {row.Expected[(int)visitor]}, got {answers[(int)visitor]}");
        }
        observed.AppendLine($"new(\"{row.Method}\", \"{row.Route}\", \"{row.Path}\", For({string.Join(", ", answers.Select(a => $"\"{a}\""))})),");
    }

    private async Task CheckHubAsync(string method, string[] expected, List<string> failures, StringBuilder observed)
    {
        var answers = new string[8];
        var eventId = Guid.Parse(fixture.Values["EventId"]);
        foreach (var visitor in Enum.GetValues<Visitor>())
        {
            await using var hub = await fixture.HubAsync(visitor);
            await hub.InvokeAsync<JoinResult>("Join", new JoinRequest(eventId));
            bool ok = method switch
            {
                "Join" => (await hub.InvokeAsync<JoinResult>("Join", new JoinRequest(eventId))).Ok,
                "Ask" => (await hub.InvokeAsync<AskResult>("Ask", new AskRequest(eventId, $"A question from {visitor}?"))).Ok,
                "Vote" => (await hub.InvokeAsync<VoteResult>("Vote", new VoteRequest(fixture.QuestionId))).Ok,
                "Unvote" => (await hub.InvokeAsync<VoteResult>("Unvote", new VoteRequest(fixture.QuestionId))).Ok,
                "Withdraw" => (await hub.InvokeAsync<AskResult>("Ask", new AskRequest(eventId, $"A question {visitor} withdraws?"))) is { Ok: true } own
                    ? (await hub.InvokeAsync<QaResult>("Withdraw", new WithdrawRequest(own.Question!.Id))).Ok
                        && !(await hub.InvokeAsync<QaResult>("Withdraw", new WithdrawRequest(fixture.QuestionId))).Ok
                    : (await hub.InvokeAsync<QaResult>("Withdraw", new WithdrawRequest(fixture.QuestionId))).Ok,
                "Moderate" => (await hub.InvokeAsync<QaResult>("Moderate", new ModerateRequest(fixture.QuestionId, "star"))).Ok,
                "Configure" => (await hub.InvokeAsync<QaResult>("Configure", new QaSettingsRequest(eventId, true, false, false))).Ok,
                _ => throw new InvalidOperationException($"No call for hub method {method}"),
            };
            answers[(int)visitor] = ok ? Ok : No;
            if (answers[(int)visitor] != expected[(int)visitor])
                failures.Add($"hub {method} as {visitor}: expected {expected[(int)visitor]}, got {answers[(int)visitor]}");
        }
        observed.AppendLine($"(\"{method}\", For({string.Join(", ", answers.Select(a => $"\"{a}\""))})),");
    }

    private string Fill(string path)
    {
        foreach (var (name, value) in fixture.Values) path = path.Replace("{" + name + "}", value);
        return path;
    }

    /// <summary>A form body as the page would post it: the visitor's antiforgery token, and a small PDF for uploads.</summary>
    private static async Task<HttpContent> FormAsync(HttpClient client, string route)
    {
        var page = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync("/account/login"));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "";
        if (!route.EndsWith("/flyer")) return new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var pdf = new ByteArrayContent("%PDF-1.4\n%%EOF\n"u8.ToArray());
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(pdf, "flyer", "flyer.pdf");
        return form;
    }

    private static async Task<string> ClassifyAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        // A page that refuses says so in its markup (the notice for people without access), with status 200.
        if (status is 200 or 204) return (await response.Content.ReadAsStringAsync()).Contains("data-access=\"refused\"") ? Refused : Ok;
        if (status is 301 or 302 or 303 or 307)
        {
            var location = response.Headers.Location!.OriginalString;
            var path = location.StartsWith("http") ? new Uri(location).PathAndQuery : location;
            return path.StartsWith("/account/login") ? Login : path.StartsWith("/account/access-denied") ? Denied : "→" + path;
        }
        return status.ToString();
    }
}
