using System.Text;
using System.Text.Encodings.Web;
using Events.Shared.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Events.Server.Accounts;

/// <summary>
/// Two-factor sign-in on ASP.NET Core Identity: authenticator apps (TOTP, RFC 6238) and single-use recovery codes.
/// Failed codes count towards Identity's lockout like failed passwords, so codes cannot be guessed faster than passwords.
/// </summary>
public sealed class TwoFactorService(
    UserManager<EventsUser> users,
    IUserStore<EventsUser> store,
    SignInManager<EventsUser> signIn,
    StaffTwoFactorRule staffRule,
    ILogger<TwoFactorService> logger) : ITwoFactor
{
    public const int RecoveryCodeCount = 10;
    private const string Issuer = "Events";
    private const string WrongCode = "That code is not right. Codes change every 30 seconds: enter the one your app shows now.";
    private const string WrongConfirmation = "That is neither your password nor a current code from your authenticator app.";
    private const string LockedOut = "Too many wrong codes: this account is locked for a few minutes.";
    private const string Expired = "Your sign-in took too long. Log in again with your e-mail address and password.";
    private const string NoAccount = "There is no such account.";

    public async Task<TwoFactorStatus> StatusAsync(Guid userId)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null) return new TwoFactorStatus(false, 0, false);
        return new TwoFactorStatus(user.TwoFactorEnabled, user.TwoFactorEnabled ? await users.CountRecoveryCodesAsync(user) : 0,
            await staffRule.AppliesToAsync(userId));
    }

    public async Task<AuthenticatorSetup> AuthenticatorSetupAsync(Guid userId)
    {
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new InvalidOperationException("No such account.");
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // The first key signs nobody in until a code from it turns two-factor sign-in on, and that step changes the
            // security stamp. Identity's ResetAuthenticatorKeyAsync would change the stamp now, so that merely opening
            // this page signed the person's other sessions out. The key is stored without a stamp change instead.
            key = users.GenerateNewAuthenticatorKey();
            await ((IUserAuthenticatorKeyStore<EventsUser>)store).SetAuthenticatorKeyAsync(user, key, CancellationToken.None);
            Check(await users.UpdateAsync(user));
        }
        var uri = $"otpauth://totp/{UrlEncoder.Default.Encode(Issuer)}:{UrlEncoder.Default.Encode(user.EmailAddress)}?secret={key}&issuer={UrlEncoder.Default.Encode(Issuer)}&digits=6";
        return new AuthenticatorSetup(FormatKey(key), uri);
    }

    public async Task<RecoveryCodesResult> EnableAsync(Guid userId, string code)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null) return Failed(NoAccount);
        if (user.TwoFactorEnabled) return Failed("Two-factor sign-in is already on.");
        if (!await IsAuthenticatorCodeAsync(user, code)) return Failed(WrongCode);
        Check(await users.SetTwoFactorEnabledAsync(user, true));
        // Passwords are throttled, not locked (LoginThrottle); wrong second-factor codes do lock the account for a while,
        // which only someone who already has the password can cause.
        Check(await users.SetLockoutEnabledAsync(user, true));
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList() ?? [];
        await signIn.RefreshSignInAsync(user);
        logger.LogInformation("Account {UserId} turned two-factor sign-in on", user.Id);
        return new RecoveryCodesResult(AccountResult.Success, codes);
    }

    public async Task<RecoveryCodesResult> RegenerateRecoveryCodesAsync(Guid userId, string passwordOrCode)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null) return Failed(NoAccount);
        if (!user.TwoFactorEnabled) return Failed("Turn two-factor sign-in on first.");
        if (await ConfirmAsync(user, passwordOrCode) is { } refusal) return Failed(refusal);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList() ?? [];
        logger.LogInformation("Account {UserId} made new recovery codes", user.Id);
        return new RecoveryCodesResult(AccountResult.Success, codes);
    }

    public async Task<AccountResult> DisableAsync(Guid userId, string passwordOrCode)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null) return AccountResult.Failure(NoAccount);
        if (!user.TwoFactorEnabled) return AccountResult.Success;
        if (await ConfirmAsync(user, passwordOrCode) is { } refusal) return AccountResult.Failure(refusal);
        Check(await users.SetTwoFactorEnabledAsync(user, false));
        // The app's entry and the printed codes must not work if two-factor sign-in is turned on again later.
        Check(await users.ResetAuthenticatorKeyAsync(user));
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        await signIn.RefreshSignInAsync(user);
        logger.LogInformation("Account {UserId} turned two-factor sign-in off", user.Id);
        return AccountResult.Success;
    }

    public async Task<bool> HasPendingSignInAsync() => await signIn.GetTwoFactorAuthenticationUserAsync() is not null;

    public async Task<AccountResult> SignInWithCodeAsync(string code, bool rememberMe)
    {
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(NormaliseCode(code), rememberMe, rememberClient: false);
        if (result.Succeeded) return AccountResult.Success;
        if (result.IsLockedOut) return AccountResult.Failure(LockedOut);
        return AccountResult.Failure(await HasPendingSignInAsync() ? WrongCode : Expired);
    }

    public async Task<AccountResult> SignInWithRecoveryCodeAsync(string recoveryCode)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return AccountResult.Failure(Expired);
        // Identity does not count wrong recovery codes; here they count towards the same lockout as wrong app codes.
        if (await users.IsLockedOutAsync(user)) return AccountResult.Failure(LockedOut);
        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(recoveryCode ?? "");
        if (result.Succeeded)
        {
            logger.LogInformation("Account {UserId} signed in with a recovery code", user.Id);
            return AccountResult.Success;
        }
        await users.AccessFailedAsync(user);
        return AccountResult.Failure(await users.IsLockedOutAsync(user) ? LockedOut : "That recovery code is not right, or it has been used already.");
    }

    public async Task<string> LandingAfterSignInAsync(string email, string returnUrl)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        return user is not null && await staffRule.MustEnrolAsync(user.Id)
            ? $"{StaffTwoFactorRule.EnrolmentPath}?returnUrl={Uri.EscapeDataString(returnUrl)}"
            : returnUrl;
    }

    /// <summary>Null when the text is the account's password or a current code from its app; otherwise why not.</summary>
    private async Task<string?> ConfirmAsync(EventsUser user, string passwordOrCode)
    {
        if (await users.IsLockedOutAsync(user)) return LockedOut;
        if (!string.IsNullOrEmpty(passwordOrCode) && passwordOrCode.Length <= AccountLimits.PasswordMaxLength
            && (await IsAuthenticatorCodeAsync(user, passwordOrCode) || await users.CheckPasswordAsync(user, passwordOrCode)))
            return null;
        // Counted like a failed sign-in, so that a borrowed session cannot be used to guess the password.
        await users.AccessFailedAsync(user);
        return WrongConfirmation;
    }

    private async Task<bool> IsAuthenticatorCodeAsync(EventsUser user, string code)
    {
        var normalised = NormaliseCode(code);
        return normalised.Length == 6 && normalised.All(char.IsAsciiDigit)
               && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, normalised);
    }

    /// <summary>Apps show codes as "123 456"; people type them with spaces or a dash.</summary>
    private static string NormaliseCode(string? code) => (code ?? "").Replace(" ", "").Replace("-", "").Trim();

    private static string FormatKey(string key)
    {
        var grouped = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0) grouped.Append(' ');
            grouped.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }
        return grouped.ToString().ToLowerInvariant();
    }

    /// <summary>Identity reports a failed save (such as a concurrent change) as a result; here it must not pass silently.</summary>
    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException("Could not save the account: " + string.Join(" ", result.Errors.Select(e => e.Code)));
    }

    private static RecoveryCodesResult Failed(string error) => new(AccountResult.Failure(error), []);
}
