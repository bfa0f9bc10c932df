using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dapper;
using Events.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Events.Tests.Accounts;

/// <summary>Logging in and enrolling in two-factor sign-in through the server-rendered forms, as a browser without JavaScript would.</summary>
public static class TwoFactorTestKit
{
    public const string Password = "two factor test passphrase";

    public static async Task<(Guid Id, string Email)> AccountAsync(this TestData data, string name, params string[] roles)
    {
        var account = await data.AddWithPasswordAsync(name, Password);
        await using var db = await data.Connections.OpenAsync();
        // Identity's UserManager saves with optimistic concurrency, which needs the stamp an account made by Identity would have.
        await db.ExecuteAsync("UPDATE users SET concurrency_stamp = @stamp WHERE id = @Id", new { account.Id, stamp = Guid.NewGuid().ToString() });
        foreach (var role in roles)
            await db.ExecuteAsync("INSERT INTO user_roles (user_id, role_id) SELECT @Id, id FROM roles WHERE name = @role", new { account.Id, role });
        return account;
    }

    public static HttpClient NewClient(this EventsAppFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Posts the login form with the right password and returns where it sends the browser.</summary>
    public static async Task<string> LogInAsync(this HttpClient client, string email)
    {
        var response = await client.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password });
        return response.LocalLocation();
    }

    /// <summary>Where a redirect goes, as a path and query (pages redirect with absolute addresses, middleware with paths).</summary>
    public static string LocalLocation(this HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    /// <summary>Turns two-factor sign-in on through /account/two-factor; returns the key (as the page shows it) and the recovery codes.</summary>
    public static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(this HttpClient client)
    {
        var get = await client.GetAsync("/account/two-factor");
        Assert.True(get.Headers.CacheControl?.NoStore, "the page with the key must not be cached");
        var page = await get.ReadDocumentAsync();
        var key = page.QuerySelector("[data-testid=shared-key]")!.TextContent;
        Assert.StartsWith("data:image/png;base64,", page.QuerySelector<IHtmlImageElement>("[data-testid=authenticator-qr]")!.GetAttribute("src"));
        var response = await client.PostFormAsync("/account/two-factor", "enable-two-factor", new Dictionary<string, string> { ["Enable.Code"] = Totp.Code(key) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var done = await response.ReadDocumentAsync();
        var codes = done.QuerySelectorAll("[data-testid=recovery-codes] li").Select(li => li.TextContent.Trim()).ToList();
        Assert.True(codes.Count == 10, done.QuerySelector("main")?.TextContent);
        return (key, codes);
    }

    public static async Task<string> ErrorsAsync(this HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        return string.Join(" | ", page.QuerySelectorAll(".validation-message, .mud-input-helper-text.mud-input-error, [data-testid=form-errors] li").Select(e => e.TextContent.Trim()));
    }
}
