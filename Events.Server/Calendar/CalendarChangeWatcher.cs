using Events.Server.Database;
using Npgsql;

namespace Events.Server.Calendar;

/// <summary>
/// Listens for the database's <c>calendar_changes</c> notifications (sent by triggers when a side event, room, venue,
/// convening, confirmed registration, personal feed address or co-sponsorship changes; see the CalendarFeedChanges
/// migration) and has <see cref="CalendarFeedCache"/> drop the calendars they affect. Every instance listens, so a
/// change made through any of them, or in the database by hand, reaches all. While it is not listening, calendars are
/// built for each request and not kept; on hearing again the cache starts empty, since changes may have been missed.
/// </summary>
public sealed class CalendarChangeWatcher(NpgsqlDataSource dataSource, CalendarFeedCache cache, ILogger<CalendarChangeWatcher> logger)
    : DatabaseChangeListener(dataSource, logger)
{
    protected override string Channel => CalendarFeedCache.Channel;
    protected override string Subject => "calendar changes";

    protected override Task ApplyAsync(string payload) => cache.ApplyAsync(payload);

    protected override void Hearing() => cache.Listening();

    protected override void Deaf() => cache.Deaf();

    protected override void ApplyFailed(Exception error)
    {
        // Whatever could not be applied may be stale: start again empty.
        logger.LogError(error, "Could not apply a calendar change; every cached calendar is dropped");
        cache.Forget();
    }
}
