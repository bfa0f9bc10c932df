namespace Events.Shared.Site;

/// <summary>Which addresses organiser-written text may link to, for pages and calendar entries alike.</summary>
public static class SafeLinks
{
    /// <summary>True for an absolute http or https address (the only links public pages render).</summary>
    public static bool IsSafeUrl(string? url) =>
        !string.IsNullOrWhiteSpace(url)
        && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);
}
