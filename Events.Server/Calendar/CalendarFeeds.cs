using System.Net.Mail;
using Events.Server.Email;
using Events.Shared.Calendar;
using Events.Shared.Convenings;
using Events.Shared.Site;

namespace Events.Server.Calendar;

/// <summary>
/// The calendars the site serves (an event's file, a programme feed with its filters, a participant's own feed), built
/// by <see cref="CalendarDocuments"/> from <see cref="CalendarQueries"/> once per change and then served from
/// <see cref="CalendarFeedCache"/>. Absolute links come from <see cref="SiteAddress"/>, never from the request.
/// </summary>
public sealed class CalendarFeeds(
    CalendarFeedCache cache, CalendarQueries queries, PersonalCalendarFeeds personal, EmailOptions email, SiteAddress site, TimeProvider clock)
{
    /// <summary>How often subscribed calendar apps are asked to poll a feed (REFRESH-INTERVAL, X-PUBLISHED-TTL).</summary>
    public static readonly TimeSpan SubscriptionRefresh = TimeSpan.FromHours(1);

    public const string PersonalFeedName = "My events";

    public static string EventKey(Guid sideEventId) => $"event:{sideEventId:D}";

    public static string ProgrammeKey(string slug, ProgrammeFilter filter) =>
        "programme:" + CalendarLinks.ProgrammeFeedPath(slug.Trim().ToLowerInvariant(), filter);

    /// <summary>By the token's hash, as the database keeps it: the token itself is not kept in memory longer than a request.</summary>
    public static string PersonalKey(string token) => "personal:" + Convert.ToHexStringLower(PersonalCalendarFeeds.Hash(token));

    public Task<BuiltCalendar?> EventFileAsync(Guid sideEventId) =>
        cache.GetOrBuildAsync(EventKey(sideEventId), async () =>
            await queries.EventAsync(sideEventId, site.BaseUri, clock.GetUtcNow()) is { } feed ? Build(feed, refresh: null) : null);

    public Task<BuiltCalendar?> ProgrammeAsync(string slug, ProgrammeFilter filter)
    {
        if (string.IsNullOrWhiteSpace(slug) || slug.Length > 60) return Task.FromResult<BuiltCalendar?>(null);
        return cache.GetOrBuildAsync(ProgrammeKey(slug, filter), async () =>
            await queries.ProgrammeAsync(slug, filter, site.BaseUri, clock.GetUtcNow()) is { } feed ? Build(feed, SubscriptionRefresh) : null);
    }

    public Task<BuiltCalendar?> PersonalAsync(string token)
    {
        if (token.Length is 0 or > 100) return Task.FromResult<BuiltCalendar?>(null);
        return cache.GetOrBuildAsync(PersonalKey(token), async () =>
        {
            if (await personal.FindAsync(token) is not { } owner) return null;
            var entries = await queries.EventsAsync(owner.EventIds, site.BaseUri, publicConveningsOnly: false);
            var lastModified = entries.Select(e => e.ChangedAt).Append(owner.LastChange).Max();
            var feed = new CalendarFeed(PersonalFeedName, "my-events.ics", entries.Select(e => e.Event).ToList(), lastModified,
                CalendarScope.Of(entries) with { Owner = owner.UserId });
            return Build(feed, SubscriptionRefresh);
        });
    }

    private BuiltCalendar Build(CalendarFeed feed, TimeSpan? refresh) =>
        BuiltCalendar.From(feed, CalendarDocuments.ForPublication(feed.Name, feed.Events, NoReplyAddress(email), refresh));

    /// <summary>The address mail is sent from: the calendars' ORGANIZER address (the organisation is its name).</summary>
    public static string? NoReplyAddress(EmailOptions email)
    {
        try { return new MailAddress(email.From).Address; }
        catch (FormatException) { return null; }
    }
}
