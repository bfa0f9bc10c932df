using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Events.Server.Accounts;

/// <summary>
/// Interactive pages keep the user they started with for the life of the circuit; this checks the account again as
/// often as the cookie is checked, and ends the circuit's sign-in when the account is gone, its security stamp changed
/// or a role was taken away (the page then shows what an anonymous visitor sees).
/// </summary>
public sealed class RevalidatingIdentityAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopes,
    IOptions<IdentityOptions> identity,
    IOptions<SecurityStampValidatorOptions> stampOptions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => stampOptions.Value.ValidationInterval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken) =>
        IsStillValidAsync(state.User);

    internal async Task<bool> IsStillValidAsync(ClaimsPrincipal principal)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<EventsUser>>();
        var user = await users.GetUserAsync(principal);
        if (user is null) return false;
        if (principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType) != await users.GetSecurityStampAsync(user)) return false;
        var roles = await users.GetRolesAsync(user);
        // A role given since is picked up on the next page load; a role taken away ends the session now.
        return principal.FindAll(identity.Value.ClaimsIdentity.RoleClaimType).All(claim => roles.Contains(claim.Value));
    }
}
