using System.ComponentModel.DataAnnotations;

namespace Events.Shared.Accounts;

/// <summary>Limits shared by the forms and the server-side checks, so both say the same thing.</summary>
public static class AccountLimits
{
    public const int DisplayNameMaxLength = 120;
    public const int EmailMaxLength = 254;
    public const int PasswordMinLength = 12;
    public const int PasswordMaxLength = 128;
}

public sealed class RegisterForm
{
    [Required(ErrorMessage = "Enter your name.")]
    [StringLength(AccountLimits.DisplayNameMaxLength, ErrorMessage = "Your name can be at most {1} characters.")]
    [Display(Name = "Name")]
    public string DisplayName { get; set; } = "";

    [Required(ErrorMessage = "Enter your e-mail address.")]
    [StringLength(AccountLimits.EmailMaxLength, ErrorMessage = "The e-mail address can be at most {1} characters.")]
    [EmailAddressStrict]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(AccountLimits.PasswordMaxLength, MinimumLength = AccountLimits.PasswordMinLength,
        ErrorMessage = "The password must be between {2} and {1} characters long.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [Compare(nameof(Password), ErrorMessage = "The two passwords do not match.")]
    [DataType(DataType.Password)]
    public string ConfirmPassword { get; set; } = "";

    /// <summary>The page the person came from (an event page); the confirmation mail leads back to it. Only a path on this site is kept.</summary>
    [StringLength(500)]
    public string? ReturnUrl { get; set; }
}

public sealed class LoginForm
{
    [Required(ErrorMessage = "Enter your e-mail address.")]
    [StringLength(AccountLimits.EmailMaxLength)]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Enter your password.")]
    [StringLength(AccountLimits.PasswordMaxLength)]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    public bool RememberMe { get; set; }
}

public sealed class ForgotPasswordForm
{
    [Required(ErrorMessage = "Enter your e-mail address.")]
    [StringLength(AccountLimits.EmailMaxLength)]
    [EmailAddressStrict]
    public string Email { get; set; } = "";
}

public sealed class ResetPasswordForm
{
    [Required] public string UserId { get; set; } = "";
    [Required] public string Code { get; set; } = "";

    [Required(ErrorMessage = "Choose a new password.")]
    [StringLength(AccountLimits.PasswordMaxLength, MinimumLength = AccountLimits.PasswordMinLength,
        ErrorMessage = "The password must be between {2} and {1} characters long.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [Compare(nameof(Password), ErrorMessage = "The two passwords do not match.")]
    [DataType(DataType.Password)]
    public string ConfirmPassword { get; set; } = "";
}

/// <summary>
/// The framework's [EmailAddress] accepts anything with one '@'. This one also wants a dot-separated
/// domain and no spaces or angle brackets, which is what a mail server will actually deliver to.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EmailAddressStrictAttribute : ValidationAttribute
{
    public EmailAddressStrictAttribute() : base("Enter a valid e-mail address, like name@example.org.") { }

    public override bool IsValid(object? value) => value is not string s || s.Length == 0 || EmailAddressRules.IsValid(s);
}

public static class EmailAddressRules
{
    private static readonly System.Text.RegularExpressions.Regex Pattern = new(
        @"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public static bool IsValid(string address) =>
        address.Length <= AccountLimits.EmailMaxLength && Pattern.IsMatch(address) && !address.Contains("..");
}
