using System.Net;
using System.Text.Json;
using Dapper;
using Events.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Events.Tests.Accounts;

/// <summary>The account pages over HTTP against a real database: bad input gets a clear message and stores nothing.</summary>
public sealed class AccountFormTests : IAsyncLifetime
{
    private EventsAppFactory _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = await EventsAppFactory.CreateAsync();
        _client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<HttpResponseMessage> RegisterAsync(string name, string email, string password, string? confirm = null) =>
        _client.PostFormAsync("/account/register", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = name, ["Input.Email"] = email, ["Input.Password"] = password, ["Input.ConfirmPassword"] = confirm ?? password,
        });

    private async Task<int> UserCountAsync()
    {
        await using var db = new NpgsqlConnection(_app.ConnectionString);
        return await db.ExecuteScalarAsync<int>("SELECT count(*) FROM users");
    }

    private async Task<string> ErrorsOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        return string.Join(" | ", page.QuerySelectorAll(".validation-message, .mud-input-helper-text.mud-input-error, [data-testid=form-errors] li").Select(e => e.TextContent.Trim()));
    }

    [Theory]
    [InlineData("not-an-email", "Enter a valid e-mail address")]
    [InlineData("two@@example.org", "Enter a valid e-mail address")]
    [InlineData("spaces in@example.org", "Enter a valid e-mail address")]
    [InlineData("nodomain@localhost", "Enter a valid e-mail address")]
    [InlineData("", "Enter your e-mail address")]
    public async Task An_invalid_email_is_refused_with_a_clear_message(string email, string message)
    {
        var errors = await ErrorsOf(await RegisterAsync("Amina Yusuf", email, "a long enough passphrase"));
        Assert.Contains(message, errors);
        Assert.Equal(0, await UserCountAsync());
    }

    [Theory]
    [InlineData("short", "between 12 and 128")]
    [InlineData("aaaaaaaaaaaaaaaa", "too easy to guess")]
    [InlineData("password1234", "too easy to guess")]
    [InlineData("qwertyuiop12", "common password")]
    [InlineData("weakpass1234", "common password")]
    [InlineData("amina yusuf 1990", "your name, your e-mail address or the site's name")]
    [InlineData("events2025!!!", "your name, your e-mail address or the site's name")]
    [InlineData("abcdefghijklmn", "repeated or sequential")]
    public async Task A_weak_password_is_refused_with_a_clear_message(string password, string message)
    {
        var errors = await ErrorsOf(await RegisterAsync("Amina Yusuf", "amina@example.org", password));
        Assert.Contains(message, errors);
        Assert.Equal(0, await UserCountAsync());
    }

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("Ünïcödé and spaces are fine")]
    [InlineData("a passphrase can be as long as sixty-four characters or even more.")]
    public async Task A_passphrase_is_accepted(string password)
    {
        Assert.Equal(HttpStatusCode.Redirect, (await RegisterAsync("Amina Yusuf", "amina@example.org", password)).StatusCode);
        Assert.Equal(1, await UserCountAsync());
    }

    [Fact]
    public async Task Mismatched_passwords_are_refused()
    {
        var errors = await ErrorsOf(await RegisterAsync("Amina Yusuf", "amina@example.org", "a long enough passphrase", "a different passphrase"));
        Assert.Contains("do not match", errors);
        Assert.Equal(0, await UserCountAsync());
    }

    [Fact]
    public async Task A_ten_thousand_character_name_is_refused_and_nothing_is_stored()
    {
        var errors = await ErrorsOf(await RegisterAsync(new string('x', 10_000), "amina@example.org", "a long enough passphrase"));
        Assert.Contains("at most 120 characters", errors);
        Assert.Equal(0, await UserCountAsync());
        Assert.False(Directory.Exists(_app.MailboxDirectory) && Directory.EnumerateFiles(_app.MailboxDirectory).Any());
    }

    [Fact]
    public async Task Registering_an_existing_address_answers_as_for_a_new_one_and_mails_the_owner_a_notice_instead()
    {
        var first = await RegisterAsync("Amina Yusuf", "amina@example.org", "a long enough passphrase");
        var again = await RegisterAsync("Someone Else", "AMINA@example.org", "another long passphrase");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(first.StatusCode, again.StatusCode);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(1, await UserCountAsync());
        Assert.Equal(["Confirm your Events account", "Someone tried to register with your address"], (await MailsAsync("amina@example.org")).Order());
        // The existing account keeps its name and password.
        await using var db = new NpgsqlConnection(_app.ConnectionString);
        Assert.Equal("Amina Yusuf", await db.ExecuteScalarAsync<string>("SELECT display_name FROM users"));
    }

    [Fact]
    public async Task Many_simultaneous_registrations_for_one_address_make_one_account_and_all_get_the_same_answer()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
        {
            var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            return client.PostFormAsync("/account/register", "register", new Dictionary<string, string>
            {
                ["Input.DisplayName"] = $"Racer {i}", ["Input.Email"] = "race@example.org",
                ["Input.Password"] = "a long enough passphrase", ["Input.ConfirmPassword"] = "a long enough passphrase",
            });
        }));
        Assert.All(attempts, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Equal(1, await UserCountAsync());
        // One confirmation; the notices to the owner are capped (three an hour), not one for each attempt.
        var mails = await MailsAsync("race@example.org");
        Assert.Single(mails, m => m == "Confirm your Events account");
        Assert.InRange(mails.Count(m => m == "Someone tried to register with your address"), 1, 3);
    }

    private async Task<List<string>> MailsAsync(string to)
    {
        await _app.DeliverMailAsync();
        return (await Task.WhenAll(Directory.EnumerateFiles(_app.MailboxDirectory, "*.json").Select(async f => JsonDocument.Parse(await File.ReadAllTextAsync(f)).RootElement)))
            .Where(m => m.GetProperty("to").GetString() == to).Select(m => m.GetProperty("subject").GetString()!).ToList();
    }

    [Fact]
    public async Task Script_in_a_name_is_stored_as_text_and_never_rendered_as_markup()
    {
        var response = await RegisterAsync("<script>alert(1)</script>", "xss@example.org", "a long enough passphrase");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await _app.DeliverMailAsync();
        var mail = Directory.EnumerateFiles(_app.MailboxDirectory, "*.json").Single();
        var html = JsonDocument.Parse(await File.ReadAllTextAsync(mail)).RootElement.GetProperty("htmlBody").GetString()!;
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public async Task A_tampered_confirmation_link_confirms_nothing()
    {
        await RegisterAsync("Amina Yusuf", "amina@example.org", "a long enough passphrase");
        await using var db = new NpgsqlConnection(_app.ConnectionString);
        var id = await db.ExecuteScalarAsync<Guid>("SELECT id FROM users");

        var page = await _client.GetDocumentAsync($"/account/confirm-email?userId={id}&code=dGFtcGVyZWQ");
        Assert.Contains("not valid or has expired", page.Body!.TextContent);
        var garbage = await _client.GetDocumentAsync("/account/confirm-email?userId=not-a-guid&code=%%%");
        Assert.Contains("not valid or has expired", garbage.Body!.TextContent);
        Assert.False(await db.ExecuteScalarAsync<bool>("SELECT email_confirmed FROM users"));
    }

    [Fact]
    public async Task An_unconfirmed_account_is_told_to_confirm_only_after_its_right_password()
    {
        await RegisterAsync("Amina Yusuf", "amina@example.org", "a long enough passphrase");
        Task<HttpResponseMessage> LogIn(string email, string password) => _client.PostFormAsync("/account/login", "login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

        var wrongPassword = await ErrorsOf(await LogIn("amina@example.org", "whatever it is here"));
        var unknownAddress = await ErrorsOf(await LogIn("nobody@example.org", "whatever it is here"));
        Assert.Equal("The e-mail address or password is not right.", wrongPassword);
        Assert.Equal(wrongPassword, unknownAddress);
        Assert.Contains("confirm your e-mail address first", await ErrorsOf(await LogIn("amina@example.org", "a long enough passphrase")));
    }

    [Fact]
    public async Task Twenty_reset_requests_in_a_row_send_three_mails_and_every_answer_is_the_same()
    {
        await RegisterAsync("Amina Yusuf", "amina@example.org", "a long enough passphrase");
        var answers = new HashSet<string>();
        foreach (var email in Enumerable.Repeat("amina@example.org", 20).Append("nobody@example.org"))
        {
            var response = await _client.PostFormAsync("/account/forgot-password", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });
            answers.Add((await response.ReadDocumentAsync()).QuerySelector("[data-testid=reset-sent]")!.TextContent);
        }
        Assert.Single(answers);
        Assert.Equal(3, (await MailsAsync("amina@example.org")).Count(s => s == "Reset your Events password"));
    }

    [Fact]
    public async Task The_mailbox_is_for_admins_only()
    {
        var response = await _client.GetAsync("/admin/mailbox");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, (await _client.GetAsync("/admin/mailbox/x/attachments/0")).StatusCode);
    }
}
