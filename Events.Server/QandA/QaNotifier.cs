using System.Collections.Concurrent;
using Events.Server.Database;
using Events.Shared.QandA;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.QandA;

/// <summary>Tells connected clients about committed changes. Called by <see cref="QaService"/> after each commit.</summary>
public interface IQaNotifier
{
    /// <param name="previousState">The state before the change; null for a new question.</param>
    Task QuestionChangedAsync(string? previousState, QuestionView question);
    Task HighlightChangedAsync(Guid sideEventId, QuestionView? highlighted);
    /// <summary>The asker withdrew the question: it is gone for everyone.</summary>
    Task QuestionWithdrawnAsync(QuestionRemoved removed);
    /// <summary>The moderators' view, with the code; participants get it without.</summary>
    Task SessionChangedAsync(QaSessionView session);
    /// <summary>
    /// The event's question counts changed (a commit added, moved or removed a question). The notifier reads them after
    /// the commit and sends moderators the latest, so that the change's own transaction and its answer do not wait for that read.
    /// </summary>
    Task CountsChangedAsync(Guid sideEventId);
    /// <summary>A vote was cast or taken back. Sent within <see cref="HubQaNotifier.VoteFlushInterval"/>, coalesced with other votes.</summary>
    void VotesChanged(Guid sideEventId, Guid questionId);
}

/// <summary>
/// The groups a joined connection is in: moderators get every question, participants the published and answered ones.
/// An event's participants are spread over <see cref="ParticipantSlices"/> groups, so that a message to a room of
/// thousands goes out one slice at a time (<see cref="HubQaNotifier"/>).
/// </summary>
public static class QaGroups
{
    public const int ParticipantSlices = 32;

    public static string Participants(Guid sideEventId, int slice) => $"qa:{sideEventId:N}:{slice}";
    public static string Moderators(Guid sideEventId) => $"qa:{sideEventId:N}:moderators";
    public static string For(QaGrant grant, string connectionId) =>
        grant.IsModerator ? Moderators(grant.SideEventId) : Participants(grant.SideEventId, SliceOf(connectionId));

    /// <summary>A fixed slice per connection (FNV-1a of its id): the same on every call and in every process.</summary>
    private static int SliceOf(string connectionId)
    {
        var hash = 2166136261u;
        foreach (var c in connectionId) hash = (hash ^ c) * 16777619u;
        return (int)(hash % ParticipantSlices);
    }
}

