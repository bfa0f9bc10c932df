using System.Net;
using Events.Tests.Infrastructure;

namespace Events.Tests.Accounts;

/// <summary>The second step of logging in, over HTTP against the app and a real database: a right code, wrong codes, guessing, turning it off.</summary>
public sealed class TwoFactorSignInTests : IAsyncLifetime
{
    private EventsAppFactory _app = null!;
    private TestData _data = null!;

    public async Task InitializeAsync()
    {
        _app = await EventsAppFactory.CreateAsync();
        _app.CreateClient(); // starts the app, which migrates its database
        _data = await TestData.ForAsync(_app.ConnectionString);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<(string Email, string Key, IReadOnlyList<string> RecoveryCodes)> EnrolledAccountAsync(string name)
    {
        var account = await _data.AccountAsync(name);
        var client = _app.NewClient();
        Assert.Equal("/", await client.LogInAsync(account.Email));
        var (key, codes) = await client.EnrolAsync();
        return (account.Email, key, codes);
    }

    private static Task<HttpResponseMessage> SendCodeAsync(HttpClient client, string code) =>
        client.PostFormAsync("/account/login-2fa?returnUrl=%2Fmy%2Fprofile&rememberMe=False", "login-2fa", new Dictionary<string, string> { ["Input.Code"] = code });

    [Fact]
    public async Task After_the_password_a_two_factor_account_needs_a_right_code_and_a_wrong_one_says_so()
    {
        var (email, key, _) = await EnrolledAccountAsync("Nadia Rahman");
        var client = _app.NewClient();
        var next = await client.LogInAsync(email);
        Assert.StartsWith("/account/login-2fa?", next);

        // The password alone signs nobody in.
        var profile = await client.GetAsync("/my/profile");
        Assert.Equal(HttpStatusCode.Redirect, profile.StatusCode);
        Assert.StartsWith("/account/login", profile.LocalLocation());

        Assert.Contains("That code is not right", await (await SendCodeAsync(client, Totp.WrongCode(key))).ErrorsAsync());
        Assert.Contains("6-digit code", await (await SendCodeAsync(client, "")).ErrorsAsync());

        var right = await SendCodeAsync(client, Totp.Code(key).Insert(3, " "));
        Assert.Equal("/my/profile", right.LocalLocation());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/my/profile")).StatusCode);
    }

    [Fact]
    public async Task Guessing_codes_locks_the_account_and_a_browser_that_never_gave_the_password_gets_nowhere()
    {
        var (email, key, codes) = await EnrolledAccountAsync("Li Wei");

        var stranger = _app.NewClient();
        var page = await stranger.GetDocumentAsync("/account/login-2fa");
        Assert.NotNull(page.QuerySelector("[data-testid=two-factor-expired]"));
        var blind = await stranger.PostAsync("/account/login-2fa", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key) }));
        Assert.NotEqual(HttpStatusCode.Redirect, blind.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await stranger.GetAsync("/my/profile")).StatusCode);

        var attacker = _app.NewClient();
        Assert.StartsWith("/account/login-2fa?", await attacker.LogInAsync(email));
        string errors = "";
        for (var i = 0; i < 10; i++) errors = await (await SendCodeAsync(attacker, Totp.WrongCode(key))).ErrorsAsync();
        Assert.Contains("locked", errors);
        // Now even the right code, or a recovery code, is refused for a while.
        Assert.Contains("locked", await (await SendCodeAsync(attacker, Totp.Code(key))).ErrorsAsync());
        var recovery = await attacker.PostFormAsync("/account/login-recovery", "login-recovery", new Dictionary<string, string> { ["Input.Code"] = codes[0] });
        Assert.Contains("locked", await recovery.ErrorsAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await attacker.GetAsync("/my/profile")).StatusCode);
    }

    [Fact]
    public async Task Turning_two_factor_off_needs_the_password_or_a_code_and_then_the_password_alone_signs_in()
    {
        var account = await _data.AccountAsync("Amina Yusuf");
        var client = _app.NewClient();
        await client.LogInAsync(account.Email);
        var (key, codes) = await client.EnrolAsync();
        var status = await client.GetDocumentAsync("/account/two-factor");
        Assert.Equal("on", status.QuerySelector("[data-testid=two-factor-status]")!.TextContent);
        Assert.Equal("10", status.QuerySelector("[data-testid=recovery-codes-left]")!.TextContent);

        var refused = await client.PostFormAsync("/account/two-factor", "disable-two-factor", new Dictionary<string, string> { ["Disable.PasswordOrCode"] = "not my password at all" });
        Assert.Contains("neither your password nor a current code", await refused.ErrorsAsync());

        var renewed = await client.PostFormAsync("/account/two-factor", "new-recovery-codes", new Dictionary<string, string> { ["Regenerate.PasswordOrCode"] = Totp.Code(key) });
        var fresh = (await renewed.ReadDocumentAsync()).QuerySelectorAll("[data-testid=recovery-codes] li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(10, fresh.Count);
        Assert.Empty(fresh.Intersect(codes));

        var off = await client.PostFormAsync("/account/two-factor", "disable-two-factor", new Dictionary<string, string> { ["Disable.PasswordOrCode"] = TwoFactorTestKit.Password });
        var offPage = await off.ReadDocumentAsync();
        Assert.Equal("off", offPage.QuerySelector("[data-testid=two-factor-status]")!.TextContent);
        // This browser stayed signed in through the change of security stamp.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/my/profile")).StatusCode);
        // A new key is offered, not the old one the app still holds.
        Assert.NotEqual(key, offPage.QuerySelector("[data-testid=shared-key]")!.TextContent);

        Assert.Equal("/", await _app.NewClient().LogInAsync(account.Email));
        Assert.Equal(0, await _data.ScalarAsync<int>("SELECT count(*) FROM user_recovery_codes WHERE user_id = @Id", new { account.Id }));
    }
}
