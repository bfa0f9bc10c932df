using Microsoft.AspNetCore.Identity;

namespace Events.Server.Accounts;

/// <summary>An account. The e-mail address doubles as the user name.</summary>
public sealed class EventsUser : IdentityUser<Guid>
{
    public EventsUser()
    {
        Id = Guid.NewGuid();
        SecurityStamp = Guid.NewGuid().ToString("N");
    }

    public string DisplayName { get; set; } = "";

    /// <summary>The authenticator key as stored: encrypted (see <see cref="EventsUserStore"/>), never the key itself.</summary>
    public string? AuthenticatorKeyProtected { get; set; }
}

public sealed class EventsRole : IdentityRole<Guid>
{
    public EventsRole() => Id = Guid.NewGuid();
}

public static class Roles
{
    public const string Admin = "Admin";
    public const string Organiser = "Organiser";
    public const string Moderator = "Moderator";
}
