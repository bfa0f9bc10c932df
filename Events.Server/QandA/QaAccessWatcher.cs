using Events.Server.Database;
using Npgsql;

namespace Events.Server.QandA;

/// <summary>
/// Listens for the database's <c>qa_access</c> notifications (sent by triggers when an organiser, role, registration,
/// account or Q&amp;A code changes; see the qa_anonymity migration) and has <see cref="QaConnections"/> look at the
/// affected connections again. Triggers rather than calls from each service, so that every way of changing a grant
/// counts (the admin pages, another instance, a change made in the database by hand).
/// </summary>
public sealed class QaAccessWatcher(NpgsqlDataSource dataSource, QaConnections connections, ILogger<QaAccessWatcher> logger)
    : DatabaseChangeListener(dataSource, logger)
{
    public const string AccessChannel = "qa_access";

    protected override string Channel => AccessChannel;
    protected override string Subject => "Q&A access changes";

    protected override Task ApplyAsync(string payload)
    {
        var (kind, id) = payload.Split(':', 2) is [var k, var v] && Guid.TryParse(v, out var g) ? (k, g) : (payload, Guid.Empty);
        return kind switch
        {
            "user" => connections.ReviewUserAsync(id),
            "event" => connections.ReviewEventAsync(id),
            _ => connections.ReviewAllAsync(),
        };
    }

    /// <summary>Whatever changed while nobody was listening.</summary>
    protected override Task HeardAgainAsync() => connections.ReviewAllAsync();
}
