using System.Net;
using Events.Tests.Infrastructure;

namespace Events.Tests.Security;

/// <summary>Finding 1: every absolute link comes from Events:PublicBaseUrl, never from the request's Host header.</summary>
public sealed class PublicAddressTests
{
    private static readonly Dictionary<string, string?> Site = new()
    {
        ["Events:PublicBaseUrl"] = "https://events.example.org",
        ["AllowedHosts"] = "localhost", // the in-memory test server's host, allowed in addition to the public one
    };

    [Fact]
    public async Task A_reset_request_with_a_forged_Host_is_refused_and_mails_nothing()
    {
        await using var kit = await SecurityKit.CreateAsync(Site);
        var (_, email) = await kit.Data.AddWithPasswordAsync("Amina", SecurityKit.Password);
        using var client = kit.Client(https: true);
        var token = await SecurityKit.AntiforgeryTokenAsync(client, "/account/forgot-password");

        var forged = new HttpRequestMessage(HttpMethod.Post, "/account/forgot-password")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
                { ["_handler"] = "forgot-password", ["__RequestVerificationToken"] = token, ["Input.Email"] = email }),
        };
        forged.Headers.Host = "evil.example";
        var response = await client.SendAsync(forged);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(await kit.MailsAsync(), m => m.To == email);
    }

    [Fact]
    public async Task Reset_confirmation_and_calendar_links_use_the_configured_address()
    {
        await using var kit = await SecurityKit.CreateAsync(Site);
        var (_, email) = await kit.Data.AddWithPasswordAsync("Amina", SecurityKit.Password);
        using var client = kit.Client(https: true);

        await client.PostFormAsync("/account/forgot-password", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });
        var reset = Assert.Single(await kit.MailsAsync(), m => m.To == email);
        Assert.Contains("https://events.example.org/account/reset-password?userId=", reset.TextBody);
        Assert.DoesNotContain("localhost", reset.TextBody);

        var newcomer = $"new.{Guid.NewGuid():N}@example.org";
        await client.PostFormAsync("/account/register", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "New Person", ["Input.Email"] = newcomer,
            ["Input.Password"] = "a fresh and long passphrase", ["Input.ConfirmPassword"] = "a fresh and long passphrase",
        });
        var confirm = Assert.Single(await kit.MailsAsync(), m => m.To == newcomer);
        Assert.Contains("https://events.example.org/account/confirm-email?userId=", confirm.TextBody);

        var ics = await client.GetStringAsync($"/e/{kit.EventId}/event.ics");
        Assert.Contains($"URL:https://events.example.org/e/{kit.EventId}", ics.Replace("\r\n ", ""));
        // No link built on the request's host (the test server's "localhost"); the no-reply mail address is configuration.
        Assert.DoesNotContain("://localhost", ics.Replace("\r\n ", ""));
    }

    [Fact]
    public async Task The_server_does_not_start_without_a_public_address_outside_Development()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(
            [$"--ConnectionStrings:Events={connectionString}"], new Dictionary<string, string> { ["Events__PublicBaseUrl"] = "" },
            TimeSpan.FromSeconds(60)));
        Assert.Contains("Events:PublicBaseUrl is not set", failure.Message);

        failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(
            [$"--ConnectionStrings:Events={connectionString}"], new Dictionary<string, string> { ["Events__PublicBaseUrl"] = "ftp://example.org/?x=1" },
            TimeSpan.FromSeconds(60)));
        Assert.Contains("is not an absolute http(s) address", failure.Message);
    }
}
