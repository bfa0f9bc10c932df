namespace Events.Shared.Site;

/// <summary>
/// The site's public address, the one source of every absolute link the app writes (mails, calendar files, QR codes,
/// feed addresses). It comes from configuration (Events:PublicBaseUrl), never from a request: a request's Host header is
/// the sender's to choose, and a reset link built on it would hand a valid token to whoever sent it.
/// </summary>
public sealed class SiteAddress
{
    public SiteAddress(Uri baseUri)
    {
        if (!baseUri.IsAbsoluteUri || (baseUri.Scheme != System.Uri.UriSchemeHttp && baseUri.Scheme != System.Uri.UriSchemeHttps))
            throw new ArgumentException("The public address must be an absolute http or https address.", nameof(baseUri));
        BaseUrl = baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        BaseUri = new Uri(BaseUrl + "/");
    }

    /// <summary>Ends with a slash, e.g. https://events.example.org/.</summary>
    public Uri BaseUri { get; }

    /// <summary>Without the trailing slash, e.g. https://events.example.org.</summary>
    public string BaseUrl { get; }

    public bool IsHttps => BaseUri.Scheme == System.Uri.UriSchemeHttps;

    /// <summary>The absolute address of a path on this site ("/e/123" or "e/123").</summary>
    public string Link(string path) => $"{BaseUrl}/{path.TrimStart('/')}";

    public Uri LinkUri(string path) => new(Link(path));

    public override string ToString() => BaseUrl;
}
