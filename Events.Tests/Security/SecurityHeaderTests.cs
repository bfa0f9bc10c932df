using System.Net;
using Events.Server.Demo;
using Events.Tests.Infrastructure;
using Microsoft.Playwright;
using Npgsql;

namespace Events.Tests.Security;

/// <summary>Finding 11: a real Content-Security-Policy, nosniff, no referrer, a Permissions-Policy and no server banner.</summary>
public sealed class SecurityHeaderTests
{
    [Fact]
    public async Task Every_answer_carries_the_policies_and_no_server_banner()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var server = await ServerProcess.StartAsync([$"--ConnectionStrings:Events={connectionString}"]);
        using var http = new HttpClient();

        foreach (var path in new[] { "/", "/account/login", "/no/such/page", "/health", "/_content/Events.Client/app.css" })
        {
            var response = await http.GetAsync(server.BaseUrl + path);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp);
            Assert.Contains("style-src 'self'", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("object-src 'none'", csp);
            Assert.DoesNotContain("unsafe-eval", csp);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single());
            Assert.False(response.Headers.Contains("Server"), $"{path} sends a Server header");
        }
    }

    [Fact]
    public async Task The_pages_work_in_Chromium_under_the_policy_with_no_violation()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        const string admin = "admin@example.org", password = "correct horse battery staple";
        await using var server = await ServerProcess.StartAsync([$"--ConnectionStrings:Events={connectionString}", "--seed-demo",
            $"--Events:Admin:Email={admin}", $"--Events:Admin:Password={password}"]);
        var eventId = await FirstScheduledEventAsync(connectionString);
        var (playwright, browser) = await Browser.LaunchAsync();
        await using var _ = browser;
        using var __ = playwright;
        await using var context = await browser.NewContextAsync();
        var page = await Browser.LogInAsync(context, server.BaseUrl, admin, password);
        var violations = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy")) violations.Add(message.Text); };
        page.PageError += (_, error) => violations.Add(error);

        foreach (var path in new[] { "/", $"/c/{DemoDataSeeder.CswSlug}", $"/c/{DemoDataSeeder.CswSlug}?view=calendar", $"/e/{eventId}",
                     $"/qa/{eventId}", $"/qa/{eventId}/moderate", $"/qa/{eventId}/present", "/admin/users", "/my/registrations" })
        {
            await page.GotoAsync(server.BaseUrl + path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
        // An interactive page connects its circuit (script and WebSocket from the site).
        await page.GotoAsync($"{server.BaseUrl}/organise/{DemoDataSeeder.CswSlug}");
        await Assertions.Expect(page.GetByTestId("workspace-scheduler")).ToHaveAttributeAsync("data-interactive", "true");

        Assert.Empty(violations);
    }

    private static async Task<Guid> FirstScheduledEventAsync(string connectionString)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT e.id FROM side_events e JOIN convenings c ON c.id = e.convening_id WHERE c.slug = @slug AND e.status = 'scheduled' ORDER BY e.starts_at LIMIT 1", db);
        command.Parameters.AddWithValue("slug", DemoDataSeeder.CswSlug);
        return (Guid)(await command.ExecuteScalarAsync())!;
    }
}
