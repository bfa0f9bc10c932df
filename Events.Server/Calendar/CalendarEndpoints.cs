using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using Events.Server.Email;
using Events.Shared.Calendar;
using Events.Shared.Site;
using Microsoft.Net.Http.Headers;

namespace Events.Server.Calendar;

/// <summary>
/// iCalendar downloads and subscription feeds. Responses carry a strong ETag (a hash of the exact bytes) and a
/// Last-Modified, and answer conditional requests with 304, so a calendar app that polls costs one small reply.
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

    /// <summary>How often subscribed calendar apps are asked to poll a programme feed.</summary>
    public static readonly TimeSpan SubscriptionRefresh = TimeSpan.FromHours(1);

    public static IEndpointRouteBuilder MapCalendarEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // HEAD too: some calendar apps check a feed with HEAD before they fetch it.
        string[] getOrHead = [HttpMethods.Get, HttpMethods.Head];

        endpoints.MapMethods("/e/{id:guid}/event.ics", getOrHead, async (Guid id, HttpContext http, CalendarQueries calendars, EmailOptions email, SiteAddress site) =>
        {
            var feed = await calendars.EventAsync(id, site.BaseUri);
            if (feed is null) return Results.NotFound();
            var ics = CalendarDocuments.ForPublication(feed.Name, feed.Events, NoReplyAddress(email));
            return Calendar(http, ics, feed, PublicCaching);
        });

        endpoints.MapMethods("/c/{slug}/calendar.ics", getOrHead, async (string slug, HttpContext http, CalendarQueries calendars, EmailOptions email, SiteAddress site) =>
        {
            var filter = CalendarLinks.ParseProgrammeFilter(name => http.Request.Query[name].FirstOrDefault());
            var feed = await calendars.ProgrammeAsync(slug, filter, site.BaseUri);
            if (feed is null) return Results.NotFound();
            var ics = CalendarDocuments.ForPublication(feed.Name, feed.Events, NoReplyAddress(email), SubscriptionRefresh);
            return Calendar(http, ics, feed, PublicCaching);
        });
        return endpoints;
    }

    /// <summary>
    /// The response for a calendar: UTF-8 bytes, a download name, validators, and 304 when the client's copy is current
    /// (If-None-Match first, then If-Modified-Since, as RFC 9110 orders them). For a personal feed pass
    /// "private, max-age=300" as <paramref name="cacheControl"/>, so that shared caches do not keep it.
    /// </summary>
    public static IResult Calendar(HttpContext http, string ics, CalendarFeed feed, string cacheControl)
    {
        var bytes = Encoding.UTF8.GetBytes(ics);
        var etag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..32] + "\"");
        http.Response.Headers.CacheControl = cacheControl;
        // The framework's file result evaluates the conditional headers and answers 304 itself.
        return Results.Bytes(bytes, ContentType, feed.FileName, lastModified: feed.LastModified, entityTag: etag);
    }

    /// <summary>The site's address as this request reached it (scheme, host, path base), ending in '/'.</summary>

    /// <summary>The address mail is sent from: the calendars' ORGANIZER address (the organisation is its name).</summary>
    public static string? NoReplyAddress(EmailOptions email)
    {
        try { return new MailAddress(email.From).Address; }
        catch (FormatException) { return null; }
    }
}
