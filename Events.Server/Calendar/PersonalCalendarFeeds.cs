using System.Security.Cryptography;
using System.Text;
using Events.Shared.Accounts;
using Events.Server.Database;
using Events.Server.Email;
using Events.Shared.Calendar;
using Events.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Calendar;

/// <summary>
/// Personal feeds: the events a participant is registered for, at an address only they know. Calendar apps cannot log
/// in, so the address itself is the key: 256 random bits, found by its hash, resettable.
/// </summary>
public sealed class PersonalCalendarFeeds(IDbContextFactory<EventsDbContext> dbFactory, IDataProtectionProvider protection) : IPersonalCalendar
{
    private readonly IDataProtector _protector = protection.CreateProtector("Events.PersonalCalendarFeed.v1");

    public async Task<string> FeedPathAsync(Guid userId)
    {
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var existing = await db.PersonalCalendarFeeds.Where(f => f.UserId == userId).Select(f => f.TokenProtected).SingleOrDefaultAsync();
            if (existing is not null) return PathFor(_protector.Unprotect(existing));
        }
        return await IssueAsync(userId, replace: false);
    }

    public Task<string> ResetAsync(Guid userId) => IssueAsync(userId, replace: true);

    private async Task<string> IssueAsync(Guid userId, bool replace)
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var hash = Hash(token);
        var protectedToken = _protector.Protect(token);
        await using var db = await dbFactory.CreateDbContextAsync();
        var dialect = SqlDialect.Of(db);
        if (replace)
        {
            await dialect.UpsertAsync<PersonalCalendarFeed>(db, [("user_id", userId)],
                [("token_hash", hash), ("token_protected", protectedToken), ("created_at", dialect.Now)]);
            return PathFor(token);
        }
        // Two first visits at once: whichever insert won is the address.
        await dialect.InsertIfAbsentAsync<PersonalCalendarFeed>(db, ("user_id", userId), ("token_hash", hash), ("token_protected", protectedToken));
        var stored = await db.PersonalCalendarFeeds.Where(f => f.UserId == userId).Select(f => f.TokenProtected).SingleAsync();
        return PathFor(_protector.Unprotect(stored));
    }

    /// <summary>The confirmed registrations' side events of the feed's owner, or null for an unknown address.</summary>
    public async Task<(Guid UserId, string Name, IReadOnlyList<Guid> EventIds, DateTimeOffset LastChange)?> FindAsync(string token)
    {
        if (token.Length is 0 or > 100) return null;
        var hash = Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync();
        var owner = await (from f in db.PersonalCalendarFeeds
                           join u in db.Users on f.UserId equals u.Id
                           where f.TokenHash == hash
                           select new
                           {
                               f.UserId, u.DisplayName, f.CreatedAt,
                               LatestRegistrationChange = db.Registrations.Where(g => g.UserId == f.UserId).Max(g => (DateTime?)g.UpdatedAt),
                           }).SingleOrDefaultAsync();
        if (owner is null) return null;
        var rows = await db.Registrations
            .Where(g => g.UserId == owner.UserId && g.Status == "confirmed" && g.SideEventId != null)
            .Select(g => new { Id = g.SideEventId!.Value, g.UpdatedAt, EventUpdatedAt = g.SideEvent!.UpdatedAt })
            .ToListAsync();
        // Last-Modified must move when a registration ends too, so the feed's own age counts.
        var lastChange = rows.SelectMany(r => new[] { r.UpdatedAt, r.EventUpdatedAt })
            .Append(owner.CreatedAt).Append(owner.LatestRegistrationChange ?? owner.CreatedAt).Max();
        return (owner.UserId, owner.DisplayName, rows.Select(r => r.Id).ToList(), new DateTimeOffset(DateTime.SpecifyKind(lastChange, DateTimeKind.Utc)));
    }

    private static string PathFor(string token) => $"/my/calendar/{token}.ics";
    internal static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}

public static class PersonalCalendarEndpoints
{
    public static IEndpointRouteBuilder MapPersonalCalendar(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/my/calendar/{token}.ics", [HttpMethods.Get, HttpMethods.Head], async (string token, HttpContext http, CalendarFeeds feeds) =>
            await feeds.PersonalAsync(token) is { } calendar ? CalendarEndpoints.Calendar(http, calendar, CalendarEndpoints.PrivateCaching) : Results.NotFound());

        endpoints.MapPost("/my/calendar/reset", async (HttpContext http, IPersonalCalendar feeds) =>
        {
            if (CurrentUser.Id(http.User) is not { } userId) return Results.Unauthorized();
            await feeds.ResetAsync(userId);
            return Results.LocalRedirect("/my/registrations?calendar=changed");
        }).RequireAuthorization().RequireAntiforgery();
        return endpoints;
    }
}
