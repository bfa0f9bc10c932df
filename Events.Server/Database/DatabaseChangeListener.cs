using System.Threading.Channels;
using Npgsql;

namespace Events.Server.Database;

/// <summary>
/// Listens on a PostgreSQL <c>NOTIFY</c> channel over a connection of its own (LISTEN is beyond what EF does), and hands
/// the payloads, in the order heard, to one reader; after a lost connection it waits and listens again. Changes sent
/// while nobody listened are lost, so a subclass is told when it goes deaf (at once) and when it hears again (in order,
/// after everything heard before), and decides what to forget or look at again.
/// </summary>
public abstract class DatabaseChangeListener(NpgsqlDataSource dataSource, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private readonly Lock _gate = new();
    // Which connection listens now (0: none), so that "listening" from a connection since lost is ignored.
    private int _connection;
    private int _listeningConnection;

    /// <summary>The NOTIFY channel (an SQL identifier, written by the app, never by a user).</summary>
    protected abstract string Channel { get; }

    /// <summary>What is listened for, for the log: "calendar changes".</summary>
    protected abstract string Subject { get; }

    /// <summary>One notification's payload, in the order heard.</summary>
    protected abstract Task ApplyAsync(string payload);

    /// <summary>Listening, and everything heard before is applied. Called under the lock <see cref="Deaf"/> takes, so
    /// that a connection lost meanwhile is never taken for a listening one; keep it short.</summary>
    protected virtual void Hearing() { }

    /// <summary>Listening again after a lost connection (just after <see cref="Hearing"/>): changes may have been missed.</summary>
    protected virtual Task HeardAgainAsync() => Task.CompletedTask;

    /// <summary>The connection is lost: nothing is heard until <see cref="Hearing"/>. Called under a lock; keep it short.</summary>
    protected virtual void Deaf() { }

    /// <summary>A payload could not be applied; by default only logged.</summary>
    protected virtual void ApplyFailed(Exception error) => logger.LogError(error, "Could not apply one of the {Subject}", Subject);

    private sealed record Heard(string? Payload, int ListeningConnection, bool Reconnected);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var heard = System.Threading.Channels.Channel.CreateUnbounded<Heard>(new UnboundedChannelOptions { SingleReader = true });
        var applying = ApplyAllAsync(heard.Reader, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var db = await dataSource.OpenConnectionAsync(stoppingToken);
                db.Notification += (_, e) => heard.Writer.TryWrite(new Heard(e.Payload, 0, false));
                await using (var listen = db.CreateCommand())
                {
                    listen.CommandText = $"LISTEN {Channel}";
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                int connection;
                lock (_gate) connection = _listeningConnection = ++_connection;
                // In the queue, so that it is applied after whatever was heard before.
                heard.Writer.TryWrite(new Heard(null, connection, connection > 1));
                while (true) await db.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                StopHearing();
                logger.LogWarning(e, "Lost the database connection that hears of {Subject}; retrying", Subject);
                try { await Task.Delay(RetryDelay, stoppingToken); } catch (OperationCanceledException) { break; }
            }
        }
        StopHearing();
        heard.Writer.TryComplete();
        await applying;
    }

    private void StopHearing()
    {
        lock (_gate)
        {
            _listeningConnection = 0;
            Deaf();
        }
    }

    private async Task ApplyAllAsync(ChannelReader<Heard> heard, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in heard.ReadAllAsync(stoppingToken))
            {
                try
                {
                    if (item.Payload is { } payload) await ApplyAsync(payload);
                    else
                    {
                        bool current;
                        lock (_gate)
                        {
                            current = item.ListeningConnection == _listeningConnection;
                            if (current) Hearing();
                        }
                        if (current && item.Reconnected) await HeardAgainAsync();
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException) { ApplyFailed(e); }
            }
        }
        catch (OperationCanceledException) { }
    }
}
