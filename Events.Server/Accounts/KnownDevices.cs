using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Events.Server.Accounts;

/// <summary>
/// A browser that has logged in to an address (or reset its password) keeps a sealed cookie saying so, and
/// <see cref="LoginThrottle"/> counts its failures apart from everyone else's: an attacker's guesses never slow the
/// owner's own devices. The cookie holds the address only encrypted, and is sent only to the account pages.
/// </summary>
public sealed class KnownDevices(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string CookieName = "events.device";
    private const string CookiePath = "/account";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);
    private readonly IDataProtector _protector = protection.CreateProtector("Events.Accounts.KnownDevice.v1");

    /// <summary>This browser's device id for the address, when it has logged in to it before.</summary>
    public string? DeviceIdFor(HttpContext? http, string normalizedEmail)
    {
        if (http?.Request.Cookies[CookieName] is not { Length: > 0 and < 2000 } sealedValue) return null;
        try
        {
            var parts = _protector.Unprotect(sealedValue).Split('\n');
            return parts.Length == 2 && parts[0] == normalizedEmail ? parts[1] : null;
        }
        catch (CryptographicException) { return null; }
    }

    public void Remember(HttpContext? http, string normalizedEmail)
    {
        if (http is null || http.Response.HasStarted) return;
        var id = DeviceIdFor(http, normalizedEmail) ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        http.Response.Cookies.Append(CookieName, _protector.Protect(normalizedEmail + "\n" + id), new CookieOptions
        {
            HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Lax, Path = CookiePath, IsEssential = true,
            Expires = clock.GetUtcNow() + Lifetime,
        });
    }

    public void Forget(HttpContext? http)
    {
        if (http is { Response.HasStarted: false }) http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = CookiePath });
    }
}
