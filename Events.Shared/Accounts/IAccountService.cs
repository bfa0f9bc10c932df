namespace Events.Shared.Accounts;

/// <summary>The outcome of an account action: either it worked, or the messages to show the user.</summary>
public sealed record AccountResult(bool Succeeded, IReadOnlyList<string> Errors)
{
    public static AccountResult Success { get; } = new(true, []);
    /// <summary>The password was right and the account has two-factor sign-in: the code comes next (<see cref="ITwoFactor"/>).</summary>
    public static AccountResult TwoFactorRequired { get; } = new(false, []) { RequiresTwoFactor = true };
    public bool RequiresTwoFactor { get; init; }
    public static AccountResult Failure(params string[] errors) => new(false, errors);
    public static AccountResult Failure(IEnumerable<string> errors) => new(false, errors.ToList());
}

/// <summary>Account actions the account pages call. The server implements them with ASP.NET Core Identity.</summary>
public interface IAccountService
{
    /// <summary>Creates the account and mails a confirmation link built on the site's public address.</summary>
    Task<AccountResult> RegisterAsync(RegisterForm form);
    Task<AccountResult> ConfirmEmailAsync(string userId, string code);
    Task<AccountResult> SignInAsync(LoginForm form);
    Task SignOutAsync();
    /// <summary>Always reports success so that the page cannot be used to learn who has an account.</summary>
    Task RequestPasswordResetAsync(ForgotPasswordForm form);
    Task<AccountResult> ResetPasswordAsync(ResetPasswordForm form);
    /// <summary>Erases the account and everything personal tied to it; needs the password as a last check.</summary>
    Task<AccountResult> DeleteAccountAsync(Guid userId, string password);
}
