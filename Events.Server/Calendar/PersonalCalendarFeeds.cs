using System.Security.Cryptography;
using System.Text;
using Dapper;
using Events.Shared.Accounts;
using Events.Server.Database;
using Events.Server.Email;
using Events.Shared.Calendar;
using Events.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Events.Server.Calendar;

/// <summary>
/// Personal feeds: the events a participant is registered for, at an address only they know. Calendar apps cannot log
/// in, so the address itself is the key: 256 random bits, found by its hash, resettable.
/// </summary>
public sealed class PersonalCalendarFeeds(DatabaseConnections database, IDataProtectionProvider protection) : IPersonalCalendar
{
    private readonly IDataProtector _protector = protection.CreateProtector("Events.PersonalCalendarFeed.v1");

    public async Task<string> FeedPathAsync(Guid userId)
    {
        await using var db = await database.OpenAsync();
        var existing = await db.ExecuteScalarAsync<string?>("SELECT token_protected FROM personal_calendar_feeds WHERE user_id = @userId", new { userId });
        if (existing is not null) return PathFor(_protector.Unprotect(existing));
        return await IssueAsync(userId, replace: false);
    }

    public Task<string> ResetAsync(Guid userId) => IssueAsync(userId, replace: true);

    private async Task<string> IssueAsync(Guid userId, bool replace)
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        await using var db = await database.OpenAsync();
        // RETURNING always yields the row (inserted or updated), so the value is never null.
        var stored = await db.QuerySingleAsync<string>($"""
            INSERT INTO personal_calendar_feeds (user_id, token_hash, token_protected) VALUES (@userId, @hash, @protectedToken)
            ON CONFLICT (user_id) DO {(replace ? "UPDATE SET token_hash = EXCLUDED.token_hash, token_protected = EXCLUDED.token_protected, created_at = now()" : "UPDATE SET user_id = EXCLUDED.user_id")}
            RETURNING token_protected
            """, new { userId, hash = Hash(token), protectedToken = _protector.Protect(token) });
        // Two first visits at once: whichever insert won is the address.
        return PathFor(_protector.Unprotect(stored));
    }

    /// <summary>The confirmed registrations' side events of the feed's owner, or null for an unknown address.</summary>
    public async Task<(Guid UserId, string Name, IReadOnlyList<Guid> EventIds, DateTimeOffset LastChange)?> FindAsync(string token)
    {
        if (token.Length is 0 or > 100) return null;
        await using var db = await database.OpenAsync();
        var owner = await db.QuerySingleOrDefaultAsync<(Guid UserId, string Name)>("""
            SELECT f.user_id, u.display_name FROM personal_calendar_feeds f JOIN users u ON u.id = f.user_id WHERE f.token_hash = @hash
            """, new { hash = Hash(token) });
        if (owner.UserId == Guid.Empty) return null;
        var rows = (await db.QueryAsync<(Guid Id, DateTime Changed)>("""
            SELECT g.side_event_id, GREATEST(g.updated_at, e.updated_at) FROM registrations g JOIN side_events e ON e.id = g.side_event_id
            WHERE g.user_id = @UserId AND g.status = 'confirmed'
            """, new { owner.UserId })).ToList();
        // Last-Modified must move when a registration ends too, so the feed's own age counts.
        var lastChange = rows.Select(r => r.Changed).Append(await db.ExecuteScalarAsync<DateTime>(
            "SELECT GREATEST(f.created_at, COALESCE((SELECT max(updated_at) FROM registrations WHERE user_id = @UserId), f.created_at)) FROM personal_calendar_feeds f WHERE f.user_id = @UserId",
            new { owner.UserId })).Max();
        return (owner.UserId, owner.Name, rows.Select(r => r.Id).ToList(), new DateTimeOffset(DateTime.SpecifyKind(lastChange, DateTimeKind.Utc)));
    }

    private static string PathFor(string token) => $"/my/calendar/{token}.ics";
    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}

public static class PersonalCalendarEndpoints
{
    public static IEndpointRouteBuilder MapPersonalCalendar(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/my/calendar/{token}.ics", [HttpMethods.Get, HttpMethods.Head],
            async (string token, HttpContext http, PersonalCalendarFeeds feeds, CalendarQueries calendars, EmailOptions email, Events.Shared.Site.SiteAddress site) =>
            {
                var owner = await feeds.FindAsync(token);
                if (owner is null) return Results.NotFound();
                var events = await calendars.EventsAsync(owner.Value.EventIds, site.BaseUri, publicConveningsOnly: false);
                var name = "My events";
                var ics = IcsDocument.ForPublication(name, events, CalendarEndpoints.NoReplyAddress(email), CalendarEndpoints.SubscriptionRefresh);
                // Personal: browsers may keep it briefly, shared caches may not.
                return CalendarEndpoints.Calendar(http, ics, new CalendarFeed(name, "my-events.ics", events, owner.Value.LastChange), "private, max-age=300");
            });

        endpoints.MapPost("/my/calendar/reset", async (HttpContext http, IPersonalCalendar feeds) =>
        {
            if (CurrentUser.Id(http.User) is not { } userId) return Results.Unauthorized();
            await feeds.ResetAsync(userId);
            return Results.LocalRedirect("/my/registrations?calendar=changed");
        }).RequireAuthorization().RequireAntiforgery();
        return endpoints;
    }
}
