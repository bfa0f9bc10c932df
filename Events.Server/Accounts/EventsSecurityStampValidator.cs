using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Events.Server.Accounts;

/// <summary>
/// Identity's check of the sign-in cookie against the account (security stamp, roles), made at once for an account in
/// <see cref="SessionRevocations"/> instead of waiting for the interval. An erased account or a changed stamp signs
/// the session out; otherwise the cookie is reissued with the account's current roles.
/// </summary>
public sealed class EventsSecurityStampValidator(
    IOptions<SecurityStampValidatorOptions> options,
    SignInManager<EventsUser> signInManager,
    ILoggerFactory logger,
    SessionRevocations revocations)
    : SecurityStampValidator<EventsUser>(options, signInManager, logger)
{
    public override Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (Guid.TryParse(context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            && revocations.ChangedSince(userId, context.Properties.IssuedUtc))
            // The base class validates when it does not know when the cookie was issued.
            context.Properties.IssuedUtc = null;
        return base.ValidateAsync(context);
    }
}
