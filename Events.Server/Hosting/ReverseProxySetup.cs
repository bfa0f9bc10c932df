using System.Net;
using Events.Shared.Site;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Events.Server.Hosting;

public static class ReverseProxySetup
{
    /// <summary>Forwarded headers from known proxies only; cookies Secure whenever the public address is https.</summary>
    public static void AddReverseProxySupport(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReverseProxyOptions>().BindConfiguration("Events")
            .Validate(o => !o.Problems().Any(), "Events:KnownProxies or Events:KnownNetworks holds an entry that is not an address or network.")
            .ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((options, proxies) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults trust loopback: clear them, so that nothing is trusted unless configured.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.Value.KnownProxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in proxies.Value.KnownNetworks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            // One proxy hop: the address the trusted proxy saw is the client.
            options.ForwardLimit = 1;
        });
        builder.Services.AddOptions<CookiePolicyOptions>().Configure<SiteAddress>((options, site) =>
        {
            options.Secure = site.IsHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.HttpOnly = HttpOnlyPolicy.None; // each cookie sets its own; the auth and antiforgery cookies are HttpOnly
        });
        // No "Server: Kestrel" banner.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
    }

    public static void UseReverseProxySupport(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ReverseProxyOptions>>().Value.Any) app.UseForwardedHeaders();
    }
}
