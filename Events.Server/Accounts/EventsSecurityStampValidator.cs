using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Events.Server.Accounts;

/// <summary>
/// Identity's check of the sign-in cookie against the account (security stamp, roles), made at once for an account in
/// <see cref="SessionRevocations"/> instead of waiting for the interval. An erased account or a changed stamp signs
/// the session out; otherwise the cookie is reissued with the account's current roles.
/// <para>
/// Identity's own validator is built, with its sign-in manager, user manager and database context, only when a check is
/// due, and in a scope of its own that ends with the check. Built into the request's scope, as Identity does, they lived
/// as long as the request: for the WebSocket of an interactive page, as long as the page stayed open, a database
/// context (taken from the pool) and its services held for every open page.
/// </para>
/// </summary>
public sealed class EventsSecurityStampValidator(
    IOptions<SecurityStampValidatorOptions> options,
    ILoggerFactory loggers,
    SessionRevocations revocations) : ISecurityStampValidator
{
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (Guid.TryParse(context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            && revocations.ChangedSince(userId, context.Properties.IssuedUtc))
            // Identity validates when it does not know when the cookie was issued.
            context.Properties.IssuedUtc = null;
        // Identity's rule for when a check is due: no issue time, or one older than the interval.
        var now = (options.Value.TimeProvider ?? TimeProvider.System).GetUtcNow();
        if (context.Properties.IssuedUtc is { } issued && now - issued <= options.Value.ValidationInterval) return;
        await using var scope = context.HttpContext.RequestServices.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<EventsUser>>();
        await new SecurityStampValidator<EventsUser>(options, signIn, loggers).ValidateAsync(context);
    }
}
