using System.Collections.Concurrent;
using Events.Shared.QandA;

namespace Events.Server.QandA;

/// <summary>
/// The Q&amp;A's limits on asking, voting and getting participant keys, kept in memory. They used to be counted from
/// the stored rows, which needed a row tying each question to its asker; the counters here are keyed by the caller's
/// tags (<see cref="QaIdentity.AskerTag"/>, <see cref="QaIdentity.VoterTag"/>) and address and forget them after their window. Per instance: with
/// several instances behind a load balancer each has its own counters, and a restart starts them afresh.
/// </summary>
public sealed class QaFloodGuard(QaFloodLimits limits)
{
    public static readonly string TooManyQuestions =
        $"You have asked {QaLimits.QuestionsPerMinute} questions in the last minute. Wait a moment before asking another.";
    public const string TooManyFromAddress =
        "Too many questions are coming from your network just now. Wait a minute and ask again.";
    public const string TooManyVoters =
        "This question has had as many votes from your network as one network can give.";

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly SlidingCounts _askers = new(), _askingAddresses = new(), _keyAddresses = new();
    private readonly VoterSets _voters = new();

    public QaFloodLimits Limits => limits;

    /// <summary>Counts a question, or says why not: the asker's own limit, then the address's. A refusal counts nothing.</summary>
    public string? TakeQuestion(Guid sideEventId, byte[] askerTag, string? address)
    {
        var asker = Convert.ToHexString(askerTag);
        if (!_askers.TryTake(asker, QaLimits.QuestionsPerMinute, Minute)) return TooManyQuestions;
        if (_askingAddresses.TryTake($"{sideEventId:N}|{Address(address)}", limits.QuestionsPerAddressPerMinute, Minute)) return null;
        _askers.GiveBack(asker);
        return TooManyFromAddress;
    }

    /// <summary>Whether this voter may vote on the question from this address: voters already counted always may.</summary>
    public string? TakeVoter(Guid questionId, byte[] voterTag, string? address) =>
        _voters.TryAdd($"{questionId:N}|{Address(address)}", Convert.ToHexString(voterTag), limits.VotersPerAddressPerQuestion) ? null : TooManyVoters;

    public bool TakeParticipantKey(string? address) => _keyAddresses.TryTake(Address(address), limits.KeysPerAddressPerMinute, Minute);

    private static string Address(string? address) => address ?? "unknown";

    /// <summary>Events per key within a sliding window; keys whose window has passed are dropped now and then.</summary>
    private sealed class SlidingCounts
    {
        private readonly ConcurrentDictionary<string, Queue<long>> _times = new();
        private int _operations;

        public bool TryTake(string key, int limit, TimeSpan window)
        {
            var now = Environment.TickCount64;
            var cutoff = now - (long)window.TotalMilliseconds;
            if (Interlocked.Increment(ref _operations) % 1024 == 0) Sweep(cutoff);
            while (true)
            {
                var times = _times.GetOrAdd(key, _ => new Queue<long>());
                lock (times)
                {
                    if (!_times.TryGetValue(key, out var current) || current != times) continue; // swept meanwhile
                    while (times.Count > 0 && times.Peek() <= cutoff) times.Dequeue();
                    if (times.Count >= limit) return false;
                    times.Enqueue(now);
                    return true;
                }
            }
        }

        /// <summary>Undoes the latest take (when a second limit refused what the first allowed).</summary>
        public void GiveBack(string key)
        {
            if (!_times.TryGetValue(key, out var times)) return;
            lock (times)
            {
                if (times.Count == 0) return;
                var kept = times.ToArray()[..^1];
                times.Clear();
                foreach (var t in kept) times.Enqueue(t);
            }
        }

        private void Sweep(long cutoff)
        {
            foreach (var (key, times) in _times)
                lock (times)
                    if (times.Count == 0 || times.Last() <= cutoff) _times.TryRemove(new KeyValuePair<string, Queue<long>>(key, times));
        }
    }

    /// <summary>Distinct members per key, forgotten a day after the key was last used (questions do not live longer).</summary>
    private sealed class VoterSets
    {
        private static readonly long Lifetime = (long)TimeSpan.FromDays(1).TotalMilliseconds;
        private readonly ConcurrentDictionary<string, (HashSet<string> Members, long[] LastUsed)> _sets = new();
        private int _operations;

        public bool TryAdd(string key, string member, int limit)
        {
            var now = Environment.TickCount64;
            if (Interlocked.Increment(ref _operations) % 1024 == 0)
                foreach (var (k, set) in _sets)
                    if (Volatile.Read(ref set.LastUsed[0]) < now - Lifetime) _sets.TryRemove(k, out _);
            var (members, lastUsed) = _sets.GetOrAdd(key, _ => ([], [now]));
            lock (members)
            {
                lastUsed[0] = now;
                return members.Contains(member) || (members.Count < limit && members.Add(member));
            }
        }
    }
}
