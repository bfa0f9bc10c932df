using Events.Server.Demo;
using Events.Tests.Infrastructure;
using Microsoft.Playwright;
using Npgsql;

namespace Events.Tests.Interface;

/// <summary>
/// What every page owes everyone, checked page by page at desktop (1366 px) and phone (390 px) widths in Chromium:
/// axe-core finds no violation, nothing scrolls sideways, no request leaves the site, the Content-Security-Policy
/// refuses nothing, and a full-page screenshot lands in TestResults/screenshots/{name}-{desktop|phone}.png.
/// To check a new page, add a row to <see cref="Pages"/>; to run a few rows while fixing them, name them in PQ_ONLY
/// (<c>PQ_ONLY=workspace,checkin ./test.sh --filter PageQualityTests</c>).
/// </summary>
[Collection(PageSweepCollection.Name)]
public sealed class PageQualityTests(PageQualityTests.Site site) : IClassFixture<PageQualityTests.Site>
{
    /// <summary>
    /// Who looks: nobody, the admin, or a member enrolling in two-factor sign-in (an account of its own: setting up an
    /// authenticator changes the account's security stamp, which signs its other sessions out).
    /// </summary>
    public enum Who { Anonymous, Admin, Member }

    /// <summary>
    /// One page to check. In <paramref name="Path"/>, {slug} is the demo UN session's slug and {event} one of its
    /// scheduled side events (the admin is registered for it, and its Q&amp;A is open); {draft} is a draft proposal of the
    /// admin's, {token} a working co-sponsor link of that event and {mail} a message in the development mailbox.
    /// <paramref name="Ready"/> is a selector to wait for before checking (an interactive page's sign that its circuit is
    /// connected, for example).
    /// </summary>
    public sealed record PageRow(string Name, string Path, Who Who, string? Ready = null)
    {
        public override string ToString() => Name;
    }

    public static readonly PageRow[] Pages =
    [
        // The shell and the public pages.
        new("home", "/", Who.Anonymous),
        new("home-signed-in", "/", Who.Admin),
        new("not-found", "/no-such-page", Who.Anonymous),
        new("event", "/e/{event}", Who.Anonymous),
        new("event-signed-in", "/e/{event}", Who.Admin),
        new("event-not-found", "/e/00000000-0000-0000-0000-000000000001", Who.Anonymous),
        // Accounts.
        new("login", "/account/login", Who.Anonymous),
        new("register", "/account/register", Who.Anonymous),
        new("register-confirmation", "/account/register-confirmation", Who.Anonymous),
        new("confirm-email-invalid", "/account/confirm-email?userId=x&code=y", Who.Anonymous),
        new("forgot-password", "/account/forgot-password", Who.Anonymous),
        new("reset-password", "/account/reset-password?userId=x&code=y", Who.Anonymous),
        new("login-2fa-expired", "/account/login-2fa", Who.Anonymous),
        new("login-recovery-expired", "/account/login-recovery", Who.Anonymous),
        new("access-denied", "/account/access-denied", Who.Anonymous),
        new("two-factor", "/account/two-factor", Who.Member),
        // The participant's pages.
        new("register-for-event", "/e/{event}/register", Who.Admin),
        new("my-registrations", "/my/registrations", Who.Admin),
        new("profile", "/my/profile", Who.Admin),
        new("my-proposals", "/my/proposals", Who.Admin),
        new("edit-proposal", "/my/proposals/{draft}/edit", Who.Admin),
        // The programme and proposing.
        new("not-found-page", "/not-found", Who.Anonymous),
        new("programme", "/c/{slug}", Who.Anonymous),
        new("programme-calendar", "/c/{slug}?view=calendar", Who.Anonymous),
        new("programme-calendar-week", "/c/{slug}?view=calendar&span=week", Who.Anonymous),
        new("propose", "/c/{slug}/propose", Who.Admin),
        // Organising.
        new("organise", "/organise", Who.Admin),
        new("organise-new", "/organise/new", Who.Admin),
        new("workspace", "/organise/{slug}", Who.Admin, Interactive("workspace-scheduler")),
        new("convening-settings", "/organise/{slug}/settings", Who.Admin),
        new("cosponsor-board", "/organise/{slug}/events/{event}/cosponsors", Who.Admin, Interactive("board-title")),
        new("attendees", "/organise/events/{event}/attendees", Who.Admin, Interactive("attendees-title")),
        new("checkin", "/checkin/{event}", Who.Admin, Interactive("checkin-title")),
        // The co-sponsor focal point's link: a working one, and one that is not.
        new("cosponsor-link", "/cosponsor/{token}", Who.Anonymous),
        new("cosponsor-link-invalid", "/cosponsor/no-such-link", Who.Anonymous),
        // Live Q&A: the code page, the participant's phone, the moderator, the projector.
        new("qa-code", "/qa", Who.Anonymous),
        new("qa-participant", "/qa/{event}", Who.Admin, QaLive),
        new("qa-moderator", "/qa/{event}/moderate", Who.Admin, QaLive),
        new("qa-presenter", "/qa/{event}/present", Who.Admin, QaLive),
        // Site administration.
        new("admin-users", "/admin/users", Who.Admin, Interactive("users-title")),
        new("admin-mailbox", "/admin/mailbox", Who.Admin),
        new("admin-mailbox-message", "/admin/mailbox/{mail}", Who.Admin),
        new("admin-outbox", "/admin/outbox", Who.Admin, Interactive("outbox-title")),
    ];

