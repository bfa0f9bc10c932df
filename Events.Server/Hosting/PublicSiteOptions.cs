namespace Events.Server.Hosting;

/// <summary>Events:PublicBaseUrl, the site's public address: required outside Development, checked at start-up.</summary>
public sealed class PublicSiteOptions
{
    public string? PublicBaseUrl { get; set; }

    /// <summary>Why the configured address cannot be used, or null when it can.</summary>
    public static string? Problem(string? url) =>
        string.IsNullOrWhiteSpace(url)
            ? "Events:PublicBaseUrl is not set: give the site's public address, e.g. --Events:PublicBaseUrl=https://events.example.org (every link in mails and calendars is built on it)."
            : !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
              || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0
                ? $"Events:PublicBaseUrl '{url}' is not an absolute http(s) address without query, fragment or user name."
                : null;
}
