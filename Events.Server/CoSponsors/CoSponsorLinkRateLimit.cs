using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Events.Server.CoSponsors;

/// <summary>
/// Guessing links is throttled per client address: a fixed number of requests to /cosponsor/… per window, then 429.
/// With 256-bit tokens guessing cannot succeed anyway; the limit keeps it from costing the database. IPv6 clients are
/// counted per /64, which one client usually holds whole. Behind a reverse proxy the forwarded-headers middleware must
/// set the client's address, or every client shares the proxy's partition.
/// </summary>
internal sealed class CoSponsorLinkRateLimit(IOptions<CoSponsorOptions> options) : IRateLimiterPolicy<string>
{
    private readonly CoSponsorOptions _options = options.Value;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetFixedWindowLimiter(Hosting.ClientNetwork.Of(httpContext.Connection.RemoteIpAddress), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = _options.LinkRequestLimit,
            Window = TimeSpan.FromSeconds(_options.LinkRequestWindowSeconds),
            QueueLimit = 0,
        });

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, cancellationToken) =>
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = _options.LinkRequestWindowSeconds.ToString();
        response.Headers.CacheControl = "no-store";
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync("Too many requests from your address. Please wait a minute and open the link again.", cancellationToken);
    };
}
