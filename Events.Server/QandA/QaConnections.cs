using System.Collections.Concurrent;
using Events.Server.Database;
using Events.Shared.QandA;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.QandA;

/// <summary>
/// The joined hub connections of this server instance, each with who it is and what it was let in to. When a grant
/// ends (code access turned off, a new code, an organiser removed, a role taken away, a registration cancelled, an
/// account erased: <see cref="QaAccessWatcher"/> hears of it from the database) the affected connections are looked at
/// again, and those that may no longer see what their group receives leave the group at once and are told why
/// (<see cref="QaClientMethods.AccessRevoked"/>). Each instance tracks its own connections and every instance hears the
/// database's notifications, so this holds with several instances too.
/// </summary>
public sealed class QaConnections(IHubContext<LiveQaHub> hub, IDbContextFactory<EventsDbContext> dbFactory, ILogger<QaConnections> logger)
{
    private sealed record Entry(QaIdentity Identity, QaGrant Grant);
    private readonly ConcurrentDictionary<string, Entry> _entries = new();

    public QaGrant? GrantOf(string connectionId) => _entries.TryGetValue(connectionId, out var entry) ? entry.Grant : null;

    public void Joined(string connectionId, QaIdentity identity, QaGrant grant) => _entries[connectionId] = new Entry(identity, grant);

    public void Left(string connectionId) => _entries.TryRemove(connectionId, out _);

    public Task ReviewUserAsync(Guid userId) => ReviewAsync(e => e.Identity.UserId == userId);

    public Task ReviewEventAsync(Guid sideEventId) => ReviewAsync(e => e.Grant.SideEventId == sideEventId);

    /// <summary>After notifications may have been missed (the database connection dropped).</summary>
    public Task ReviewAllAsync() => ReviewAsync(_ => true);

    private async Task ReviewAsync(Func<Entry, bool> affected)
    {
        var candidates = _entries.Where(e => affected(e.Value)).ToList();
        if (candidates.Count == 0) return;
        await using var db = await dbFactory.CreateDbContextAsync();
        // One look per event and account: a room of code-holders (no account) is one query, not one per phone.
        foreach (var group in candidates.GroupBy(e => (e.Value.Grant.SideEventId, e.Value.Identity.UserId)))
        {
            var standing = await QaStanding.LoadAsync(db, group.Key.SideEventId, group.Key.UserId);
            foreach (var (connectionId, entry) in group)
            {
                if (standing?.StillAllows(entry.Grant) == true) continue;
                // Only if the connection still holds this grant (it may have joined again meanwhile).
                if (!_entries.TryRemove(new KeyValuePair<string, Entry>(connectionId, entry))) continue;
                await RevokeAsync(connectionId, entry);
            }
        }
    }

    private async Task RevokeAsync(string connectionId, Entry entry)
    {
        var grant = entry.Grant;
        try
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, QaGroups.For(grant, connectionId));
            var reason = grant.IsModerator
                ? "You are no longer one of this event's moderators. Reload the page to continue as a participant, if you are one."
                : QaStanding.Refusal(entry.Identity.UserId is not null, grant.Code);
            await hub.Clients.Client(connectionId).SendAsync(QaClientMethods.AccessRevoked, new AccessRevoked(grant.SideEventId, reason));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not take a connection out of the Q&A of side event {SideEventId}", grant.SideEventId);
        }
        logger.LogInformation("A {Role} connection lost its access to the Q&A of side event {SideEventId}",
            grant.IsModerator ? "moderator" : "participant", grant.SideEventId);
    }
}
