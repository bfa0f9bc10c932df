namespace Events.Client.Accounts;

public static class LocalReturnUrl
{
    /// <summary>Only paths on this site, so that a crafted link cannot send people elsewhere after logging in.</summary>
    public static string Safe(string? url) =>
        url is { Length: > 0 } && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : "/";
}
