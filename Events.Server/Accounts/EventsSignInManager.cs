using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Events.Server.Accounts;

/// <summary>
/// Identity's sign-in, with one step made public: signing in after the app has checked the password itself (with its
/// throttle and uniform timing, <see cref="AccountService.SignInAsync"/>), so that Identity still asks for the second
/// factor of accounts that have one.
/// </summary>
public sealed class EventsSignInManager(
    UserManager<EventsUser> users, IHttpContextAccessor context, IUserClaimsPrincipalFactory<EventsUser> claims,
    IOptions<IdentityOptions> options, ILogger<SignInManager<EventsUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<EventsUser> confirmation)
    : SignInManager<EventsUser>(users, context, claims, options, logger, schemes, confirmation)
{
    public Task<SignInResult> SignInAfterCheckedPasswordAsync(EventsUser user, bool isPersistent) => SignInOrTwoFactorAsync(user, isPersistent);
}
