using System.Collections.Concurrent;
using Events.Shared.Registrations;

namespace Events.Server.Registrations;

/// <summary>
/// Registrations for one target inside this process, taken together. While one transaction holds the target's row lock,
/// the requests that arrive wait here; when it ends, the first of them takes all that waited (in arrival order, up to
/// <see cref="MaxBatch"/>) into the next transaction. One lock, one count and one commit then serve many people, which
/// is what a rush needs. The row lock stays the guarantee across instances; the seat decisions are made under it, from
/// the count read under it, so the count stays exact.
/// </summary>
internal static class RegistrationQueue
{
    private const int MaxBatch = 100;
    private static readonly ConcurrentDictionary<Guid, Line> Lines = new();

    /// <param name="registerMany">Registers a batch of people (in order) in one transaction; one outcome each.</param>
    /// <param name="registerAlone">For a person whose batch failed (say a unique index hit by another instance): the one-by-one way.</param>
    public static async Task<RegistrationOutcome> RegisterAsync(Guid targetId, Guid userId,
        Func<Guid, IReadOnlyList<Guid>, Task<RegistrationOutcome[]>> registerMany, Func<Task<RegistrationOutcome>> registerAlone)
    {
        var line = Lines.GetOrAdd(targetId, _ => new Line());
        var me = new Waiting(userId);
        bool leading;
        lock (line)
        {
            line.People.Add(me);
            leading = !line.Busy;
            line.Busy = true;
        }
        // Either a batch led by someone else answers, or the turn to lead passes to this request (it is first in line then).
        if (!leading && await Task.WhenAny(me.Outcome.Task, me.Turn.Task) == me.Outcome.Task)
            return await me.Outcome.Task ?? await registerAlone();

        List<Waiting> batch;
        lock (line)
        {
            batch = line.People.Take(MaxBatch).ToList();
            line.People.RemoveRange(0, batch.Count);
        }
        try
        {
            var outcomes = await registerMany(targetId, batch.Select(w => w.UserId).ToList());
            for (var i = 0; i < batch.Count; i++) batch[i].Outcome.TrySetResult(outcomes[i]);
        }
        catch (Exception)
        {
            // Nothing of the batch was committed: each tries again on its own (and gets its own error if it fails again).
            foreach (var waiting in batch) waiting.Outcome.TrySetResult(null);
        }
        finally
        {
            Waiting? next = null;
            lock (line)
            {
                if (line.People.Count > 0) next = line.People[0];
                else line.Busy = false;
            }
            next?.Turn.TrySetResult();
        }
        return await me.Outcome.Task ?? await registerAlone();
    }

    private sealed class Line
    {
        public readonly List<Waiting> People = [];
        public bool Busy;
    }

    private sealed class Waiting(Guid userId)
    {
        public Guid UserId { get; } = userId;
        /// <summary>The answer, or null: register alone.</summary>
        public TaskCompletionSource<RegistrationOutcome?> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
