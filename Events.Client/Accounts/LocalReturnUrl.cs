namespace Events.Client.Accounts;

public static class LocalReturnUrl
{
    /// <summary>Only paths on this site, so that a crafted link cannot send people elsewhere after logging in.</summary>
    public static string Safe(string? url) =>
        url is { Length: > 0 and <= MaxLength } && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : "/";

    /// <summary>Longer addresses are not ours to come back to (and would swell every link that carries them).</summary>
    public const int MaxLength = 500;
}

/// <summary>
/// Links to the account pages that keep the page to come back to: logging in or creating an account from an event
/// page ends on that event page, through the confirmation mail too.
/// </summary>
public static class AccountLinks
{
    public static string Login(string? returnUrl) => With("/account/login", returnUrl);

    public static string Register(string? returnUrl) => With("/account/register", returnUrl);

    private static string With(string path, string? returnUrl) =>
        LocalReturnUrl.Safe(returnUrl) is var back && back != "/" ? $"{path}?returnUrl={Uri.EscapeDataString(back)}" : path;
}

/// <summary>Outcome codes the account actions put in the address they send people to.</summary>
public static class AccountOutcomes
{
    public const string Erased = "erased";
    public const string EraseRefused = "erase-refused";
}
