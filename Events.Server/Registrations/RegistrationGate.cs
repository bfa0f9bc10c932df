using System.Collections.Concurrent;

namespace Events.Server.Registrations;

/// <summary>
/// A few registrations per target at a time inside this process. In a rush, requests queue here rather than in the
/// database: waiting requests then hold no connection, so the ones that have their turn (and the mails after them) are
/// not starved of connections. The row lock on the target stays the guarantee; this gate is only about fairness and speed.
/// </summary>
internal static class RegistrationGate
{
    private const int PerTarget = 4;
    private static readonly ConcurrentDictionary<Guid, SemaphoreSlim> Gates = new();

    public static async Task<IDisposable> EnterAsync(Guid targetId)
    {
        var gate = Gates.GetOrAdd(targetId, _ => new SemaphoreSlim(PerTarget, PerTarget));
        await gate.WaitAsync();
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _done;
        public void Dispose() { if (Interlocked.Exchange(ref _done, 1) == 0) gate.Release(); }
    }
}
