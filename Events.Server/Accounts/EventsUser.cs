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

    /// <summary>Every account has an address: it is also the user name (Identity types it as optional).</summary>
    public string EmailAddress => Email ?? "";
    public string NormalizedEmailAddress => NormalizedEmail ?? "";

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
