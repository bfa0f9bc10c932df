using System.Net;
using Events.Shared.Calendar;
using Events.Shared.CoSponsors;
using Events.Shared.QandA;
using Events.Shared.Registrations;
using Events.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.Security;

/// <summary>Who knocks: every kind of visitor the authorization matrix tries each route and hub method as.</summary>
public enum Visitor { Anonymous, Participant, Proposer, OtherOrganiser, Organiser, Moderator, Admin, CoSponsorLinkHolder }

/// <summary>
/// One app with one person per <see cref="Visitor"/>: an organiser's convening with a scheduled side event (proposed by
/// the proposer, the participant registered for it, one co-sponsor invited), another organiser with a convening of their
/// own, a site-wide Moderator and an Admin. Set up through the app's own services.
/// </summary>
public sealed class AuthorizationMatrixFixture : IAsyncLifetime
{
    public SecurityKit Kit { get; private set; } = null!;
    public Dictionary<Visitor, HttpClient> Clients { get; } = new();
    public Dictionary<Visitor, CookieContainer> Cookies { get; } = new();
    public Dictionary<string, string> Values { get; } = new();
    public Guid QuestionId { get; private set; }

    public async Task InitializeAsync()
    {
        Kit = await SecurityKit.CreateAsync();
        var data = Kit.Data;
        var people = new Dictionary<Visitor, (Guid Id, string Email)>();
        foreach (var visitor in new[] { Visitor.Participant, Visitor.Proposer, Visitor.OtherOrganiser, Visitor.Moderator, Visitor.Admin })
            people[visitor] = await data.AddWithPasswordAsync(visitor.ToString(), SecurityKit.Password);
        await data.ScalarAsync<int>("""
            INSERT INTO user_roles (user_id, role_id) SELECT u, r.id FROM (VALUES (@other, 'Organiser'), (@moderator, 'Moderator'), (@admin, 'Admin')) v(u, n) JOIN roles r ON r.name = v.n;
            SELECT 1
            """, new { other = people[Visitor.OtherOrganiser].Id, moderator = people[Visitor.Moderator].Id, admin = people[Visitor.Admin].Id });
        var organiser = await data.AddWithPasswordAsync("Organiser", SecurityKit.Password);
        await data.ScalarAsync<int>("INSERT INTO user_roles (user_id, role_id) SELECT @id, id FROM roles WHERE name = 'Organiser'; SELECT 1", new { id = organiser.Id });
        people[Visitor.Organiser] = organiser;

        var (slug, room, _) = await data.AddConveningAsync(organiser.Id, startsOn: new DateOnly(2030, 3, 4));
        var eventId = await data.AddAcceptedEventAsync(slug, people[Visitor.Proposer].Id, organiser.Id, "Matrix event", capacity: 50);
        Assert.True((await data.Workflow.ScheduleAsync(organiser.Id, new Events.Shared.SideEvents.ScheduleForm
            { SideEventId = eventId, RoomId = room, Day = new(2030, 3, 5), Start = new(10, 0), End = new(11, 0) })).Succeeded);
        var draft = await data.Workflow.ProposeAsync(people[Visitor.Proposer].Id, slug, new Events.Shared.SideEvents.ProposalForm
            { Title = "A draft", ProposingOrganisation = "Org" }, submit: false);
        var (otherSlug, _, _) = await data.AddConveningAsync(people[Visitor.OtherOrganiser].Id, startsOn: new DateOnly(2030, 3, 4));

        await using var scope = Kit.App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var registration = await services.GetRequiredService<IParticipantRegistrations>().RegisterAsync(people[Visitor.Participant].Id, eventId);
        Assert.Equal(RegistrationStatus.Confirmed, registration.Status);
        var feed = await services.GetRequiredService<IPersonalCalendar>().FeedPathAsync(people[Visitor.Participant].Id);
        Assert.True((await services.GetRequiredService<ICoSponsorInvitations>().InviteAsync(organiser.Id, eventId, new InvitationForm
            { Kind = SponsorKind.State, StateIso3 = "ESP", FocalPointName = "Lucía", FocalPointEmail = "lucia@spain.example.org" })).Succeeded);
        var mails = await Kit.MailsAsync();
        var invitation = mails.First(m => m.To == "lucia@spain.example.org").TextBody;
        var token = System.Text.RegularExpressions.Regex.Match(invitation, @"/cosponsor/([A-Za-z0-9_-]+)").Groups[1].Value;

        Values["Slug"] = slug;
        Values["OtherSlug"] = otherSlug;
        Values["EventId"] = eventId.ToString();
        Values["DraftId"] = draft.Id!.Value.ToString();
        Values["RegistrationId"] = registration.RegistrationId!.Value.ToString();
        Values["FeedToken"] = feed.Split('/').Last().Replace(".ics", "");
        Values["CoSponsorToken"] = token;
        Values["MailId"] = mails.First(m => m.Attachments.Count > 0).Id;

        foreach (var visitor in Enum.GetValues<Visitor>())
        {
            var cookies = new CookieContainer();
            var client = Kit.App.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
            if (people.TryGetValue(visitor, out var person))
            {
                var login = await client.PostFormAsync("/account/login", "login", new Dictionary<string, string>
                    { ["Input.Email"] = person.Email, ["Input.Password"] = SecurityKit.Password });
                Assert.True(login.StatusCode == HttpStatusCode.Redirect, $"{visitor} could not log in");
            }
            Clients[visitor] = client;
            Cookies[visitor] = cookies;
        }

        // The Q&A open, with one question for votes and moderation.
        await using var organiserHub = await HubAsync(Visitor.Organiser);
        Assert.True((await organiserHub.InvokeAsync<JoinResult>("Join", new JoinRequest(eventId))).Ok);
        var configured = await organiserHub.InvokeAsync<QaResult>("Configure", new QaSettingsRequest(eventId, true, false, false));
        Assert.True(configured.Ok, configured.Error);
        // Asked by a participant who is none of the visitors: nobody may vote for their own question.
        var asker = await data.AddWithPasswordAsync("Asker", SecurityKit.Password);
        Assert.Equal(RegistrationStatus.Confirmed, (await services.GetRequiredService<IParticipantRegistrations>().RegisterAsync(asker.Id, eventId)).Status);
        var askerCookies = new CookieContainer();
        using (var askerClient = Kit.App.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(askerCookies)))
            Assert.Equal(HttpStatusCode.Redirect, (await askerClient.PostFormAsync("/account/login", "login", new Dictionary<string, string>
                { ["Input.Email"] = asker.Email, ["Input.Password"] = SecurityKit.Password })).StatusCode);
        await using var askerHub = await HubAsync(askerCookies);
        Assert.True((await askerHub.InvokeAsync<JoinResult>("Join", new JoinRequest(eventId))).Ok);
        var asked = await askerHub.InvokeAsync<AskResult>("Ask", new AskRequest(eventId, "Who protects the defenders?", Anonymous: false));
        Assert.True(asked.Ok, asked.Error);
        QuestionId = asked.Question!.Id;
        Values["QuestionId"] = QuestionId.ToString();
    }

    /// <summary>A SignalR connection to the live Q&amp;A hub with the visitor's cookies, over the in-memory server.</summary>
    public Task<HubConnection> HubAsync(Visitor visitor) => HubAsync(Cookies[visitor]);

    private async Task<HubConnection> HubAsync(CookieContainer cookies)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Kit.App.Server.BaseAddress, QaHub.Path), options =>
            {
                options.HttpMessageHandlerFactory = _ => Kit.App.Server.CreateHandler();
                options.Transports = HttpTransportType.LongPolling;
                // The in-memory handler takes no cookie container: send the visitor's cookies as a header.
                options.Headers["Cookie"] = cookies.GetCookieHeader(Kit.App.Server.BaseAddress);
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in Clients.Values) client.Dispose();
        await Kit.DisposeAsync();
    }
}
