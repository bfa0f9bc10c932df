namespace Events.Server.Accounts;

/// <summary>A row of <c>user_recovery_codes</c>: one unused two-factor recovery code, as a salted slow hash only.</summary>
public class UserRecoveryCode
{
    public long Id { get; set; }

    public Guid UserId { get; set; }

    public byte[] Salt { get; set; } = null!;

    public byte[] Hash { get; set; } = null!;
}
