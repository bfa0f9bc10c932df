using System.ComponentModel.DataAnnotations;

namespace Events.Server.Accounts;

/// <summary>Events:Accounts: how sessions are checked and how guessing and account mails are limited (README, settings).</summary>
public sealed class AccountOptions
{
    public const string Section = "Events:Accounts";

    /// <summary>How often a signed-in session is checked against its account.</summary>
    [Range(1, 3600)] public int SessionCheckSeconds { get; set; } = 30;

    /// <summary>Confirmation, reset and "someone tried to register" mails per address and hour, of each kind.</summary>
    [Range(1, 100)] public int MailsPerAddressPerHour { get; set; } = 3;

    [Microsoft.Extensions.Options.ValidateObjectMembers] public LoginLimits Login { get; set; } = new();

    public sealed class LoginLimits
    {
        [Range(1, 1000)] public int FreeFailures { get; set; } = 5;
        [Range(1, 10000)] public int AddressFreeFailures { get; set; } = 20;
        [Range(1, 3600)] public int FirstDelaySeconds { get; set; } = 2;
        [Range(1, 86400)] public int MaxDelaySeconds { get; set; } = 300;
        [Range(1, 1440)] public int WindowMinutes { get; set; } = 15;
    }
}

/// <summary>Events:Admin: the first Admin, created at start-up (--create-admin EMAIL).</summary>
public sealed class AdminOptions
{
    public const string Section = "Events:Admin";

    [EmailAddress] public string? Email { get; set; }
    public string? Password { get; set; }
    [StringLength(200)] public string? Name { get; set; }
}
