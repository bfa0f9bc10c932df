namespace Events.Server.Accounts;

/// <summary>An account. The e-mail address doubles as the user name.</summary>
public sealed class EventsUser
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public string UserName { get; set; } = "";
    public string NormalizedUserName { get; set; } = "";
    public string Email { get; set; } = "";
    public string NormalizedEmail { get; set; } = "";
    public bool EmailConfirmed { get; set; }
    public string DisplayName { get; set; } = "";
    public string? PasswordHash { get; set; }
    public string? SecurityStamp { get; set; }
    public string? ConcurrencyStamp { get; set; } = Guid.NewGuid().ToString();
    public DateTime? LockoutEndUtc { get; set; }
    public bool LockoutEnabled { get; set; } = true;
    public int AccessFailedCount { get; set; }
    public bool TwoFactorEnabled { get; set; }
    /// <summary>The authenticator key as stored: encrypted (see <see cref="DapperUserStore"/>), never the key itself.</summary>
    public string? AuthenticatorKeyProtected { get; set; }
}

public sealed class EventsRole
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public string Name { get; set; } = "";
    public string NormalizedName { get; set; } = "";
    public string? ConcurrencyStamp { get; set; } = Guid.NewGuid().ToString();
}

public static class Roles
{
    public const string Admin = "Admin";
    public const string Organiser = "Organiser";
    public const string Moderator = "Moderator";
}
