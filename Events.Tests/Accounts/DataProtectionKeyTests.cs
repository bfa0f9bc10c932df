using System.Net;
using Events.Server.Accounts;
using Events.Server.Database;
using Events.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.Accounts;

/// <summary>Data Protection keys in the database: shared by instances, kept over restarts, encrypted at rest, carried over from files.</summary>
public sealed class DataProtectionKeyTests
{
    private const string Password = "a long enough passphrase";

    [Fact]
    public async Task A_second_instance_on_the_same_database_accepts_the_first_ones_sign_in_and_the_keys_are_stored_encrypted()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var dataDirectory = Path.Combine(TestPostgres.RunDirectory, "shared-" + Guid.NewGuid().ToString("N")[..8]);
        var settings = new Dictionary<string, string?> { ["Events:DataDirectory"] = dataDirectory };
        await using var first = new EventsAppFactory(connectionString, settings);
        first.CreateClient();
        var data = await TestData.ForAsync(connectionString);
        var (_, email) = await data.AddWithPasswordAsync("Amina Yusuf", Password);
        using var client = first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await client.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("events.auth=")).Split(';')[0];

        // Another instance (or the same one after a restart): same database, same key-encryption certificate.
        await using var second = new EventsAppFactory(connectionString, settings);
        using var other = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/my/profile");
        request.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await other.SendAsync(request)).StatusCode);

        await using var db = await data.Db.CreateDbContextAsync();
        var keys = await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("encryptedSecret", xml);
            Assert.DoesNotContain("<value>", xml); // the master key itself never in the clear
        });
        Assert.False(Directory.Exists(Path.Combine(dataDirectory, "keys")) && Directory.GetFiles(Path.Combine(dataDirectory, "keys"), "key-*.xml").Length > 0);
    }

    [Fact]
    public async Task Keys_an_earlier_version_kept_as_files_are_carried_over_so_authenticator_keys_still_decrypt()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var dataDirectory = Path.Combine(TestPostgres.RunDirectory, "legacy-" + Guid.NewGuid().ToString("N")[..8]);
        var keysDirectory = Path.Combine(dataDirectory, "keys");
        // As the earlier version did: a key ring of files, and an authenticator key protected with it.
        var legacy = DataProtectionProvider.Create(new DirectoryInfo(keysDirectory), builder => builder.SetApplicationName("Events"));
        const string authenticatorKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        var protectedKey = legacy.CreateProtector("Events.AuthenticatorKey.v1").Protect(authenticatorKey);

        await using var app = new EventsAppFactory(connectionString, new Dictionary<string, string?> { ["Events:DataDirectory"] = dataDirectory });
        app.CreateClient();
        var data = await TestData.ForAsync(connectionString);
        var (userId, _) = await data.AddWithPasswordAsync("Nadia Rahman", Password);
        await data.ScalarAsync<int>("UPDATE users SET authenticator_key_protected = @protectedKey, two_factor_enabled = true WHERE id = @userId RETURNING 1",
            new { protectedKey, userId });

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<EventsUser>>();
        var user = (await users.FindByIdAsync(userId.ToString()))!;
        Assert.Equal(authenticatorKey, await users.GetAuthenticatorKeyAsync(user));
        await using var db = await data.Db.CreateDbContextAsync();
        Assert.All(await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync(), xml => Assert.Contains("encryptedSecret", xml));
    }
}
