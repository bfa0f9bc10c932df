using Events.Server.Email;
using Events.Shared.Accounts;
using Events.Shared.Email;
using Microsoft.AspNetCore.Identity;

namespace Events.Server.Accounts;

/// <summary>
/// Creates the first Admin from Events:Admin:Email (or --create-admin EMAIL). There is never a default password:
/// the password comes from Events:Admin:Password, or the admin gets a mail with a link to choose one.
/// </summary>
public sealed class AdminBootstrapper(UserManager<EventsUser> users, MailOutbox outbox, Events.Shared.Site.SiteAddress site, Microsoft.Extensions.Options.IOptions<AdminOptions> options, ILogger<AdminBootstrapper> logger)
{
    public async Task EnsureAdminAsync()
    {
        var email = options.Value.Email?.Trim();
        if (string.IsNullOrEmpty(email)) return;
        if (!EmailAddressRules.IsValid(email))
            throw new InvalidOperationException($"Events:Admin:Email '{email}' is not a valid e-mail address.");
        var password = options.Value.Password;

        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new EventsUser
            {
                UserName = email, Email = email, EmailConfirmed = true,
                DisplayName = options.Value.Name?.Trim() is { Length: > 0 } name ? name : "Administrator",
            };
            var created = string.IsNullOrEmpty(password) ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
            if (!created.Succeeded)
                throw new InvalidOperationException("Could not create the first admin: " + string.Join(" ", created.Errors.Select(e => e.Description)));
            if (string.IsNullOrEmpty(password))
            {
                var token = await users.GeneratePasswordResetTokenAsync(user);
                var code = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(token));
                var link = site.Link($"/account/reset-password?userId={user.Id}&code={code}");
                await outbox.EnqueueAsync(new OutgoingMail(email, "Choose your Events admin password",
                    $"An admin account was created for you. Choose its password here:\n{link}\n"));
                logger.LogWarning("Created the admin account; it has no password until the link mailed to it is used");
            }
            else logger.LogInformation("Created the admin account from configuration");
        }
        if (!await users.IsInRoleAsync(user, Roles.Admin)) await users.AddToRoleAsync(user, Roles.Admin);
    }
}
