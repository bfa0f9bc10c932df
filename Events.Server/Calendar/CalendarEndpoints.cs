using Events.Shared.Calendar;

namespace Events.Server.Calendar;

/// <summary>
/// iCalendar downloads and subscription feeds, served from <see cref="CalendarFeeds"/>' cache. Responses carry a strong
/// ETag (a hash of the exact bytes, computed once per change) and a Last-Modified, and answer conditional requests with
/// 304 from that lookup, so a calendar app that polls costs one small reply.
/// </summary>
public static class CalendarEndpoints
{
    public const string ContentType = "text/calendar; charset=utf-8";

    /// <summary>
    /// Public calendars may be kept by browsers and shared caches for five minutes: a change reaches subscribers
    /// within minutes, while a burst of polls (or a popular link) is served from caches; after that a poll is a
    /// conditional request that usually ends in 304.
    /// </summary>
    public const string PublicCaching = "public, max-age=300";

    /// <summary>Personal: browsers may keep it briefly, shared caches may not.</summary>
    public const string PrivateCaching = "private, max-age=300";

    public static IEndpointRouteBuilder MapCalendarEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // HEAD too: some calendar apps check a feed with HEAD before they fetch it.
        string[] getOrHead = [HttpMethods.Get, HttpMethods.Head];

        endpoints.MapMethods("/e/{id:guid}/event.ics", getOrHead, async (Guid id, HttpContext http, CalendarFeeds feeds) =>
            await feeds.EventFileAsync(id) is { } calendar ? Calendar(http, calendar, PublicCaching) : Results.NotFound());

        endpoints.MapMethods("/c/{slug}/calendar.ics", getOrHead, async (string slug, HttpContext http, CalendarFeeds feeds) =>
        {
            var filter = CalendarLinks.ParseProgrammeFilter(name => http.Request.Query[name].FirstOrDefault());
            return await feeds.ProgrammeAsync(slug, filter) is { } calendar ? Calendar(http, calendar, PublicCaching) : Results.NotFound();
        });
        return endpoints;
    }

    /// <summary>
    /// The response for a calendar: its bytes, a download name, validators, and 304 when the client's copy is current
    /// (the framework's file result checks If-None-Match first, then If-Modified-Since, as RFC 9110 orders them).
    /// </summary>
    public static IResult Calendar(HttpContext http, BuiltCalendar calendar, string cacheControl)
    {
        http.Response.Headers.CacheControl = cacheControl;
        return Results.Bytes(calendar.Body, ContentType, calendar.FileName, lastModified: calendar.LastModified, entityTag: calendar.ETag);
    }
}
