namespace Events.Server.Accounts;

/// <summary>The site setting <c>Events:Security:RequireTwoFactorForStaff</c> (default off); see <see cref="StaffTwoFactorRule"/>.</summary>
public sealed class StaffTwoFactorOptions
{
    public const string Section = "Events:Security";

    public bool RequireTwoFactorForStaff { get; set; }
}
