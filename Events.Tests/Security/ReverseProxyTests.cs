using System.Net;
using Events.Tests.Infrastructure;

namespace Events.Tests.Security;

/// <summary>
/// Finding 9: behind a TLS reverse proxy the app honours X-Forwarded-For/-Proto from the configured proxies only: Secure
/// cookies, HSTS, https redirects, and each client limited on its own address rather than the proxy's.
/// </summary>
public sealed class ReverseProxyTests
{
    private static async Task<ServerProcess> StartAsync(bool trustLoopbackProxy)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        List<string> arguments = [$"--ConnectionStrings:Events={connectionString}", "--AllowedHosts=127.0.0.1",
            "--Events:CoSponsors:LinkRequestLimit=5", "--Events:CoSponsors:LinkRequestWindowSeconds=600"];
        if (trustLoopbackProxy) arguments.Add("--Events:KnownProxies:0=127.0.0.1");
        return await ServerProcess.StartAsync(arguments, new Dictionary<string, string> { ["Events__PublicBaseUrl"] = "https://events.example.org" });
    }

    private static HttpRequestMessage ViaProxy(ServerProcess server, string path, string clientAddress)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + path);
        request.Headers.Host = "events.example.org";
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", clientAddress);
        return request;
    }

    [Fact]
    public async Task Behind_a_known_proxy_cookies_are_Secure_HSTS_is_sent_redirects_stay_on_https_and_limits_are_per_client()
    {
        await using var server = await StartAsync(trustLoopbackProxy: true);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

        var login = await http.SendAsync(ViaProxy(server, "/account/login", "203.0.113.10"));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.All(login.Headers.GetValues("Set-Cookie"), cookie => Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase));
        Assert.True(login.Headers.Contains("Strict-Transport-Security"));

        var protectedPage = await http.SendAsync(ViaProxy(server, "/my/registrations", "203.0.113.10"));
        Assert.Equal(HttpStatusCode.Redirect, protectedPage.StatusCode);
        Assert.StartsWith("https://events.example.org/account/login", protectedPage.Headers.Location!.AbsoluteUri);

        // Guessing co-sponsor links: five per window per client. The sixth from one client is refused; another client is not held up.
        for (var i = 0; i < 5; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await http.SendAsync(ViaProxy(server, $"/cosponsor/guess{i}", "203.0.113.10"))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.SendAsync(ViaProxy(server, "/cosponsor/guess6", "203.0.113.10"))).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await http.SendAsync(ViaProxy(server, "/cosponsor/guess7", "198.51.100.20"))).StatusCode);
    }

    [Fact]
    public async Task Forwarded_headers_from_anyone_else_are_ignored()
    {
        await using var server = await StartAsync(trustLoopbackProxy: false);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

        // A client cannot pose as another address to escape its limit.
        for (var i = 0; i < 5; i++) await http.SendAsync(ViaProxy(server, $"/cosponsor/guess{i}", $"203.0.113.{i + 1}"));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.SendAsync(ViaProxy(server, "/cosponsor/guess6", "198.51.100.99"))).StatusCode);
        // Nor as HTTPS: the redirect keeps the scheme the connection really had.
        var protectedPage = await http.SendAsync(ViaProxy(server, "/my/registrations", "203.0.113.10"));
        Assert.StartsWith("http://events.example.org/account/login", protectedPage.Headers.Location!.AbsoluteUri);
    }
}
