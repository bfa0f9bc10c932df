using System.Collections.Concurrent;

namespace Events.Server.Accounts;

/// <summary>
/// At most <c>Events:Accounts:MailsPerAddressPerHour</c> (3) account mails of one kind (confirmation, password reset,
/// "someone tried to register") to one address per hour, so that the forms cannot be used to flood someone's inbox.
/// Past the limit nothing is sent and the page says the same as always. In memory, for one server.
/// </summary>
public sealed class AccountMailLimiter(Microsoft.Extensions.Options.IOptions<AccountOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly int _perHour = options.Value.MailsPerAddressPerHour;
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _sent = new();

    public enum Kind { Confirmation, PasswordReset, ExistingAccountNotice }

    /// <summary>Takes one mail from the address's allowance; false when the allowance for this hour is used up.</summary>
    public bool TryTake(Kind kind, string normalizedEmail)
    {
        var now = clock.GetUtcNow();
        var sent = _sent.GetOrAdd($"{kind}\n{normalizedEmail}", _ => new Queue<DateTimeOffset>());
        bool taken;
        lock (sent)
        {
            while (sent.Count > 0 && now - sent.Peek() > Window) sent.Dequeue();
            taken = sent.Count < _perHour;
            if (taken) sent.Enqueue(now);
        }
        if (_sent.Count > 100_000)
            foreach (var (key, queue) in _sent)
                lock (queue) if (queue.Count == 0 || now - queue.Last() > Window) _sent.TryRemove(key, out _);
        return taken;
    }
}