    /// <summary>An interactive page's heading once its circuit has rendered it.</summary>
    private static string Interactive(string testId) => $"[data-testid={testId}][data-interactive=true]";

    /// <summary>A live Q&amp;A view once its script has connected to the hub.</summary>
    private const string QaLive = "#qa-app[data-connection=live]";

    public static TheoryData<PageRow> Rows() => new(Pages.Where(p => Environment.GetEnvironmentVariable("PQ_ONLY") is not { } only || only.Split(',').Contains(p.Name)));

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task The_page_passes_axe_fits_a_phone_and_stays_on_the_site(PageRow row)
    {
        var problems = new List<string>();
        foreach (var (width, size) in new[] { (1366, "desktop"), (390, "phone") })
        {
            var page = await site.NewPageAsync(row.Who, width);
            var offSite = new List<string>();
            var csp = new List<string>();
            page.Request += (_, request) => { if (!request.Url.StartsWith(site.BaseUrl) && !request.Url.StartsWith("data:")) offSite.Add(request.Url); };
            var errors = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy")) csp.Add(message.Text);
                else if (message.Type == "error") errors.Add(message.Text);
            };
            try
            {
                await page.GotoAsync(site.BaseUrl + site.Expand(row.Path));
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                if (row.Ready is not null)
                {
                    try { await page.Locator(row.Ready).First.WaitForAsync(new() { Timeout = 20000 }); }
                    catch (TimeoutException)
                    {
                        problems.Add($"{size}: never ready ({row.Ready}) at {page.Url} ({await page.Locator("h1").First.TextContentAsync(new() { Timeout = 2000 })}); console errors: {string.Join(" | ", errors)}");
                        continue;
                    }
                }
                await page.ScreenshotAsync(new() { Path = Path.Combine(Browser.ScreenshotDirectory, $"{row.Name}-{size}.png"), FullPage = true });

                problems.AddRange((await Accessibility.ViolationsAsync(page)).Select(v => $"{size}: axe {v}"));
                if (await PageWidth.OverflowAsync(page) is { } overflow) problems.Add($"{size}: {overflow}");
                problems.AddRange(offSite.Select(u => $"{size}: request to another host: {u}"));
                problems.AddRange(csp.Select(c => $"{size}: {c}"));
            }
            finally { await page.CloseAsync(); }
        }
        Assert.True(problems.Count == 0, $"{row.Name} ({row.Path}):\n" + string.Join("\n", problems));
    }

    /// <summary>Pages that must print completely: add the attendee list's path here once its page is on MudBlazor.</summary>
    public static TheoryData<string, string> Printed() => new()
    {
        { "event", "/e/{event}" },
        { "programme", "/c/{slug}" },
    };

    [Theory]
    [MemberData(nameof(Printed))]
    public async Task The_page_prints_on_as_many_sheets_as_its_content_needs(string name, string path)
    {
        var page = await site.NewPageAsync(Who.Admin, 1366);
        try
        {
            await page.GotoAsync(site.BaseUrl + site.Expand(path));
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await page.EmulateMediaAsync(new() { Media = Media.Print });
            // A4 with the stylesheet's 15 mm margins, in CSS pixels (96 per inch), at the width Chromium lays the print out.
            const double sheetHeight = (297 - 30) / 25.4 * 96, sheetWidth = (210 - 30) / 25.4 * 96;
            await page.SetViewportSizeAsync((int)sheetWidth, (int)sheetHeight);
            var contentHeight = await page.EvaluateAsync<double>("() => document.documentElement.scrollHeight");
            var hidden = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('main, main *')].filter(e => {
                    const s = getComputedStyle(e);
                    return (s.overflowY === 'auto' || s.overflowY === 'scroll' || s.overflowY === 'hidden') && e.scrollHeight > e.clientHeight + 2;
                }).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))
                """);
            Assert.True(hidden.Length == 0, $"{name}: boxes that would cut the print: {string.Join(", ", hidden)}");

            var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = false });
            var sheets = System.Text.RegularExpressions.Regex.Matches(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]").Count;
            var needed = (int)Math.Floor(contentHeight / sheetHeight);
            Assert.True(sheets >= Math.Max(1, needed), $"{name}: {sheets} sheet(s) printed for {contentHeight:0} px of content (at least {needed} needed)");
            await File.WriteAllBytesAsync(Path.Combine(Browser.ScreenshotDirectory, $"{name}-print.pdf"), pdf);
        }
        finally { await page.CloseAsync(); }
    }

    /// <summary>One server with the demo data and an admin, one browser, and a signed-in browser context per width.</summary>
    public sealed class Site : IAsyncLifetime
    {
        public const string AdminEmail = "admin@example.org", AdminPassword = "correct horse battery staple";
        public const string MemberPassword = "another long passphrase";
        private ServerProcess? _server;
        private IPlaywright? _playwright;
        private IBrowser? _browser;
        private readonly Dictionary<(Who, int), IBrowserContext> _contexts = new();

        public string BaseUrl => _server!.BaseUrl;
        public Guid EventId { get; private set; }
        public Guid DraftId { get; private set; }
        public string CoSponsorToken { get; private set; } = "";
        public string MailId { get; private set; } = "";
        public string ConnectionString { get; private set; } = "";

        /// <summary>A browser context with nobody signed in, for journeys of their own.</summary>
        public Task<IBrowserContext> NewContextAsync(int width = 1366) =>
            _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = width, Height = width > 600 ? 900 : 844 } });

        public string Expand(string path) => path.Replace("{slug}", DemoDataSeeder.CswSlug).Replace("{event}", EventId.ToString())
            .Replace("{draft}", DraftId.ToString()).Replace("{token}", CoSponsorToken).Replace("{mail}", MailId);

        public async Task InitializeAsync()
        {
            var connectionString = ConnectionString = await TestPostgres.CreateDatabaseAsync();
            _server = await ServerProcess.StartAsync([$"--ConnectionStrings:Events={connectionString}", "--seed-demo",
                $"--Events:Admin:Email={AdminEmail}", $"--Events:Admin:Password={AdminPassword}"]);
            EventId = await OpenEventAsync(connectionString);
            (_playwright, _browser) = await Browser.LaunchAsync();
            var member = await (await TestData.ForAsync(connectionString)).AddWithPasswordAsync("Member Enrolling", MemberPassword);
            foreach (var width in new[] { 1366, 390 })
            {
                var options = new BrowserNewContextOptions { ViewportSize = new() { Width = width, Height = width > 600 ? 900 : 844 } };
                _contexts[(Who.Anonymous, width)] = await _browser.NewContextAsync(options);
                var admin = await _browser.NewContextAsync(options);
                var page = await Browser.LogInAsync(admin, BaseUrl, AdminEmail, AdminPassword);
                await page.CloseAsync();
                _contexts[(Who.Admin, width)] = admin;
                var enrolling = await _browser.NewContextAsync(options);
                await (await Browser.LogInAsync(enrolling, BaseUrl, member.Email, MemberPassword)).CloseAsync();
                _contexts[(Who.Member, width)] = enrolling;
            }
            // The admin holds a registration, so that the participant pages show a ticket.
            var register = await _contexts[(Who.Admin, 1366)].NewPageAsync();
            await register.GotoAsync($"{BaseUrl}/e/{EventId}");
            await register.GetByTestId("registration-panel").GetByRole(AriaRole.Button).First.ClickAsync();
            await Assertions.Expect(register.GetByTestId("registration-message")).ToBeVisibleAsync();

            // A draft proposal of the admin's, saved through the propose page.
            await register.GotoAsync($"{BaseUrl}/c/{DemoDataSeeder.CswSlug}/propose");
            await register.Locator("input[name='Input.Title']").FillAsync("Page quality draft");
            await register.Locator("input[name='Input.ProposingOrganisation']").FillAsync("Page Quality Network");
            await register.GetByRole(AriaRole.Button, new() { Name = "Save draft", Exact = true }).ClickAsync();
            await register.WaitForURLAsync("**/my/proposals");
            // The Q&A of the event open, from its moderator page.
            await register.GotoAsync($"{BaseUrl}/qa/{EventId}/moderate");
            await Assertions.Expect(register.Locator(QaLive)).ToBeVisibleAsync(new() { Timeout = 15000 });
            await register.GetByLabel("Open for questions").CheckAsync();
            await Assertions.Expect(register.GetByLabel("Open for questions")).ToBeCheckedAsync();
            // A message in the development mailbox (the registration's confirmation).
            await register.GotoAsync($"{BaseUrl}/admin/mailbox");
            MailId = (await register.Locator("[data-testid=mailbox] a[href^='/admin/mailbox/']").First.GetAttributeAsync("href"))!.Split('/').Last();
            await register.CloseAsync();
            (DraftId, CoSponsorToken) = await DraftAndLinkAsync(connectionString, EventId);
        }

        public Task<IPage> NewPageAsync(Who who, int width) => _contexts[(who, width)].NewPageAsync();

        public async Task DisposeAsync()
        {
            foreach (var context in _contexts.Values) await context.DisposeAsync();
            if (_browser is not null) await _browser.DisposeAsync();
            _playwright?.Dispose();
            if (_server is not null) await _server.DisposeAsync();
        }

        /// <summary>
    /// The admin's draft, and a working link for one of the event's co-sponsors (or another of the session's): the
    /// database keeps only a link's hash, so the test makes a new secret and stores its hash, as an invitation does.
    /// </summary>
    private static async Task<(Guid Draft, string Token)> DraftAndLinkAsync(string connectionString, Guid eventId)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using var draft = new NpgsqlCommand("SELECT id FROM side_events WHERE title = 'Page quality draft' AND status = 'draft'", db);
        var draftId = (Guid)(await draft.ExecuteScalarAsync())!;
        var token = Events.Server.CoSponsors.CoSponsorTokens.NewToken();
        await using var link = new NpgsqlCommand("""
            UPDATE co_sponsorships SET token_hash = @hash, token_expires_at = now() + interval '30 days'
            WHERE id = (SELECT cs.id FROM co_sponsorships cs JOIN side_events e ON e.id = cs.side_event_id JOIN convenings c ON c.id = e.convening_id
                        WHERE c.slug = @slug ORDER BY cs.side_event_id = @event DESC, cs.status = 'invited' DESC, cs.id LIMIT 1)
            """, db);
        link.Parameters.AddWithValue("hash", Events.Server.CoSponsors.CoSponsorTokens.Hash(token));
        link.Parameters.AddWithValue("slug", DemoDataSeeder.CswSlug);
        link.Parameters.AddWithValue("event", eventId);
        Assert.Equal(1, await link.ExecuteNonQueryAsync());
        return (draftId, token);
    }

    /// <summary>A scheduled side event of the demo UN session that takes open registrations.</summary>
        private static async Task<Guid> OpenEventAsync(string connectionString)
        {
            await using var db = new NpgsqlConnection(connectionString);
            await db.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT e.id FROM side_events e JOIN convenings c ON c.id = e.convening_id WHERE c.slug = @slug AND e.status = 'scheduled' " +
                "AND e.registration_mode = 'open' ORDER BY e.starts_at LIMIT 1", db);
            command.Parameters.AddWithValue("slug", DemoDataSeeder.CswSlug);
            return (Guid)(await command.ExecuteScalarAsync())!;
        }
    }
}
