using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Events.Shared.Email;
using Events.Shared.SideEvents;
using Events.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.Security;

/// <summary>
/// The app in memory on its own database with an organiser, a convening with two rooms and one scheduled side event,
/// for replaying attacks over HTTP.
/// </summary>
public sealed class SecurityKit : IAsyncDisposable
{
    public const string Password = "a long enough passphrase";

    private SecurityKit(EventsAppFactory app, TestData data) { App = app; Data = data; }

    public EventsAppFactory App { get; }
    public TestData Data { get; }
    public Guid Organiser { get; private set; }
    public string Slug { get; private set; } = "";
    public Guid RoomId { get; private set; }
    public Guid EventId { get; private set; }

    public static async Task<SecurityKit> CreateAsync(IDictionary<string, string?>? settings = null,
        Events.Shared.Convenings.ConveningVisibility visibility = Events.Shared.Convenings.ConveningVisibility.Public)
    {
        var app = await EventsAppFactory.CreateAsync(settings);
        app.CreateClient(); // starts the app, which migrates its database
        var kit = new SecurityKit(app, await TestData.ForAsync(app.ConnectionString));
        kit.Organiser = await kit.Data.AddUserAsync("Org", "Organiser");
        var (slug, room, _) = await kit.Data.AddConveningAsync(kit.Organiser, startsOn: new DateOnly(2030, 3, 4));
        (kit.Slug, kit.RoomId) = (slug, room);
        kit.EventId = await kit.AddScheduledEventAsync("Defenders at the UN", new TimeOnly(10, 0));
        if (visibility != Events.Shared.Convenings.ConveningVisibility.Public)
            await kit.Data.ScalarAsync<int>("UPDATE convenings SET visibility = @v WHERE slug = @slug RETURNING 1",
                new { v = visibility.ToString().ToLowerInvariant(), slug });
        return kit;
    }

    public async Task<Guid> AddScheduledEventAsync(string title, TimeOnly start)
    {
        var id = await Data.AddAcceptedEventAsync(Slug, Organiser, Organiser, title, capacity: 10);
        var scheduled = await Data.Workflow.ScheduleAsync(Organiser, new ScheduleForm
            { SideEventId = id, RoomId = RoomId, Day = new(2030, 3, 5), Start = start, End = start.AddHours(1) });
        Assert.True(scheduled.Succeeded, scheduled.Error);
        return id;
    }

    /// <summary>A client with cookies; https when the public address is, so that Secure cookies come back.</summary>
    public HttpClient Client(bool https = false) => App.CreateClient(new WebApplicationFactoryClientOptions
        { AllowAutoRedirect = false, BaseAddress = new Uri(https ? "https://localhost" : "http://localhost") });

    public async Task<(Guid Id, string Email, HttpClient Client)> SignedInAsync(string name)
    {
        var (id, email) = await Data.AddWithPasswordAsync(name, Password);
        var client = Client();
        var response = await client.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (id, email, client);
    }

    /// <summary>The antiforgery token from a page's forms, as a browser would post it.</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string pageUrl)
    {
        var page = await client.GetDocumentAsync(pageUrl);
        return page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")?.Value
               ?? throw new InvalidOperationException($"{pageUrl} has no antiforgery token");
    }

    public async Task<IReadOnlyList<MailboxMessage>> MailsAsync()
    {
        await App.DeliverMailAsync();
        return await App.Services.GetRequiredService<IMailboxReader>().ListAsync();
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
