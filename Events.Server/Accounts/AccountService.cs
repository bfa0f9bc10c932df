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
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Accounts;

/// <summary>Account actions behind the account pages, on ASP.NET Core Identity.</summary>
public sealed class AccountService(
    UserManager<EventsUser> users,
    EventsSignInManager signIn,
    MailOutbox outbox,
    IDbContextFactory<EventsDbContext> dbFactory,
    ParticipantProfiles participants,
    RegistrationMails registrationMails,
    SiteAddress site,
    SessionRevocations sessions,
    LoginThrottle throttle,
    KnownDevices devices,
    AccountMailLimiter mailLimiter,
    IHttpContextAccessor httpContext,
    IServiceProvider services,
    ILogger<AccountService> logger) : IAccountService
{
    /// <summary>The one answer for an unknown address and a wrong password alike.</summary>
    public const string WrongCredentials = "The e-mail address or password is not right.";

    /// <summary>
    /// A hash to check passwords against when the address has no account, so that such an answer takes as long as a
    /// real check: the time of a reply must not tell who has an account.
    /// </summary>
    private static string? _dummyHash;

    public async Task<AccountResult> DeleteAccountAsync(Guid userId, string password)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null) return AccountResult.Failure("There is no such account.");
        if (string.IsNullOrEmpty(password) || password.Length > AccountLimits.PasswordMaxLength || !await users.CheckPasswordAsync(user, password))
            return AccountResult.Failure("The password is not right, so nothing was deleted.");
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var promoted = await participants.ForgetParticipantAsync(db, user.Id, user.EmailAddress);
            await db.Users.Where(u => u.Id == user.Id).ExecuteDeleteAsync();
            await registrationMails.EnqueueAsync(db, promoted, RegistrationMailKind.Promoted);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }
        // Every other session of the account ends on its next request, and mails kept for the address go too.
        sessions.Revoke(user.Id);
        await signIn.SignOutAsync();
        devices.Forget(httpContext.HttpContext);
        if (services.GetService<IMailboxReader>() is DevelopmentMailbox mailbox) await mailbox.DeleteMailsToAsync(user.EmailAddress);
        logger.LogInformation("An account was erased at its owner's request");
        return AccountResult.Success;
    }

    /// <summary>
    /// The same answer whether the address already has an account or not: a new address gets its confirmation link,
    /// an existing one a notice that someone tried to register with it (with the ways to log in or reset).
    /// </summary>
    public async Task<AccountResult> RegisterAsync(RegisterForm form)
    {
        // The page validates too, but a form post can skip the page: check again here.
        if (Validate(form) is { Succeeded: false } invalid) return invalid;
        var email = form.Email.Trim();
        var user = new EventsUser { UserName = email, Email = email, DisplayName = form.DisplayName.Trim() };
        // The password rules first, so that what they say cannot depend on whether the address has an account.
        var weak = new List<string>();
        foreach (var validator in users.PasswordValidators)
            if (await validator.ValidateAsync(users, user, form.Password) is { Succeeded: false } refused) weak.AddRange(refused.Errors.Select(Describe));
        if (weak.Count > 0) return AccountResult.Failure(weak.Distinct());

        var existing = await users.FindByEmailAsync(email);
        if (existing is null)
        {
            var created = await users.CreateAsync(user, form.Password);
            if (created.Succeeded)
            {
                try
                {
                    if (mailLimiter.TryTake(AccountMailLimiter.Kind.Confirmation, users.NormalizeEmail(email)!)) await SendConfirmationAsync(user, form.ReturnUrl);
                }
                catch (Exception e)
                {
                    // No half-made accounts: an account whose confirmation never went out is removed again.
                    logger.LogError(e, "Could not send the confirmation mail for a new account; the account was not kept");
                    await users.DeleteAsync(user);
                    return AccountResult.Failure(CouldNotSend);
                }
                logger.LogInformation("Account {UserId} registered", user.Id);
                return AccountResult.Success;
            }
            if (!created.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName")) return AccountResult.Failure(created.Errors.Select(Describe).Distinct());
            // Registered a moment ago by a simultaneous request: answer as for any existing account.
            existing = await users.FindByEmailAsync(email);
            if (existing is null) return AccountResult.Failure(CouldNotSend);
        }
        else
        {
            // As long as creating an account takes (hashing is most of it).
            users.PasswordHasher.HashPassword(user, form.Password);
        }
        try
        {
            if (mailLimiter.TryTake(AccountMailLimiter.Kind.ExistingAccountNotice, existing.NormalizedEmailAddress)) await SendExistingAccountNoticeAsync(existing);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not send the existing-account notice");
            return AccountResult.Failure(CouldNotSend);
        }
        return AccountResult.Success;
    }

    private const string CouldNotSend = "We could not send the confirmation e-mail. Please try again later.";

    public async Task<AccountResult> ConfirmEmailAsync(string userId, string code)
    {
        const string invalid = "This confirmation link is not valid or has expired. Choose a new password through \"Forgot your password?\" on the log-in page: that confirms your address too.";
        var user = await users.FindByIdAsync(userId);
        if (user is null || string.IsNullOrEmpty(code)) return AccountResult.Failure(invalid);
        if (user.EmailConfirmed) return AccountResult.Success;
        string token;
        try { token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code)); }
        catch (FormatException) { return AccountResult.Failure(invalid); }
        var result = await users.ConfirmEmailAsync(user, token);
        return result.Succeeded ? AccountResult.Success : AccountResult.Failure(invalid);
    }

    /// <summary>
    /// One answer for an unknown address and a wrong password, in the same time; "confirm your address first" only
    /// after the right password; guessing slowed per address and client by <see cref="LoginThrottle"/>, never locked.
    /// </summary>
    public async Task<AccountResult> SignInAsync(LoginForm form)
    {
        if (Validate(form) is { Succeeded: false }) return AccountResult.Failure(WrongCredentials);
        var email = form.Email.Trim();
        var normalized = users.NormalizeEmail(email)!;
        var http = httpContext.HttpContext;
        var client = throttle.Identify(normalized, devices.DeviceIdFor(http, normalized), http?.Connection.RemoteIpAddress);
        if (throttle.WaitBefore(client) is { } wait)
            return AccountResult.Failure($"Too many failed attempts: wait {Describe(wait)} and try again. If you forgot your password, reset it.");

        var user = await users.FindByEmailAsync(email);
        bool right;
        if (user?.PasswordHash is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new EventsUser(), DummyHash(), form.Password);
            right = false;
        }
        else right = await users.CheckPasswordAsync(user, form.Password);
        if (!right)
        {
            throttle.RecordFailure(client);
            return AccountResult.Failure(WrongCredentials);
        }
        throttle.RecordSuccess(client);
        devices.Remember(http, normalized);
        if (!user!.EmailConfirmed)
            return AccountResult.Failure("Please confirm your e-mail address first: follow the link in the mail we sent you. " +
                                         "If you cannot find it, choose a new password through \"Forgot your password?\": that confirms the address too.");
        // The password is checked above (with the throttle); Identity takes over for the second factor when the account has one.
        var result = await signIn.SignInAfterCheckedPasswordAsync(user, form.RememberMe);
        return result.RequiresTwoFactor ? AccountResult.TwoFactorRequired : AccountResult.Success;
    }

    private string DummyHash() => _dummyHash ??= users.PasswordHasher.HashPassword(new EventsUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));

    private static string Describe(TimeSpan wait) =>
        wait.TotalSeconds <= 90 ? $"{Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} seconds" : $"{(int)Math.Ceiling(wait.TotalMinutes)} minutes";

    public Task SignOutAsync() => signIn.SignOutAsync();

    public async Task RequestPasswordResetAsync(ForgotPasswordForm form)
    {
        if (Validate(form) is { Succeeded: false }) return;
        var user = await users.FindByEmailAsync(form.Email.Trim());
        // Silently at most a few a hour: the answer on the page is the same either way.
        if (user is null || !mailLimiter.TryTake(AccountMailLimiter.Kind.PasswordReset, user.NormalizedEmailAddress)) return;
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
        var link = site.Link($"/account/reset-password?userId={user.Id}&code={code}");
        await outbox.EnqueueAsync(new OutgoingMail(user.EmailAddress, "Reset your Events password",
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
            // The reset gave a new security stamp: other sessions (perhaps someone else's) end now. This browser
            // proved it reads the mail, so an attack on the address no longer slows it.
            sessions.Revoke(user.Id);
            devices.Remember(httpContext.HttpContext, user.NormalizedEmailAddress);
            return AccountResult.Success;
        }
        return AccountResult.Failure(result.Errors.Select(e => e.Code == "InvalidToken" ? invalid : Describe(e)).Distinct());
    }

    /// <param name="returnUrl">The page the person registered from (an event page): the confirmation leads back to it.</param>
    internal async Task SendConfirmationAsync(EventsUser user, string? returnUrl = null)
    {
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        var back = Events.Client.Accounts.LocalReturnUrl.Safe(returnUrl);
        var link = site.Link($"/account/confirm-email?userId={user.Id}&code={code}" + (back == "/" ? "" : $"&returnUrl={Uri.EscapeDataString(back)}"));
        await outbox.EnqueueAsync(new OutgoingMail(user.EmailAddress, "Confirm your Events account",
            $"Hello {user.DisplayName},\n\nPlease confirm your e-mail address by opening this link:\n{link}\n",
            $"<p>Hello {WebUtility.HtmlEncode(user.DisplayName)},</p><p>Please <a href=\"{WebUtility.HtmlEncode(link)}\">confirm your e-mail address</a>.</p>"));
    }

    private async Task SendExistingAccountNoticeAsync(EventsUser user)
    {
        var login = site.Link("/account/login");
        var reset = site.Link("/account/forgot-password");
        await outbox.EnqueueAsync(new OutgoingMail(user.EmailAddress, "Someone tried to register with your address",
            $"Hello {user.DisplayName},\n\nSomeone tried to create an Events account with this e-mail address, which already has one. " +
            $"If it was you, log in:\n{login}\n\nor, if you forgot your password, choose a new one:\n{reset}\n\nIf it was not you, ignore this mail: nothing changed.\n",
            $"<p>Hello {WebUtility.HtmlEncode(user.DisplayName)},</p><p>Someone tried to create an Events account with this e-mail address, which already has one.</p>" +
            $"<p>If it was you, <a href=\"{WebUtility.HtmlEncode(login)}\">log in</a>, or <a href=\"{WebUtility.HtmlEncode(reset)}\">choose a new password</a> if you forgot it.</p>" +
            "<p>If it was not you, ignore this mail: nothing changed.</p>"));
    }

    private static string Describe(IdentityError error) => error.Code switch
    {
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
