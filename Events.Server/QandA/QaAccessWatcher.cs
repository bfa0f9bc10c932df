using System.Threading.Channels;
using Npgsql;

namespace Events.Server.QandA;

/// <summary>
/// Listens for the database's <c>qa_access</c> notifications (sent by triggers when an organiser, role, registration,
/// account or Q&amp;A code changes; see the qa_anonymity migration) and has <see cref="QaConnections"/> look at the
/// affected connections again. Triggers rather than calls from each service, so that every way of changing a grant
/// counts (the admin pages, another instance, a change made in the database by hand).
/// </summary>
public sealed class QaAccessWatcher(NpgsqlDataSource dataSource, QaConnections connections, ILogger<QaAccessWatcher> logger) : BackgroundService
{
    public const string Channel = "qa_access";
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var changes = System.Threading.Channels.Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        var reviewing = ReviewAsync(changes.Reader, stoppingToken);
        var listenedBefore = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A connection of its own, kept open to wait for notifications: LISTEN is beyond what EF does.
                await using var db = await dataSource.OpenConnectionAsync(stoppingToken);
                db.Notification += (_, e) => changes.Writer.TryWrite(e.Payload);
                await using (var listen = db.CreateCommand())
                {
                    listen.CommandText = $"LISTEN {Channel}";
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                // Whatever changed while nobody was listening.
                if (listenedBefore) changes.Writer.TryWrite("all");
                listenedBefore = true;
                while (true) await db.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                logger.LogWarning(e, "Lost the database connection that hears of Q&A access changes; retrying");
                try { await Task.Delay(RetryDelay, stoppingToken); } catch (OperationCanceledException) { break; }
            }
        }
        changes.Writer.TryComplete();
        await reviewing;
    }

    private async Task ReviewAsync(ChannelReader<string> changes, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in changes.ReadAllAsync(stoppingToken))
            {
                try
                {
                    var (kind, id) = change.Split(':', 2) is [var k, var v] && Guid.TryParse(v, out var g) ? (k, g) : (change, Guid.Empty);
                    await (kind switch
                    {
                        "user" => connections.ReviewUserAsync(id),
                        "event" => connections.ReviewEventAsync(id),
                        _ => connections.ReviewAllAsync(),
                    });
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Could not apply a Q&A access change");
                }
            }
        }
        catch (OperationCanceledException) { }
    }
}
