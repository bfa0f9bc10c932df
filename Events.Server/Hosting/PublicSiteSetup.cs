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
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PublicSiteOptions>, PublicSiteOptionsValidator>();
        builder.Services.AddSingleton(sp => new SiteAddress(new Uri(sp.GetRequiredService<IOptions<PublicSiteOptions>>().Value.PublicBaseUrl!)));
        // AllowedHosts follows the public address; an explicit AllowedHosts list (not "*") adds to it, e.g. for monitors.
        builder.Services.AddOptions<HostFilteringOptions>().PostConfigure<SiteAddress>((options, site) =>
        {
            var extra = (configuration["AllowedHosts"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(h => h != "*");
            options.AllowedHosts = [site.BaseUri.Host, .. extra]; // host names only: the middleware ignores ports
            options.AllowEmptyHosts = false;
        });
    }

    /// <summary>Fails start-up with a readable message when the public address is missing or wrong, before anything is mailed.</summary>
    public static void EnsurePublicSite(this WebApplication app) => _ = app.Services.GetRequiredService<SiteAddress>();

    private sealed class PublicSiteOptionsValidator : IValidateOptions<PublicSiteOptions>
    {
        public ValidateOptionsResult Validate(string? name, PublicSiteOptions options) =>
            PublicSiteOptions.Problem(options.PublicBaseUrl) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
