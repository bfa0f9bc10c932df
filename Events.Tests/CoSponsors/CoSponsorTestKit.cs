using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Events.Server.Convenings;
using Events.Server.CoSponsors;
using Events.Server.Email;
using Events.Shared.CoSponsors;
using Events.Shared.Email;
using Events.Shared.SideEvents;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Events.Tests.CoSponsors;

/// <summary>
/// Real time plus what the test moved it by, for link expiry: the app's other services on the same clock (the mail
/// outbox's due times among them) keep working as time passes.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}

/// <summary>
/// Keeps the mails instead of sending them, and reads the co-sponsor links out of them. Reading <see cref="Sent"/>
/// first delivers what the outbox holds, so that a test reads the mails of a change right after it.
/// </summary>
public sealed class CapturingMail : IMailSender
{
    private static readonly Regex LinkPattern = new(@"https?://[^\s""<>]+/cosponsor/([A-Za-z0-9_-]+)");
    private readonly ConcurrentQueue<OutgoingMail> _sent = new();

    /// <summary>Set by the kit: delivers the outbox's due mail through this sender.</summary>
    internal Func<Task>? Deliver { get; set; }

    public ConcurrentQueue<OutgoingMail> Sent
    {
        get
        {
            // On the thread pool, so that blocking here cannot wait on the test's own synchronisation context.
            if (Deliver is { } deliver) Task.Run(deliver).GetAwaiter().GetResult();
            return _sent;
        }
    }

    public Task SendAsync(OutgoingMail mail, string deliveryId, CancellationToken cancellationToken = default)
    {
        _sent.Enqueue(mail);
        return Task.CompletedTask;
    }

    /// <summary>The token in the newest mail to this address.</summary>
    public string TokenFor(string email)
    {
        var mail = Sent.Last(m => m.To == email);
        return LinkPattern.Match(mail.TextBody) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("no link in the mail");
    }
}

/// <summary>Collects every log line the app's services write, to show that no focal point's address is ever logged.</summary>
public sealed class CapturingLog : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(Lines);

    public void Dispose() { }

    private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
    }
}

/// <summary>
/// A migrated database with an organiser, a convening and a scheduled side event, and the co-sponsor service on a
/// clock and a mailbox the test controls.
/// </summary>
public sealed class CoSponsorKit
{
    public const string SiteBaseUrl = "https://events.example.org/";

    private CoSponsorKit(CoSponsorOptions options) => Options = options;

    public TestData Data { get; private set; } = null!;
    public CoSponsorOptions Options { get; }
    public ManualClock Clock { get; } = new();
    public CapturingMail Mail { get; } = new();
    public CapturingLog Log { get; } = new();
    /// <summary>The organisers' board (its reads and its commands).</summary>
    public CoSponsorBoardCommands Board { get; private set; } = null!;
    /// <summary>The focal points' links.</summary>
    public CoSponsorLinks Links { get; private set; } = null!;
    public CoSponsorDisplayQueries Display { get; private set; } = null!;
    public Guid Organiser { get; private set; }
    public string Slug { get; private set; } = "";
    public Guid RoomA { get; private set; }
    public Guid EventId { get; private set; }

    public static async Task<CoSponsorKit> CreateAsync(CoSponsorOptions? options = null) =>
        await ForAsync(await TestPostgres.CreateMigratedDatabaseAsync(), options);

    /// <summary>For a database an app under test has already migrated.</summary>
    public static async Task<CoSponsorKit> ForAsync(string connectionString, CoSponsorOptions? options = null)
    {
        var kit = new CoSponsorKit(options ?? new CoSponsorOptions());
        kit.Data = await TestData.ForAsync(connectionString, kit.Clock, kit.Replace);
        var app = kit.Data.Services.CreateScope().ServiceProvider;
        kit.Board = (CoSponsorBoardCommands)app.GetRequiredService<ICoSponsorInvitations>();
        kit.Links = (CoSponsorLinks)app.GetRequiredService<ICoSponsorLinks>();
        kit.Display = (CoSponsorDisplayQueries)app.GetRequiredService<ICoSponsorDisplay>();
        kit.Mail.Deliver = () => MailDelivery.DeliverAsync(kit.Data.Services);
        return await kit.SetUpAsync();
    }

    /// <summary>The public display as a new request sees it (one request's display keeps what it has read).</summary>
    public CoSponsorDisplayQueries NewDisplay() =>
        (CoSponsorDisplayQueries)Data.Services.CreateScope().ServiceProvider.GetRequiredService<ICoSponsorDisplay>();

