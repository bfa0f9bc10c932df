using Events.Server.Database;
using Dapper;
using Events.Server.Accounts;
using Events.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Events.Tests.Accounts;

/// <summary>The app's user store's two-factor parts under Identity's UserManager, on a real PostgreSQL database.</summary>
public sealed class TwoFactorStoreTests : IAsyncLifetime
{
    private TestData _data = null!;

    public async Task InitializeAsync() => _data = await TestData.CreateAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(UserManager<EventsUser> Users, EventsUser User, AsyncServiceScope Scope)> NewUserAsync()
    {
        var scope = _data.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<EventsUser>>();
        var email = $"tf-{Guid.NewGuid():N}@example.org";
        var user = new EventsUser { UserName = email, Email = email, DisplayName = "Nadia Rahman", EmailConfirmed = true };
        var created = await users.CreateAsync(user, "a long enough passphrase");
        Assert.True(created.Succeeded, string.Join(", ", created.Errors.Select(e => e.Description)));
        return (users, user, scope);
    }

    [Fact]
    public async Task Codes_from_a_standard_authenticator_app_are_accepted_and_the_key_is_stored_only_encrypted()
    {
        var (users, user, scope) = await NewUserAsync();
        await using var _ = scope;
        await users.ResetAuthenticatorKeyAsync(user);
        var key = await users.GetAuthenticatorKeyAsync(user);
        Assert.False(string.IsNullOrEmpty(key));

        Assert.True(await users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, Totp.Code(key!)));
        Assert.False(await users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, Totp.WrongCode(key!)));
        Assert.False(await users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, Totp.Code(key!, DateTimeOffset.UtcNow.AddMinutes(-10))));

        Assert.False(await users.GetTwoFactorEnabledAsync(user));
        Assert.True((await users.SetTwoFactorEnabledAsync(user, true)).Succeeded);
        var reloaded = (await users.FindByIdAsync(user.Id.ToString()))!;
        Assert.True(await users.GetTwoFactorEnabledAsync(reloaded));
        Assert.Equal(key, await users.GetAuthenticatorKeyAsync(reloaded));

        // A dump of the database does not hold the key.
        var stored = await _data.ScalarAsync<string>("SELECT authenticator_key_protected FROM users WHERE id = @Id", new { user.Id });
        Assert.DoesNotContain(key!, stored, StringComparison.OrdinalIgnoreCase);
        var dump = await _data.ScalarAsync<string>("SELECT row_to_json(u)::text FROM users u WHERE id = @Id", new { user.Id });
        Assert.DoesNotContain(key!, dump, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Recovery_codes_are_kept_hashed_work_once_each_and_new_ones_replace_the_old()
    {
        var (users, user, scope) = await NewUserAsync();
        await using var _ = scope;
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        Assert.Equal(10, codes.Distinct().Count());
        Assert.Equal(10, await users.CountRecoveryCodesAsync(user));

        await using (var db = await _data.Connections.OpenAsync())
        {
            var rows = (await db.QueryAsync<string>("SELECT row_to_json(c)::text FROM user_recovery_codes c WHERE user_id = @Id", new { user.Id })).ToList();
            Assert.Equal(10, rows.Count);
            foreach (var code in codes)
            foreach (var row in rows)
            {
                Assert.DoesNotContain(code, row, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(code.Replace("-", ""), row, StringComparison.OrdinalIgnoreCase);
            }
        }

        // Typed by hand: lower case, spaces instead of the dash.
        Assert.True((await users.RedeemTwoFactorRecoveryCodeAsync(user, " " + codes[0].ToLowerInvariant().Replace("-", " ") + " ")).Succeeded);
        Assert.False((await users.RedeemTwoFactorRecoveryCodeAsync(user, codes[0])).Succeeded);
        Assert.False((await users.RedeemTwoFactorRecoveryCodeAsync(user, "AAAAA-AAAAA")).Succeeded);
        Assert.Equal(9, await users.CountRecoveryCodesAsync(user));

        var fresh = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        Assert.False((await users.RedeemTwoFactorRecoveryCodeAsync(user, codes[1])).Succeeded);
        Assert.True((await users.RedeemTwoFactorRecoveryCodeAsync(user, fresh[1])).Succeeded);
        Assert.Equal(9, await users.CountRecoveryCodesAsync(user));
    }

    [Fact]
    public async Task Two_sign_ins_racing_with_one_recovery_code_get_in_once()
    {
        var (users, user, scope) = await NewUserAsync();
        await using var _ = scope;
        var code = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.First();
        // Eight requests at once, each with the app's store in its own scope (its own context).
        var requests = Enumerable.Range(0, 8).Select(_ => _data.Services.CreateAsyncScope()).ToList();
        var stores = requests.Select(r => (EventsUserStore)r.ServiceProvider.GetRequiredService<IUserStore<EventsUser>>()).ToList();
        var results = await Task.WhenAll(stores.Select(s => s.RedeemCodeAsync(user, code, CancellationToken.None)));
        foreach (var request in requests) await request.DisposeAsync();
        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task A_key_that_can_no_longer_be_decrypted_fails_closed_rather_than_dropping_the_second_factor()
    {
        var (users, user, scope) = await NewUserAsync();
        await using var _ = scope;
        await users.ResetAuthenticatorKeyAsync(user);
        var key = (await users.GetAuthenticatorKeyAsync(user))!;

        // The data-protection keys were lost: another key ring reads the same row.
        await using var strangerContext = await _data.Db.CreateDbContextAsync();
        var strangerStore = new EventsUserStore(strangerContext, new EphemeralDataProtectionProvider(), NullLogger<EventsUserStore>.Instance);
        var row = (await strangerStore.FindByIdAsync(user.Id.ToString(), CancellationToken.None))!;
        var seen = await strangerStore.GetAuthenticatorKeyAsync(row, CancellationToken.None);
        Assert.False(string.IsNullOrEmpty(seen)); // still counts as enrolled, so sign-in still asks for a second factor
        Assert.NotEqual(key, seen);
    }
}
