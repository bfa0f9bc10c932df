using Microsoft.AspNetCore.Identity;

namespace Events.Server.Accounts;

/// <summary>Identity's hook for <see cref="PasswordPolicy"/>, with the person's name and address as context words.</summary>
public sealed class CommonPasswordValidator : IPasswordValidator<EventsUser>
{
    public const string ErrorCode = "WeakPassword";

    public Task<IdentityResult> ValidateAsync(UserManager<EventsUser> manager, EventsUser user, string? password)
    {
        if (password is null) return Task.FromResult(IdentityResult.Success);
        var reason = PasswordPolicy.Assess(password, [user.DisplayName, user.Email]) switch
        {
            PasswordWeakness.None => null,
            PasswordWeakness.Context => "it is built on your name, your e-mail address or the site's name.",
            PasswordWeakness.Pattern => "it is made of repeated or sequential characters.",
            _ => "it is a common password, or a common word or two with digits, symbols or swapped letters.",
        };
        return Task.FromResult(reason is null
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError
            {
                Code = ErrorCode,
                Description = $"This password is too easy to guess: {reason} A phrase of three or more unrelated words is both strong and easy to remember.",
            }));
    }
}
