using System.Net;

namespace Events.Server.Hosting;

/// <summary>
/// Events:KnownProxies (addresses) and Events:KnownNetworks (CIDR ranges) of the TLS reverse proxies in front of the
/// app. Only requests from these have their X-Forwarded-For and X-Forwarded-Proto honoured; from anywhere else the
/// headers are ignored, so a client cannot pose as another address or as HTTPS.
/// </summary>
public sealed class ReverseProxyOptions
{
    public List<string> KnownProxies { get; set; } = [];
    public List<string> KnownNetworks { get; set; } = [];

    public bool Any => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<string> Problems() =>
        KnownProxies.Where(p => !IPAddress.TryParse(p, out _)).Select(p => $"Events:KnownProxies: '{p}' is not an IP address.")
            .Concat(KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)).Select(n => $"Events:KnownNetworks: '{n}' is not a network like 10.0.0.0/8."));
}
