using System.Security.Claims;

namespace Events.Shared.Accounts;

public static class CurrentUser
{
    /// <summary>The signed-in user's id, from the authentication cookie's claims.</summary>
    public static Guid? Id(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var id) ? id : null;
}