/// <summary>
/// Sends through the hub. The fan-out to a room runs on this service's own loop, one message after the other in the
/// order of the commits: the call returns at once, so that the asker's acknowledgement never waits behind thousands of
/// sends, and nobody receives an update before the question it updates. Votes are coalesced: in a room of 2,000 phones
/// a popular question can take hundreds of votes a minute, and one message to everyone per vote would be N×votes
/// messages; instead, every changed question's latest count goes out once per interval. Moderators' counts are read
/// here too, once for any number of changes waiting.
///
/// A message to the participants goes out slice by slice (<see cref="QaGroups.ParticipantSlices"/>), and the loop lets
/// the thread pool work through what is queued before it sends the next slice. Each write to a connection queues a work
/// item (the transport's send); measured under bench/qa at 5,000 clients, one send to the whole group queued up to 1,600
/// of them at once, and every step of a concurrent ask (its request, each database round trip, its answer) waited behind
/// them (one database round trip: p99 100–235 ms). In slices, such a step waits behind one slice at most.
/// </summary>
public sealed class HubQaNotifier(IHubContext<LiveQaHub> hub, IDbContextFactory<EventsDbContext> dbFactory, ILogger<HubQaNotifier> logger)
    : BackgroundService, IQaNotifier
{
    public static readonly TimeSpan VoteFlushInterval = TimeSpan.FromMilliseconds(100);
    private readonly ConcurrentDictionary<Guid, Guid> _votedQuestions = new();
    private readonly ConcurrentDictionary<Guid, bool> _countsDue = new();
    private readonly System.Threading.Channels.Channel<Func<Task>> _broadcasts =
        System.Threading.Channels.Channel.CreateUnbounded<Func<Task>>(new() { SingleReader = true });

    Task IQaNotifier.QuestionChangedAsync(string? previousState, QuestionView question) => Queue(() => QuestionChangedAsync(previousState, question));
    Task IQaNotifier.HighlightChangedAsync(Guid sideEventId, QuestionView? highlighted) => Queue(() => HighlightChangedAsync(sideEventId, highlighted));
    Task IQaNotifier.SessionChangedAsync(QaSessionView session) => Queue(() => SessionChangedAsync(session));
    Task IQaNotifier.QuestionWithdrawnAsync(QuestionRemoved removed) => Queue(() => QuestionWithdrawnAsync(removed));

    private Task Queue(Func<Task> broadcast)
    {
        _broadcasts.Writer.TryWrite(broadcast);
        return Task.CompletedTask;
    }

    private async Task SendQueuedAsync(CancellationToken stoppingToken)
    {
        await foreach (var broadcast in _broadcasts.Reader.ReadAllAsync(stoppingToken))
        {
            try { await broadcast(); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The change is committed; a client that missed it catches up on its next reconnect.
                logger.LogWarning(e, "A committed Q&A change could not be broadcast");
            }
        }
    }

    private async Task QuestionChangedAsync(string? previousState, QuestionView question)
    {
        var moderators = hub.Clients.Group(QaGroups.Moderators(question.SideEventId));
        await moderators.SendAsync(previousState is null ? QaClientMethods.QuestionAdded : QaClientMethods.QuestionUpdated, question);

        var wasPublic = previousState is not null && QuestionStates.IsPublic(previousState);
        var isPublic = QuestionStates.IsPublic(question.State);
        if (isPublic) await ToParticipantsAsync(question.SideEventId, wasPublic ? QaClientMethods.QuestionUpdated : QaClientMethods.QuestionAdded, question);
        else if (wasPublic) await ToParticipantsAsync(question.SideEventId, QaClientMethods.QuestionRemoved, new QuestionRemoved(question.SideEventId, question.Id, question.Revision));
    }

    /// <summary>To every participant of the event, slice by slice, with a turn of the thread pool between slices.</summary>
    private async Task ToParticipantsAsync(Guid sideEventId, string method, object message, CancellationToken cancellationToken = default)
    {
        for (var slice = 0; slice < QaGroups.ParticipantSlices; slice++)
        {
            await hub.Clients.Group(QaGroups.Participants(sideEventId, slice)).SendAsync(method, message, cancellationToken);
            await ThreadPoolTurn();
        }
    }

    /// <summary>
    /// Completes when the thread pool reaches a work item queued now at the end of its global queue, that is after the
    /// sends (and anything else) queued before it.
    /// </summary>
    private static Task ThreadPoolTurn()
    {
        var turn = new TaskCompletionSource();
        ThreadPool.UnsafeQueueUserWorkItem(static t => t.SetResult(), turn, preferLocal: false);
        return turn.Task;
    }

    private async Task HighlightChangedAsync(Guid sideEventId, QuestionView? highlighted)
    {
        var message = new HighlightChanged(sideEventId, highlighted);
        await hub.Clients.Group(QaGroups.Moderators(sideEventId)).SendAsync(QaClientMethods.HighlightChanged, message);
        await ToParticipantsAsync(sideEventId, QaClientMethods.HighlightChanged, message);
    }

    private async Task QuestionWithdrawnAsync(QuestionRemoved removed)
    {
        await hub.Clients.Group(QaGroups.Moderators(removed.SideEventId)).SendAsync(QaClientMethods.QuestionRemoved, removed);
        await ToParticipantsAsync(removed.SideEventId, QaClientMethods.QuestionRemoved, removed);
    }

    private async Task SessionChangedAsync(QaSessionView session)
    {
        await hub.Clients.Group(QaGroups.Moderators(session.SideEventId)).SendAsync(QaClientMethods.SessionChanged, session);
        await ToParticipantsAsync(session.SideEventId, QaClientMethods.SessionChanged, session with { Code = null });
    }

    Task IQaNotifier.CountsChangedAsync(Guid sideEventId) =>
        // Queued once while a read is waiting: that read, made after every commit that asked for it, covers them all.
        _countsDue.TryAdd(sideEventId, true) ? Queue(() => SendCountsAsync(sideEventId)) : Task.CompletedTask;

    private async Task SendCountsAsync(Guid sideEventId)
    {
        // Cleared before the read: a commit after this point queues a read of its own.
        _countsDue.TryRemove(sideEventId, out _);
        QaCounts counts;
        await using (var db = await dbFactory.CreateDbContextAsync())
            counts = await QaQueries.CountsAsync(db, sideEventId);
        await hub.Clients.Group(QaGroups.Moderators(sideEventId)).SendAsync(QaClientMethods.CountsChanged, counts);
    }

    public void VotesChanged(Guid sideEventId, Guid questionId) => _votedQuestions[questionId] = sideEventId;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(SendQueuedAsync(stoppingToken), FlushVotesAsync(stoppingToken));

    private async Task FlushVotesAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(VoteFlushInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (_votedQuestions.IsEmpty) continue;
            var ids = _votedQuestions.Keys.ToArray();
            foreach (var id in ids) _votedQuestions.TryRemove(id, out _);
            try
            {
                IReadOnlyList<QuestionView> questions;
                await using (var db = await dbFactory.CreateDbContextAsync(stoppingToken))
                    // The latest committed state, whatever happened since the vote: a question hidden meanwhile goes to moderators only.
                    questions = await QaQueries.ManyAsync(db, ids, stoppingToken);
                // In line with the other broadcasts, so that a count never arrives before its question.
                await Queue(async () =>
                {
                    foreach (var question in questions)
                    {
                        await hub.Clients.Group(QaGroups.Moderators(question.SideEventId)).SendAsync(QaClientMethods.QuestionUpdated, question, stoppingToken);
                        if (QuestionStates.IsPublic(question.State))
                            await ToParticipantsAsync(question.SideEventId, QaClientMethods.QuestionUpdated, question, stoppingToken);
                    }
                });
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The counts are in the database; the next vote or a reconnect brings clients up to date.
                logger.LogWarning(e, "Could not send vote counts for {Count} questions", ids.Length);
            }
        }
    }
}
