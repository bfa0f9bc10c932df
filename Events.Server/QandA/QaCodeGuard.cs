using System.Threading.RateLimiting;

namespace Events.Server.QandA;

/// <summary>
/// Slows down guessing of Q&amp;A codes. A code lets its holder read an event's questions, and the people asking them
/// may be at risk; six characters from 31 are hundreds of millions of codes, but a script could still try thousands a
/// minute through the hub or the pages. Only wrong codes count, per network address, so a room full of phones behind
/// one address is not held up by a few typos.
/// </summary>
public sealed class QaCodeGuard : IDisposable
{
    public const int WrongCodesPerMinute = 10;
    public const string Refusal = "Too many wrong Q&A codes from your network. Wait a minute, then check the code on the screen in the room.";

    private readonly PartitionedRateLimiter<string> _wrongCodes = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = WrongCodesPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
        }));

    /// <summary>Whether this address has used up its wrong guesses for now.</summary>
    public bool IsBlocked(string? address) => _wrongCodes.GetStatistics(Key(address))?.CurrentAvailablePermits <= 0;

    public void WrongCode(string? address)
    {
        using var _ = _wrongCodes.AttemptAcquire(Key(address));
    }

    private static string Key(string? address) => address ?? "unknown";

    public void Dispose() => _wrongCodes.Dispose();
}
