using System.Net;
using System.Text.Json;
using Dapper;
using Events.Shared.Accounts;
using Events.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Events.Tests.Accounts;

/// <summary>
/// Role removals, password resets and erasures end the account's sessions: at once when made in the app, within
/// the check interval (30 s by default, 2 s here) when made in the database behind its back.
/// </summary>
public sealed class SessionTests : IAsyncLifetime
{
    private const string Password = "a long enough passphrase";
    private EventsAppFactory _app = null!;
    private TestData _data = null!;

    public async Task InitializeAsync()
    {
        _app = await EventsAppFactory.CreateAsync(new Dictionary<string, string?> { ["Events:Accounts:SessionCheckSeconds"] = "2" });
        _app.CreateClient(); // starts the app, which migrates its database
        _data = await TestData.ForAsync(_app.ConnectionString);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<(Guid Id, string Email)> AddAdminAsync(string name)
    {
        var admin = await _data.AddWithPasswordAsync(name, Password);
        await _data.ScalarAsync<int>("INSERT INTO user_roles (user_id, role_id) SELECT @Id, id FROM roles WHERE name = 'Admin' RETURNING 1", new { admin.Id });
        return admin;
    }

    private async Task<HttpClient> LoggedInAsync(string email, string password = Password)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await client.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }

    private static async Task<bool> SeesMailboxAsync(HttpClient client)
    {
        var response = await client.GetAsync("/admin/mailbox");
        return response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains("<h1>Development mailbox</h1>");
    }

