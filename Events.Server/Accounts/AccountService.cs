using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text;
using Events.Server.Database;
using Events.Server.Email;
using Events.Server.Registrations;
using Events.Shared.Accounts;
using Events.Shared.Email;
using Events.Shared.Site;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Events.Server.Accounts;

/// <summary>Account actions behind the account pages, on ASP.NET Core Identity.</summary>
public sealed class AccountService(
    UserManager<EventsUser> users,
    SignInManager<EventsUser> signIn,
    IMailSender mail,
    DatabaseConnections database,
    RegistrationService registrations,
    RegistrationMails registrationMails,
    SiteAddress site,
    ILogger<AccountService> logger) : IAccountService
{
    public async Task<AccountResult> DeleteAccountAsync(Guid userId, string password)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null) return AccountResult.Failure("There is no such account.");
        if (string.IsNullOrEmpty(password) || password.Length > AccountLimits.PasswordMaxLength || !await users.CheckPasswordAsync(user, password))
            return AccountResult.Failure("The password is not right, so nothing was deleted.");
        IReadOnlyList<Guid> promoted;
        await using (var db = await database.OpenAsync())
        {
            await using var tx = await db.BeginTransactionAsync();
            promoted = await registrations.ForgetParticipantAsync(db, tx, user.Id, user.Email);
            await Dapper.SqlMapper.ExecuteAsync(db, "DELETE FROM users WHERE id = @Id", new { user.Id }, tx);
            await tx.CommitAsync();
        }
        await signIn.SignOutAsync();
        foreach (var id in promoted) await registrationMails.SendAsync(id, RegistrationMailKind.Promoted);
        logger.LogInformation("An account was erased at its owner's request");
        return AccountResult.Success;
    }

    public async Task<AccountResult> RegisterAsync(RegisterForm form)
    {
        // The page validates too, but a form post can skip the page: check again here.
        if (Validate(form) is { Succeeded: false } invalid) return invalid;
        var email = form.Email.Trim();
        var user = new EventsUser { UserName = email, Email = email, DisplayName = form.DisplayName.Trim() };
        var created = await users.CreateAsync(user, form.Password);
        if (!created.Succeeded) return AccountResult.Failure(created.Errors.Select(Describe));

        try
        {
            await SendConfirmationAsync(user);
        }
        catch (Exception e)
        {
            // No half-made accounts: an account whose confirmation never went out is removed again.
            logger.LogError(e, "Could not send the confirmation mail for a new account; the account was not kept");
            await users.DeleteAsync(user);
            return AccountResult.Failure("We could not send the confirmation e-mail. Please try again later.");
        }
        logger.LogInformation("Account {UserId} registered", user.Id);
        return AccountResult.Success;
    }

    public async Task<AccountResult> ConfirmEmailAsync(string userId, string code)
    {
        const string invalid = "This confirmation link is not valid or has expired. Log in to ask for a new one, or register again.";
        var user = await users.FindByIdAsync(userId);
        if (user is null || string.IsNullOrEmpty(code)) return AccountResult.Failure(invalid);
        if (user.EmailConfirmed) return AccountResult.Success;
        string token;
        try { token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code)); }
        catch (FormatException) { return AccountResult.Failure(invalid); }
        var result = await users.ConfirmEmailAsync(user, token);
        return result.Succeeded ? AccountResult.Success : AccountResult.Failure(invalid);
    }

    public async Task<AccountResult> SignInAsync(LoginForm form)
    {
        const string wrong = "The e-mail address or password is not right.";
        if (Validate(form) is { Succeeded: false }) return AccountResult.Failure(wrong);
        var user = await users.FindByEmailAsync(form.Email.Trim());
        if (user is null) return AccountResult.Failure(wrong);
        var result = await signIn.PasswordSignInAsync(user, form.Password, form.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded) return AccountResult.Success;
        if (result.RequiresTwoFactor) return AccountResult.TwoFactorRequired;
        if (result.IsLockedOut) return AccountResult.Failure("Too many failed attempts: this account is locked for a few minutes.");
        if (result.IsNotAllowed) return AccountResult.Failure("Please confirm your e-mail address first: follow the link in the mail we sent you.");
        return AccountResult.Failure(wrong);
    }

    public Task SignOutAsync() => signIn.SignOutAsync();

    public async Task RequestPasswordResetAsync(ForgotPasswordForm form)
    {
        if (Validate(form) is { Succeeded: false }) return;
        var user = await users.FindByEmailAsync(form.Email.Trim());
        if (user is null) return;
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
        var link = site.Link($"/account/reset-password?userId={user.Id}&code={code}");
        await mail.SendAsync(new OutgoingMail(user.Email, "Reset your Events password",
            $"Hello {user.DisplayName},\n\nTo choose a new password, open this link:\n{link}\n\nIf you did not ask for this, ignore this mail.\n",
            $"<p>Hello {WebUtility.HtmlEncode(user.DisplayName)},</p><p><a href=\"{WebUtility.HtmlEncode(link)}\">Choose a new password</a></p><p>If you did not ask for this, ignore this mail.</p>"));
    }

    public async Task<AccountResult> ResetPasswordAsync(ResetPasswordForm form)
    {
        const string invalid = "This reset link is not valid or has expired. Ask for a new one.";
        if (Validate(form) is { Succeeded: false } bad) return bad;
        var user = await users.FindByIdAsync(form.UserId);
        if (user is null) return AccountResult.Failure(invalid);
        string token;
        try { token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(form.Code)); }
        catch (FormatException) { return AccountResult.Failure(invalid); }
        var result = await users.ResetPasswordAsync(user, token, form.Password);
        if (result.Succeeded)
        {
            // Whoever could read the reset mail also controls the address: treat it as confirmed.
            if (!user.EmailConfirmed) { user.EmailConfirmed = true; await users.UpdateAsync(user); }
            return AccountResult.Success;
        }
        return AccountResult.Failure(result.Errors.Select(e => e.Code == "InvalidToken" ? invalid : Describe(e)).Distinct());
    }

    internal async Task SendConfirmationAsync(EventsUser user)
    {
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        var link = site.Link($"/account/confirm-email?userId={user.Id}&code={code}");
        await mail.SendAsync(new OutgoingMail(user.Email, "Confirm your Events account",
            $"Hello {user.DisplayName},\n\nPlease confirm your e-mail address by opening this link:\n{link}\n",
            $"<p>Hello {WebUtility.HtmlEncode(user.DisplayName)},</p><p>Please <a href=\"{WebUtility.HtmlEncode(link)}\">confirm your e-mail address</a>.</p>"));
    }

    private static string Describe(IdentityError error) => error.Code switch
    {
        "DuplicateEmail" or "DuplicateUserName" => "There is already an account with this e-mail address. Log in, or reset your password if you forgot it.",
        "InvalidEmail" or "InvalidUserName" => "Enter a valid e-mail address, like name@example.org.",
        _ => error.Description,
    };

    private static AccountResult Validate(object form)
    {
        var results = new List<ValidationResult>();
        return Validator.TryValidateObject(form, new ValidationContext(form), results, validateAllProperties: true)
            ? AccountResult.Success
            : AccountResult.Failure(results.Select(r => r.ErrorMessage ?? "Invalid input."));
    }
}
