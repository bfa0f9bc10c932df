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
    Task CountsChangedAsync(QaCounts counts);
    /// <summary>A vote was cast or taken back. Sent within <see cref="HubQaNotifier.VoteFlushInterval"/>, coalesced with other votes.</summary>
    void VotesChanged(Guid sideEventId, Guid questionId);
}

/// <summary>The groups a joined connection is in: moderators get every question, participants the published and answered ones.</summary>
public static class QaGroups
{
    public static string Participants(Guid sideEventId) => $"qa:{sideEventId:N}";
    public static string Moderators(Guid sideEventId) => $"qa:{sideEventId:N}:moderators";
    public static string For(QaGrant grant) => grant.IsModerator ? Moderators(grant.SideEventId) : Participants(grant.SideEventId);
}

/// <summary>
/// Sends through the hub. The fan-out to a room runs on this service's own loop, one message after the other in the
/// order of the commits: the call returns at once, so that the asker's acknowledgement never waits behind thousands of
/// sends, and nobody receives an update before the question it updates. Votes are coalesced: in a room of 2,000 phones
/// a popular question can take hundreds of votes a minute, and one message to everyone per vote would be N×votes
/// messages; instead, every changed question's latest count goes out once per interval.
/// </summary>
public sealed class HubQaNotifier(IHubContext<LiveQaHub> hub, IDbContextFactory<EventsDbContext> dbFactory, ILogger<HubQaNotifier> logger)
    : BackgroundService, IQaNotifier
{
    public static readonly TimeSpan VoteFlushInterval = TimeSpan.FromMilliseconds(100);
    private readonly ConcurrentDictionary<Guid, Guid> _votedQuestions = new();
    private readonly System.Threading.Channels.Channel<Func<Task>> _broadcasts =
        System.Threading.Channels.Channel.CreateUnbounded<Func<Task>>(new() { SingleReader = true });

    Task IQaNotifier.QuestionChangedAsync(string? previousState, QuestionView question) => Queue(() => QuestionChangedAsync(previousState, question));
    Task IQaNotifier.HighlightChangedAsync(Guid sideEventId, QuestionView? highlighted) => Queue(() => HighlightChangedAsync(sideEventId, highlighted));
    Task IQaNotifier.SessionChangedAsync(QaSessionView session) => Queue(() => SessionChangedAsync(session));
    Task IQaNotifier.QuestionWithdrawnAsync(QuestionRemoved removed) => Queue(() => QuestionWithdrawnAsync(removed));
    Task IQaNotifier.CountsChangedAsync(QaCounts counts) => Queue(() => CountsChangedAsync(counts));

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

        var participants = hub.Clients.Group(QaGroups.Participants(question.SideEventId));
        var wasPublic = previousState is not null && QuestionStates.IsPublic(previousState);
        var isPublic = QuestionStates.IsPublic(question.State);
        if (isPublic) await participants.SendAsync(wasPublic ? QaClientMethods.QuestionUpdated : QaClientMethods.QuestionAdded, question);
        else if (wasPublic) await participants.SendAsync(QaClientMethods.QuestionRemoved, new QuestionRemoved(question.SideEventId, question.Id, question.Revision));
    }

    private async Task HighlightChangedAsync(Guid sideEventId, QuestionView? highlighted)
    {
        var message = new HighlightChanged(sideEventId, highlighted);
        await hub.Clients.Group(QaGroups.Moderators(sideEventId)).SendAsync(QaClientMethods.HighlightChanged, message);
        await hub.Clients.Group(QaGroups.Participants(sideEventId)).SendAsync(QaClientMethods.HighlightChanged, message);
    }

    private async Task QuestionWithdrawnAsync(QuestionRemoved removed)
    {
        await hub.Clients.Group(QaGroups.Moderators(removed.SideEventId)).SendAsync(QaClientMethods.QuestionRemoved, removed);
        await hub.Clients.Group(QaGroups.Participants(removed.SideEventId)).SendAsync(QaClientMethods.QuestionRemoved, removed);
    }

    private async Task SessionChangedAsync(QaSessionView session)
    {
        await hub.Clients.Group(QaGroups.Moderators(session.SideEventId)).SendAsync(QaClientMethods.SessionChanged, session);
        await hub.Clients.Group(QaGroups.Participants(session.SideEventId)).SendAsync(QaClientMethods.SessionChanged, session with { Code = null });
    }

    private Task CountsChangedAsync(QaCounts counts) =>
        hub.Clients.Group(QaGroups.Moderators(counts.SideEventId)).SendAsync(QaClientMethods.CountsChanged, counts);

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
                            await hub.Clients.Group(QaGroups.Participants(question.SideEventId)).SendAsync(QaClientMethods.QuestionUpdated, question, stoppingToken);
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
