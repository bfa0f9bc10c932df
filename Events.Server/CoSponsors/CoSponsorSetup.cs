using Events.Shared.CoSponsors;

namespace Events.Server.CoSponsors;

public static class CoSponsorSetup
{
    /// <summary>
    /// The co-sponsor services and the rate limit on the focal points' link page. The page names the policy
    /// (<see cref="CoSponsorLinkPaths.RateLimitPolicy"/>); the pipeline must call <c>app.UseRateLimiter()</c>.
    /// </summary>
    public static IServiceCollection AddCoSponsors(this IServiceCollection services)
    {
        services.AddOptions<CoSponsorOptions>().BindConfiguration(CoSponsorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<CoSponsorMails>();
        services.AddScoped<CoSponsorBoardQueries>();
        services.AddScoped<ICoSponsorInvitations, CoSponsorBoardCommands>();
        services.AddScoped<ICoSponsorLinks, CoSponsorLinks>();
        services.AddScoped<ICoSponsorDisplay, CoSponsorDisplayQueries>();
        services.AddRateLimiter(limiter => limiter.AddPolicy<string, CoSponsorLinkRateLimit>(CoSponsorLinkPaths.RateLimitPolicy));
        return services;
    }
}
