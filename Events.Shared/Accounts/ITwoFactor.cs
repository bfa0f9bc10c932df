using System.ComponentModel.DataAnnotations;

namespace Events.Shared.Accounts;

/// <param name="Enabled">Sign-in asks for a code from the authenticator app.</param>
/// <param name="RecoveryCodesLeft">Unused recovery codes.</param>
/// <param name="RequiredForRole">The site requires two-factor sign-in of this account's role before it uses staff pages.</param>
public sealed record TwoFactorStatus(bool Enabled, int RecoveryCodesLeft, bool RequiredForRole);

/// <param name="SharedKey">The key for typing into the app, in groups of four.</param>
/// <param name="AuthenticatorUri">The otpauth:// address the QR code carries.</param>
public sealed record AuthenticatorSetup(string SharedKey, string AuthenticatorUri);

/// <summary>An outcome that, when it worked, comes with new recovery codes to show once.</summary>
public sealed record RecoveryCodesResult(AccountResult Result, IReadOnlyList<string> RecoveryCodes);

/// <summary>Two-factor sign-in with an authenticator app (TOTP) and recovery codes, behind the account pages.</summary>
public interface ITwoFactor
{
    Task<TwoFactorStatus> StatusAsync(Guid userId);
    /// <summary>The key to enrol with; made (and kept) on first use, and replaced whenever two-factor sign-in is turned off.</summary>
    Task<AuthenticatorSetup> AuthenticatorSetupAsync(Guid userId);
    /// <summary>Turns two-factor sign-in on once the app shows a right code, and returns the first recovery codes.</summary>
    Task<RecoveryCodesResult> EnableAsync(Guid userId, string code);
    /// <summary>New recovery codes (the old ones stop working); needs the password or a code from the app.</summary>
    Task<RecoveryCodesResult> RegenerateRecoveryCodesAsync(Guid userId, string passwordOrCode);
    /// <summary>Turns two-factor sign-in off and forgets the key and the recovery codes; needs the password or a code from the app.</summary>
    Task<AccountResult> DisableAsync(Guid userId, string passwordOrCode);

    /// <summary>Whether this browser gave a right password for a two-factor account in the last few minutes.</summary>
    Task<bool> HasPendingSignInAsync();
    /// <summary>The second step of signing in: a code from the authenticator app.</summary>
    Task<AccountResult> SignInWithCodeAsync(string code, bool rememberMe);
    /// <summary>The second step of signing in with a recovery code instead; each code works once.</summary>
    Task<AccountResult> SignInWithRecoveryCodeAsync(string recoveryCode);
    /// <summary>Where to go after signing in: the enrolment page when the account's role requires two-factor sign-in and it has none yet.</summary>
    Task<string> LandingAfterSignInAsync(string email, string returnUrl);
}

public sealed class TwoFactorCodeForm
{
    [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
    [StringLength(32, ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
    public string Code { get; set; } = "";
}

public sealed class RecoveryCodeForm
{
    [Required(ErrorMessage = "Enter one of your recovery codes.")]
    [StringLength(64, ErrorMessage = "Enter one of your recovery codes.")]
    public string Code { get; set; } = "";
}

public sealed class TwoFactorConfirmForm
{
    [Required(ErrorMessage = "Enter your password or a code from your authenticator app.")]
    [StringLength(AccountLimits.PasswordMaxLength, ErrorMessage = "Enter your password or a code from your authenticator app.")]
    public string PasswordOrCode { get; set; } = "";
}
