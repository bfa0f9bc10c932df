using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Events.Server.Accounts;

/// <summary>
/// Slows password guessing without letting anyone lock a person out (Identity's account lockout did: ten wrong
/// passwords from anywhere locked the owner out too). Failed log-ins are counted per address and client: a device
/// that has logged in to the address before (<see cref="KnownDevices"/>) is its own client, any other client is its
/// network (the IP address; an IPv6 /64). After <c>FreeFailures</c> failures a client waits <c>FirstDelaySeconds</c> (2),
/// then twice as long after each further failure (at most <c>MaxDelaySeconds</c>) between attempts. Failures from unknown clients also add up per address across
/// networks; past <c>AddressFreeFailures</c> unknown clients wait likewise, so that guessing from many networks is
/// slow too, while the owner's known devices are never slowed by others. An owner on a new device under such an
/// attack waits a few minutes at most, or resets the password, which makes that device known.
/// Counts are kept in memory for one server and are the same whether the address has an account or not.
/// </summary>
public sealed class LoginThrottle(Microsoft.Extensions.Options.IOptions<AccountOptions> options, TimeProvider clock)
{
    private readonly int _freeFailures = options.Value.Login.FreeFailures;
    private readonly int _addressFreeFailures = options.Value.Login.AddressFreeFailures;
    private readonly double _firstDelaySeconds = options.Value.Login.FirstDelaySeconds;
    private readonly TimeSpan _maxDelay = TimeSpan.FromSeconds(options.Value.Login.MaxDelaySeconds);
    private readonly TimeSpan _window = TimeSpan.FromMinutes(options.Value.Login.WindowMinutes);
    private readonly ConcurrentDictionary<string, Counter> _counters = new();
    private const int PruneAbove = 100_000;

    /// <summary>Who is trying to log in to <paramref name="normalizedEmail"/>: a known device of it, or a network.</summary>
    public Client Identify(string normalizedEmail, string? knownDeviceId, IPAddress? remote) => knownDeviceId is not null
        ? new Client(normalizedEmail, "device:" + knownDeviceId, KnownDevice: true)
        : new Client(normalizedEmail, "net:" + Hosting.ClientNetwork.Of(remote), KnownDevice: false);

    /// <summary>How long the client must still wait before its next attempt is checked; null when it may try now.</summary>
    public TimeSpan? WaitBefore(Client client)
    {
        var now = clock.GetUtcNow();
        var wait = Wait(ClientKey(client), _freeFailures, now);
        if (!client.KnownDevice && Wait(AddressKey(client), _addressFreeFailures, now) is { } addressWait && (wait is null || addressWait > wait))
            wait = addressWait;
        return wait;
    }

    public void RecordFailure(Client client)
    {
        var now = clock.GetUtcNow();
        Fail(ClientKey(client), now);
        if (!client.KnownDevice) Fail(AddressKey(client), now);
        if (_counters.Count > PruneAbove)
            foreach (var (key, counter) in _counters)
                if (now - counter.Last > _window) _counters.TryRemove(key, out _);
    }

    /// <summary>The right password: this client starts again from nothing (the address's count for other networks stays).</summary>
    public void RecordSuccess(Client client) => _counters.TryRemove(ClientKey(client), out _);

    private TimeSpan? Wait(string key, int free, DateTimeOffset now)
    {
        if (!_counters.TryGetValue(key, out var counter)) return null;
        lock (counter)
        {
            if (counter.Failures <= free || now - counter.Last > _window) return null;
            var delay = TimeSpan.FromSeconds(Math.Min(_firstDelaySeconds * Math.Pow(2, counter.Failures - free - 1), _maxDelay.TotalSeconds));
            var until = counter.Last + delay;
            return until > now ? until - now : null;
        }
    }

    private void Fail(string key, DateTimeOffset now)
    {
        var counter = _counters.GetOrAdd(key, _ => new Counter());
        lock (counter)
        {
            if (now - counter.Last > _window) counter.Failures = 0;
            counter.Failures++;
            counter.Last = now;
        }
    }

    private static string ClientKey(Client client) => client.Address + "\n" + client.Bucket;
    private static string AddressKey(Client client) => client.Address + "\nunknown-clients";

    /// <summary>The address being logged in to, and the client's bucket (a known device, or a network).</summary>
    public readonly record struct Client(string Address, string Bucket, bool KnownDevice);

    private sealed class Counter
    {
        public int Failures;
        public DateTimeOffset Last;
    }
}