    [Fact]
    public async Task Sessions_are_checked_at_least_every_minute_by_default()
    {
        await using var app = await EventsAppFactory.CreateAsync();
        app.CreateClient();
        Assert.InRange(app.Services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task An_admin_demoted_in_the_database_loses_the_mailbox_within_the_interval()
    {
        var admin = await AddAdminAsync("Demoted Admin");
        var client = await LoggedInAsync(admin.Email);
        Assert.True(await SeesMailboxAsync(client));

        await _data.ScalarAsync<int>("DELETE FROM user_roles WHERE user_id = @Id RETURNING 1", new { admin.Id });
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.False(await SeesMailboxAsync(client));
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/admin/mailbox/x/attachments/0")).StatusCode);
    }

    [Fact]
    public async Task An_admin_demoted_on_the_accounts_page_is_signed_out_at_once()
    {
        var actor = await AddAdminAsync("Acting Admin");
        var demoted = await AddAdminAsync("Demoted Admin");
        var client = await LoggedInAsync(demoted.Email);
        Assert.True(await SeesMailboxAsync(client));

        await using (var scope = _app.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<IUserAdmin>().SetRoleAsync(actor.Id, demoted.Id, "Admin", member: false));

        // No waiting: the next request is checked.
        var response = await client.GetAsync("/admin/mailbox");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{response.StatusCode} {response.Headers.Location} {await response.Content.ReadAsStringAsync()}");
        Assert.StartsWith("/account/login", LocalPath(response));
        // Logging in again works, without the role.
        Assert.False(await SeesMailboxAsync(await LoggedInAsync(demoted.Email)));
    }

    [Fact]
    public async Task A_role_given_on_the_accounts_page_applies_to_the_open_session_without_logging_in_again()
    {
        var actor = await AddAdminAsync("Acting Admin");
        var promoted = await _data.AddWithPasswordAsync("New Admin", Password);
        var client = await LoggedInAsync(promoted.Email);
        Assert.False(await SeesMailboxAsync(client));

        await using (var scope = _app.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<IUserAdmin>().SetRoleAsync(actor.Id, promoted.Id, "Admin", member: true));
        Assert.True(await SeesMailboxAsync(client));
    }

    [Fact]
    public async Task Erasing_an_account_signs_out_its_other_sessions_without_errors_and_empties_its_mailbox()
    {
        var leaving = await _data.AddWithPasswordAsync("Leila Leaving", Password);
        var staying = await _data.AddWithPasswordAsync("Sam Staying", Password);
        var phone = await LoggedInAsync(leaving.Email);
        var laptop = await LoggedInAsync(leaving.Email);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/my/registrations")).StatusCode);
        var anonymous = _app.CreateClient();
        foreach (var email in new[] { leaving.Email, staying.Email })
            await anonymous.PostFormAsync("/account/forgot-password", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });
        await _app.DeliverMailAsync();
        Assert.Equal(2, Directory.EnumerateFiles(_app.MailboxDirectory, "*.json").Count());

        var erased = await phone.EraseAccountAsync(Password);
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);

        foreach (var path in new[] { "/my/registrations", "/my/profile", "/my/proposals" })
        {
            var response = await laptop.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/login", LocalPath(response));
        }
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/")).StatusCode);
        var left = Directory.EnumerateFiles(_app.MailboxDirectory, "*.json").Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("to").GetString()).ToList();
        Assert.Equal([staying.Email], left);
    }

    [Fact]
    public async Task A_password_reset_signs_out_the_accounts_other_sessions_at_once()
    {
        var amina = await _data.AddWithPasswordAsync("Amina Reset", Password);
        var stolen = await LoggedInAsync(amina.Email);
        await _app.CreateClient().PostFormAsync("/account/forgot-password", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = amina.Email });
        await _app.DeliverMailAsync();
        var mail = JsonDocument.Parse(await File.ReadAllTextAsync(Directory.EnumerateFiles(_app.MailboxDirectory, "*.json").Single())).RootElement;
        var link = new Uri(System.Text.RegularExpressions.Regex.Match(mail.GetProperty("textBody").GetString()!, @"http\S+").Value);

        var owner = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var reset = await owner.PostFormAsync(link.PathAndQuery, "reset-password", new Dictionary<string, string>
        {
            ["Input.Password"] = "a brand new passphrase", ["Input.ConfirmPassword"] = "a brand new passphrase",
        });
        var html = await reset.Content.ReadAsStringAsync();
        Assert.True(html.Contains("data-testid=\"password-reset\""), html);

        var response = await stolen.GetAsync("/my/registrations");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", LocalPath(response));
    }

    private static string LocalPath(HttpResponseMessage response) => new Uri(new Uri("http://localhost"), response.Headers.Location!).PathAndQuery;

    [Fact]
    public async Task An_interactive_page_loses_its_sign_in_when_a_role_is_taken_away_the_stamp_changes_or_the_account_is_erased()
    {
        var admin = await AddAdminAsync("Circuit Admin");
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Events.Server.Accounts.EventsUser>>();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<Events.Server.Accounts.EventsUser>>();
        var provider = (Events.Server.Accounts.RevalidatingIdentityAuthenticationStateProvider)
            scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>();
        Assert.Equal(TimeSpan.FromSeconds(2), scope.ServiceProvider.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval);

        var circuit = await signIn.CreateUserPrincipalAsync((await users.FindByIdAsync(admin.Id.ToString()))!);
        Assert.True(await provider.IsStillValidAsync(circuit));
        await _data.ScalarAsync<int>("DELETE FROM user_roles WHERE user_id = @Id RETURNING 1", new { admin.Id });
        Assert.False(await provider.IsStillValidAsync(circuit));

        circuit = await signIn.CreateUserPrincipalAsync((await users.FindByIdAsync(admin.Id.ToString()))!);
        Assert.True(await provider.IsStillValidAsync(circuit));
        await users.UpdateSecurityStampAsync((await users.FindByIdAsync(admin.Id.ToString()))!);
        Assert.False(await provider.IsStillValidAsync(circuit));

        circuit = await signIn.CreateUserPrincipalAsync((await users.FindByIdAsync(admin.Id.ToString()))!);
        await _data.ScalarAsync<int>("DELETE FROM users WHERE id = @Id RETURNING 1", new { admin.Id });
        Assert.False(await provider.IsStillValidAsync(circuit));
    }
}
