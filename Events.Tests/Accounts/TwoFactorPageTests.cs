using AngleSharp.Dom;
using Bunit;
using Events.Client.Accounts;
using Events.Shared.Accounts;
using Events.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.Accounts;

/// <summary>The two-factor set-up page in bUnit, on the app's own two-factor service and a real database.</summary>
public sealed class TwoFactorPageTests : MudComponentContext
{
    private static IElement CodeField(IRenderedComponent<TwoFactorPage> page) =>
        page.Find($"#{page.FindAll("label").Single(l => l.TextContent.Trim() == "Code from the app").GetAttribute("for")}");

    private static Task<bool> EnabledAsync(TestData data, Guid user) =>
        data.ScalarAsync<bool>("SELECT two_factor_enabled FROM users WHERE id = @user", new { user });

    private static Task<string> StampAsync(TestData data, Guid user) =>
        data.ScalarAsync<string>("SELECT security_stamp FROM users WHERE id = @user", new { user });

    [Fact]
    public async Task Opening_the_set_up_signs_no_other_session_out_and_turning_two_factor_on_does()
    {
        var data = await TestData.CreateAsync();
        var user = await data.AddUserAsync("Amina Yusuf");
        var stamp = await StampAsync(data, user);
        ITwoFactor Visit()
        {
            var scope = data.Services.CreateScope().ServiceProvider;
            scope.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { RequestServices = scope };
            return scope.GetRequiredService<ITwoFactor>();
        }

        // A first visit makes the key, a second shows the same one; neither touches the stamp that other sessions are checked against.
        var key = (await Visit().AuthenticatorSetupAsync(user)).SharedKey;
        Assert.Equal(key, (await Visit().AuthenticatorSetupAsync(user)).SharedKey);
        Assert.Equal(stamp, await StampAsync(data, user));

        Assert.True((await Visit().EnableAsync(user, Totp.Code(key.Replace(" ", "").ToUpperInvariant()))).Result.Succeeded);
        Assert.NotEqual(stamp, await StampAsync(data, user));
    }

    [Fact]
    public async Task A_wrong_code_is_refused_and_the_app_s_code_turns_two_factor_sign_in_on_with_recovery_codes()
    {
        var data = await TestData.CreateAsync();
        var user = await data.AddUserAsync("Amina Yusuf");
        var scope = data.Services.CreateScope().ServiceProvider;
        // The page is rendered on the server within a request: the service refreshes the sign-in cookie on it.
        scope.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { RequestServices = scope };
        Use<ITwoFactor>(scope);
        SignIn(user);

        var page = Context.Render<TwoFactorPage>();
        page.WaitForAssertion(() => Assert.Equal("off", page.Find("[data-testid=two-factor-status]").TextContent.Trim()));
        var key = page.Find("[data-testid=shared-key]").TextContent.Replace(" ", "").Trim().ToUpperInvariant();
        Assert.StartsWith("data:image/", page.Find("[data-testid=authenticator-qr]").GetAttribute("src"));

        await page.InvokeAsync(() => CodeField(page).Change(Totp.WrongCode(key)));
        await page.InvokeAsync(() => page.Find("form").Submit());
        page.WaitForAssertion(() => Assert.Contains("That code is not right.", page.Markup));
        Assert.Empty(page.FindAll("[data-testid=recovery-codes]"));
        Assert.False(await EnabledAsync(data, user));

        await page.InvokeAsync(() => CodeField(page).Change(Totp.Code(key)));
        await page.InvokeAsync(() => page.Find("form").Submit());
        page.WaitForAssertion(() => Assert.Equal(10, page.FindAll("[data-testid=recovery-codes] li").Count));
        Assert.Contains("Two-factor sign-in is on.", page.Markup);
        Assert.True(await EnabledAsync(data, user));
    }
}
