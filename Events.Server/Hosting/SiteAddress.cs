namespace Events.Server.Hosting;

/// <summary>
/// The site's public address for links in mails. Events:PublicBaseUrl when configured (set it behind a proxy);
/// otherwise the address of the first request the app served.
/// </summary>
public sealed class SiteAddress(IConfiguration configuration)
{
    private string? _seen;

    public string BaseUrl => (configuration["Events:PublicBaseUrl"] is { Length: > 0 } configured ? configured : _seen ?? "").TrimEnd('/');

    public void Observe(HttpRequest request)
    {
        if (_seen is null && request.Host.HasValue) _seen = $"{request.Scheme}://{request.Host}{request.PathBase}";
    }
}
