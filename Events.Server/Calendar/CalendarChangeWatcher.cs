using System.Threading.Channels;
using Npgsql;

namespace Events.Server.Calendar;

/// <summary>
/// Listens for the database's <c>calendar_changes</c> notifications (sent by triggers when a side event, room, venue,
/// convening, confirmed registration, personal feed address or co-sponsorship changes; see the CalendarFeedChanges
/// migration) and has <see cref="CalendarFeedCache"/> drop the calendars they affect. Every instance listens, so a
/// change made through any of them, or in the database by hand, reaches all. The same design as the Q&amp;A's
/// QaAccessWatcher: a connection of its own, and on reconnecting everything cached is forgotten, since changes may
/// have been missed; while it is not listening, calendars are built for each request and not kept.
/// </summary>
public sealed class CalendarChangeWatcher(NpgsqlDataSource dataSource, CalendarFeedCache cache, ILogger<CalendarChangeWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    // Which connection listens now (0: none): the cache starts keeping calendars only for the one that still listens.
    private readonly Lock _gate = new();
    private int _connection;
    private int _listeningConnection;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var changes = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        var applying = ApplyAsync(changes.Reader, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var db = await dataSource.OpenConnectionAsync(stoppingToken);
                db.Notification += (_, e) => changes.Writer.TryWrite(e.Payload);
                await using (var listen = db.CreateCommand())
                {
                    listen.CommandText = $"LISTEN {CalendarFeedCache.Channel}";
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                int connection;
                lock (_gate) connection = _listeningConnection = ++_connection;
                // In the queue, so that it is applied after whatever was heard before.
                changes.Writer.TryWrite(ListeningMarker + connection);
                while (true) await db.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                StopListening();
                logger.LogWarning(e, "Lost the database connection that hears of calendar changes; retrying");
                try { await Task.Delay(RetryDelay, stoppingToken); } catch (OperationCanceledException) { break; }
            }
        }
        StopListening();
        changes.Writer.TryComplete();
        await applying;
    }

    // Not a payload the triggers send (theirs are "kind:id").
    private const string ListeningMarker = "listening ";

    private void StopListening()
    {
        lock (_gate)
        {
            _listeningConnection = 0;
            cache.Deaf();
        }
    }

    private void StartKeeping(string marker)
    {
        lock (_gate)
        {
            if (int.TryParse(marker[ListeningMarker.Length..], out var connection) && connection == _listeningConnection) cache.Listening();
        }
    }

    private async Task ApplyAsync(ChannelReader<string> changes, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in changes.ReadAllAsync(stoppingToken))
            {
                try
                {
                    if (change.StartsWith(ListeningMarker, StringComparison.Ordinal)) StartKeeping(change);
                    else await cache.ApplyAsync(change);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Whatever could not be applied may be stale: start again empty.
                    logger.LogError(e, "Could not apply a calendar change; every cached calendar is dropped");
                    cache.Forget();
                }
            }
        }
        catch (OperationCanceledException) { }
    }
}
