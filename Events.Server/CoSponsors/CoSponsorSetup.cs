using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Events.Shared.CoSponsors;
using Microsoft.AspNetCore.RateLimiting;

namespace Events.Server.CoSponsors;

public static class CoSponsorSetup
{
    /// <summary>
    /// The co-sponsor services and the rate limit on the focal points' link page. The page names the policy
    /// (<see cref="CoSponsorLinkPaths.RateLimitPolicy"/>); the pipeline must call <c>app.UseRateLimiter()</c>.
    /// </summary>
    public static IServiceCollection AddCoSponsors(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Events:CoSponsors").Get<CoSponsorOptions>() ?? new CoSponsorOptions();
        services.AddSingleton(options);
        services.AddScoped<CoSponsorService>();
        services.AddScoped<ICoSponsorInvitations>(sp => sp.GetRequiredService<CoSponsorService>());
        services.AddScoped<ICoSponsorLinks>(sp => sp.GetRequiredService<CoSponsorService>());
        services.AddScoped<ICoSponsorDisplay, CoSponsorDisplayQueries>();
        services.AddRateLimiter(limiter => limiter.AddPolicy<string, CoSponsorLinkRateLimit>(CoSponsorLinkPaths.RateLimitPolicy));
        return services;
    }
}

/// <summary>
/// Guessing links is throttled per client address: a fixed number of requests to /cosponsor/… per window, then 429.
/// With 256-bit tokens guessing cannot succeed anyway; the limit keeps it from costing the database. IPv6 clients are
/// counted per /64, which one client usually holds whole. Behind a reverse proxy the forwarded-headers middleware must
/// set the client's address, or every client shares the proxy's partition.
/// </summary>
internal sealed class CoSponsorLinkRateLimit(CoSponsorOptions options) : IRateLimiterPolicy<string>
{
    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetFixedWindowLimiter(Hosting.ClientNetwork.Of(httpContext.Connection.RemoteIpAddress), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.LinkRequestLimit),
            Window = TimeSpan.FromSeconds(Math.Max(1, options.LinkRequestWindowSeconds)),
            QueueLimit = 0,
        });

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, cancellationToken) =>
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = Math.Max(1, options.LinkRequestWindowSeconds).ToString();
        response.Headers.CacheControl = "no-store";
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync("Too many requests from your address. Please wait a minute and open the link again.", cancellationToken);
    };
}
