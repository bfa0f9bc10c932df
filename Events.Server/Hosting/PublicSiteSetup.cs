using Events.Shared.Site;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;

namespace Events.Server.Hosting;

public static class PublicSiteSetup
{
    /// <summary>
    /// One site address for every absolute link, from Events:PublicBaseUrl (in Development, the first --urls address
    /// when it is not set). The Host header is never used for links, and requests for other hosts are refused.
    /// </summary>
    public static void AddPublicSite(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<PublicSiteOptions>().BindConfiguration("Events")
            .PostConfigure(options =>
            {
                if (development && string.IsNullOrWhiteSpace(options.PublicBaseUrl))
                    options.PublicBaseUrl = (configuration["urls"] ?? "http://localhost:5000").Split(';')[0].Replace("://*", "://localhost").Replace("://+", "://localhost");
            })
            .Validate(options => PublicSiteOptions.Problem(options.PublicBaseUrl) is null, "Events:PublicBaseUrl is missing or not an absolute http(s) address.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp =>
        {
            var url = sp.GetRequiredService<IOptions<PublicSiteOptions>>().Value.PublicBaseUrl;
            if (PublicSiteOptions.Problem(url) is { } problem) throw new OptionsValidationException(nameof(PublicSiteOptions), typeof(PublicSiteOptions), [problem]);
            return new SiteAddress(new Uri(url!));
        });
        // AllowedHosts follows the public address; an explicit AllowedHosts list (not "*") adds to it, e.g. for monitors.
        builder.Services.AddOptions<HostFilteringOptions>().PostConfigure<SiteAddress>((options, site) =>
        {
            var extra = (configuration["AllowedHosts"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(h => h != "*");
            options.AllowedHosts = [site.BaseUri.Host, .. extra]; // host names only: the middleware ignores ports
            options.AllowEmptyHosts = false;
        });
    }

    /// <summary>Fails start-up with a readable message when the public address is missing or wrong.</summary>
    public static void EnsurePublicSite(this WebApplication app)
    {
        var url = app.Services.GetRequiredService<IOptions<PublicSiteOptions>>().Value.PublicBaseUrl;
        if (PublicSiteOptions.Problem(url) is { } problem) throw new InvalidOperationException(problem);
    }
}
