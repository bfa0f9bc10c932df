using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Dapper;
using Events.Server.CoSponsors;
using Events.Server.Email;
using Events.Shared.CoSponsors;
using Events.Shared.Email;
using Events.Shared.SideEvents;
using Events.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Events.Tests.CoSponsors;

/// <summary>A clock the test moves by hand, for link expiry.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>Keeps the mails instead of sending them, and reads the co-sponsor links out of them.</summary>
public sealed class CapturingMail : IMailSender
{
    private static readonly Regex LinkPattern = new(@"https?://[^\s""<>]+/cosponsor/([A-Za-z0-9_-]+)");
    public ConcurrentQueue<OutgoingMail> Sent { get; } = new();

    public Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue(mail);
        return Task.CompletedTask;
    }

    /// <summary>The token in the newest mail to this address.</summary>
    public string TokenFor(string email)
    {
        var mail = Sent.Last(m => m.To == email);
        return LinkPattern.Match(mail.TextBody) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("no link in the mail");
    }
}

/// <summary>Collects every log line, to show that no focal point's address is ever logged.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Lines { get; } = new();
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
}

/// <summary>
/// A migrated database with an organiser, a convening and a scheduled side event, and the co-sponsor service on a
/// clock and a mailbox the test controls.
/// </summary>
public sealed class CoSponsorKit
{
    public const string SiteBaseUrl = "https://events.example.org/";

    private CoSponsorKit(TestData data, CoSponsorOptions options)
    {
        Data = data;
        Options = options;
        Service = new CoSponsorService(data.Connections, Mail, Clock, options, new Events.Shared.Site.SiteAddress(new Uri(SiteBaseUrl)), Logger);
        Display = new CoSponsorDisplayQueries(data.Connections);
    }

    public TestData Data { get; }
    public CoSponsorOptions Options { get; }
    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);
    public CapturingMail Mail { get; } = new();
    public CapturingLogger<CoSponsorService> Logger { get; } = new();
    public CoSponsorService Service { get; }
    public CoSponsorDisplayQueries Display { get; }
    public Guid Organiser { get; private set; }
    public string Slug { get; private set; } = "";
    public Guid RoomA { get; private set; }
    public Guid EventId { get; private set; }

    public static async Task<CoSponsorKit> CreateAsync(CoSponsorOptions? options = null) =>
        await new CoSponsorKit(await TestData.CreateAsync(), options ?? new CoSponsorOptions()).SetUpAsync();

    /// <summary>For a database an app under test has already migrated.</summary>
    public static async Task<CoSponsorKit> ForAsync(string connectionString, CoSponsorOptions? options = null) =>
        await new CoSponsorKit(await TestData.ForAsync(connectionString), options ?? new CoSponsorOptions()).SetUpAsync();

    private async Task<CoSponsorKit> SetUpAsync()
    {
        Organiser = await Data.AddUserAsync("Olga Organiser", "Organiser");
        (Slug, RoomA, _) = await Data.AddConveningAsync(Organiser);
        EventId = await ScheduledEventAsync("Women's leadership in climate action", 0);
        return this;
    }

    /// <summary>A side event accepted and scheduled on the convening's second day, so that it is on the public pages.</summary>
    public async Task<Guid> ScheduledEventAsync(string title, int slot)
    {
        var id = await Data.AddAcceptedEventAsync(Slug, Organiser, Organiser, title);
        var start = new TimeOnly(9, 0).AddMinutes(90 * slot);
        var scheduled = await Data.Workflow.ScheduleAsync(Organiser, new ScheduleForm
        {
            SideEventId = id, RoomId = RoomA, Day = new DateOnly(2027, 3, 9), Start = start, End = start.AddMinutes(75),
        });
        Assert.True(scheduled.Succeeded, scheduled.Error);
        return id;
    }

    public static string EmailFor(string sponsor) => $"focal.{sponsor.ToLowerInvariant().Replace(' ', '.')}@mission.example.org";

    /// <summary>Invites a State (by ISO3) to the kit's event, or another event, and returns the link's token.</summary>
    public async Task<(Guid Id, string Token)> InviteStateAsync(string iso3, Guid? sideEventId = null)
    {
        var email = EmailFor(iso3 + "-" + Guid.NewGuid().ToString("N")[..6]);
        var result = await Service.InviteAsync(Organiser, sideEventId ?? EventId, new InvitationForm
        {
            Kind = SponsorKind.State, StateIso3 = iso3, FocalPointName = $"Focal point {iso3}", FocalPointEmail = email, Message = "We would be honoured.",
        });
        Assert.True(result.Succeeded, result.Error);
        return (result.Id!.Value, Mail.TokenFor(email));
    }

    public async Task<(Guid Id, string Token)> InviteEntityAsync(string code, Guid? sideEventId = null)
    {
        var email = EmailFor(code + "-" + Guid.NewGuid().ToString("N")[..6]);
        var result = await Service.InviteAsync(Organiser, sideEventId ?? EventId, new InvitationForm
        {
            Kind = SponsorKind.UnEntity, UnEntityCode = code, FocalPointName = $"Focal point {code}", FocalPointEmail = email,
        });
        Assert.True(result.Succeeded, result.Error);
        return (result.Id!.Value, Mail.TokenFor(email));
    }

    public static ConfirmationForm Confirmation(string displayName, string official = "H.E. Ms Ada Official", string title = "Permanent Representative") =>
        new() { OfficialName = official, OfficialTitle = title, DisplayName = displayName };

    public async Task ConfirmAsync(string token, string displayName)
    {
        var result = await Service.ConfirmAsync(token, Confirmation(displayName));
        Assert.True(result.Succeeded, result.Error ?? result.Outcome.ToString());
    }

    public async Task<string> StatusAsync(Guid invitationId) =>
        await Data.ScalarAsync<string>("SELECT status FROM co_sponsorships WHERE id = @invitationId", new { invitationId });

    public async Task<InvitationStatus> BoardStatusAsync(Guid invitationId) =>
        (await Service.BoardAsync(Organiser, EventId))!.Invitations.Single(i => i.Id == invitationId).Status;

    /// <summary>Everything stored about co-sponsors, as text: to show that a refused action changed nothing.</summary>
    public async Task<string> SnapshotAsync()
    {
        await using var db = await Data.Connections.OpenAsync();
        var rows = await db.QueryAsync<string>("SELECT row_to_json(cs)::text FROM co_sponsorships cs ORDER BY id");
        var history = await db.QueryAsync<string>("SELECT row_to_json(h)::text FROM co_sponsor_history h ORDER BY id");
        var lists = await db.QueryAsync<string>("SELECT id || ':' || co_sponsors_locked || co_sponsors_final FROM side_events ORDER BY id");
        return string.Join("\n", rows.Concat(history).Concat(lists));
    }

    public async Task<IReadOnlyList<string>> HistoryActionsAsync(Guid invitationId)
    {
        await using var db = await Data.Connections.OpenAsync();
        return (await db.QueryAsync<string>("SELECT action FROM co_sponsor_history WHERE co_sponsorship_id = @invitationId ORDER BY id", new { invitationId })).ToList();
    }
}