    /// <summary>The app's services with this kit's mail sender, options and log.</summary>
    private void Replace(IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<IMailSender>(Mail));
        services.Replace(ServiceDescriptor.Singleton(Microsoft.Extensions.Options.Options.Create(Options)));
        services.AddLogging(logging => logging.AddProvider(Log).AddFilter<CapturingLog>(null, LogLevel.Trace));
    }

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
        var result = await Board.InviteAsync(Organiser, sideEventId ?? EventId, new InvitationForm
        {
            Kind = SponsorKind.State, StateIso3 = iso3, FocalPointName = $"Focal point {iso3}", FocalPointEmail = email, Message = "We would be honoured.",
        });
        Assert.True(result.Succeeded, result.Error);
        return (result.Id!.Value, Mail.TokenFor(email));
    }

    public async Task<(Guid Id, string Token)> InviteEntityAsync(string code, Guid? sideEventId = null)
    {
        var email = EmailFor(code + "-" + Guid.NewGuid().ToString("N")[..6]);
        var result = await Board.InviteAsync(Organiser, sideEventId ?? EventId, new InvitationForm
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
        var result = await Links.ConfirmAsync(token, Confirmation(displayName));
        Assert.True(result.Succeeded, result.Error ?? result.Outcome.ToString());
    }

    public async Task<string> StatusAsync(Guid invitationId)
    {
        await using var db = await Data.Db.CreateDbContextAsync();
        return await db.CoSponsorships.Where(cs => cs.Id == invitationId).Select(cs => cs.Status).SingleAsync();
    }

    public async Task<InvitationStatus> BoardStatusAsync(Guid invitationId) =>
        (await Board.BoardAsync(Organiser, EventId))!.Invitations.Single(i => i.Id == invitationId).Status;

    /// <summary>
    /// Everything stored about co-sponsors, as text: to show that a refused action changed nothing. Whole rows as the
    /// database holds them (row_to_json), so that a column the model does not map would not escape the comparison.
    /// </summary>
    public async Task<string> SnapshotAsync()
    {
        await using var db = await Data.Db.CreateDbContextAsync();
        var rows = await db.Database.SqlQuery<string>($"SELECT row_to_json(cs)::text AS \"Value\" FROM co_sponsorships cs ORDER BY id").ToListAsync();
        var history = await db.Database.SqlQuery<string>($"SELECT row_to_json(h)::text AS \"Value\" FROM co_sponsor_history h ORDER BY id").ToListAsync();
        var lists = (await db.SideEvents.OrderBy(e => e.Id).Select(e => new { e.Id, e.CoSponsorsLocked, e.CoSponsorsFinal }).ToListAsync())
            .Select(e => $"{e.Id}:{e.CoSponsorsLocked}{e.CoSponsorsFinal}");
        return string.Join("\n", rows.Concat(history).Concat(lists));
    }

    public async Task<IReadOnlyList<string>> HistoryActionsAsync(Guid invitationId)
    {
        await using var db = await Data.Db.CreateDbContextAsync();
        return await db.CoSponsorHistory.Where(h => h.CoSponsorshipId == invitationId).OrderBy(h => h.Id).Select(h => h.Action).ToListAsync();
    }

    /// <summary>One invitation's row, for checks on what is stored.</summary>
    public async Task<CoSponsorship> InvitationAsync(Guid invitationId)
    {
        await using var db = await Data.Db.CreateDbContextAsync();
        return await db.CoSponsorships.AsNoTracking().SingleAsync(cs => cs.Id == invitationId);
    }

    /// <summary>Moves an invitation's link expiry, e.g. into the past.</summary>
    public async Task SetLinkExpiryAsync(Guid invitationId, DateTime expiresAt)
    {
        await using var db = await Data.Db.CreateDbContextAsync();
        await db.CoSponsorships.Where(cs => cs.Id == invitationId).ExecuteUpdateAsync(s => s.SetProperty(cs => cs.TokenExpiresAt, expiresAt));
    }

    public async Task<string?> LastHistoryDetailAsync(Guid invitationId)
    {
        await using var db = await Data.Db.CreateDbContextAsync();
        return await db.CoSponsorHistory.Where(h => h.CoSponsorshipId == invitationId).OrderByDescending(h => h.Id).Select(h => h.Detail).FirstAsync();
    }

    /// <summary>Changes the kit's convening directly, e.g. its threshold or its visibility.</summary>
    public async Task UpdateConveningAsync(Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<Convening>> setters)
    {
        await using var db = await Data.Db.CreateDbContextAsync();
        await db.Convenings.Where(c => c.Slug == Slug).ExecuteUpdateAsync(setters);
    }

    public async Task<int> InvitationCountAsync()
    {
        await using var db = await Data.Db.CreateDbContextAsync();
        return await db.CoSponsorships.CountAsync();
    }
}
