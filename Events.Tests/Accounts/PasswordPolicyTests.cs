using Events.Server.Accounts;

namespace Events.Tests.Accounts;

/// <summary>NIST SP 800-63B's rules: a real common-password list with its obvious derivations, patterns and context words.</summary>
public sealed class PasswordPolicyTests
{
    private static readonly string[] Amina = ["Amina Yusuf", "amina.yusuf@defenders.example.org"];

    [Fact]
    public void The_shipped_list_has_tens_of_thousands_of_entries() => Assert.InRange(PasswordPolicy.ListCount, 50_000, 500_000);

    [Theory]
    [InlineData("qwertyuiop12")]          // keyboard walk + digits
    [InlineData("weakpass1234")]          // two common words + digits
    [InlineData("password1234")]
    [InlineData("P@ssw0rd2024!")]         // leetspeak + year + symbol
    [InlineData("iloveyouforever")]       // two entries joined
    [InlineData("sunshine sunshine")]     // a word repeated
    [InlineData("1qaz2wsx3edc")]          // keyboard columns
    [InlineData("drowssap1234")]          // reversed
    [InlineData("Dragon!!!!!!")]
    [InlineData("monkey123456")]
    [InlineData("correct horse")]         // two words, spaces do not hide them
    public void Common_passwords_and_their_derivations_are_refused(string password) =>
        Assert.Equal(PasswordWeakness.Common, PasswordPolicy.Assess(password, Amina));

    [Theory]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("abcdefghijklmnop")]
    [InlineData("987654321098")]
    [InlineData("abcabcabcabc")]
    [InlineData("121212121212")]
    [InlineData("            ")]
    public void Repeated_and_sequential_characters_are_refused(string password) =>
        Assert.Equal(PasswordWeakness.Pattern, PasswordPolicy.Assess(password, Amina));

    [Theory]
    [InlineData("aminayusuf2024")]
    [InlineData("Amina Yusuf!!!")]
    [InlineData("defenders2024!")]
    [InlineData("amina.yusuf.1990")]
    [InlineData("myevents2025!")]
    [InlineData("eventspassword")]
    public void The_persons_name_address_and_the_site_name_are_refused(string password) =>
        Assert.Equal(PasswordWeakness.Context, PasswordPolicy.Assess(password, Amina));

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("a long enough passphrase")]
    [InlineData("women defenders speak freely")]
    [InlineData("Tr4vel-light-through-Geneva")]
    [InlineData("xk3j9fhq2mza")]
    [InlineData("мы встретимся в Женеве")]   // Unicode and spaces are fine
    [InlineData("🙂 tea by the lake at noon")]
    [InlineData("582039174620")]             // a long unpatterned number
    public void Passphrases_and_random_passwords_are_accepted(string password) =>
        Assert.Equal(PasswordWeakness.None, PasswordPolicy.Assess(password, Amina));
}
