using System.Security.Cryptography;
using System.Text;

namespace Events.Server.QandA;

/// <summary>
/// Who is calling, as far as the Q&amp;A cares: a signed-in account, or a browser carrying a random participant key (a
/// code-holder without an account), or neither (may read with a code, but not ask or vote). An account always wins over a key.
/// </summary>
public sealed record QaIdentity(Guid? UserId, string? BrowserKey)
{
    public static readonly QaIdentity Nobody = new(null, null);

    public static QaIdentity Account(Guid userId) => new(userId, null);
    public static QaIdentity Browser(string key) => new(null, key);

    /// <summary>Keys shorter than this are refused: a guessable key would let someone vote or ask as another browser.</summary>
    public const int MinimumKeyLength = 22;
    private const int MaximumKeyLength = 200;

    public static QaIdentity From(Guid? userId, string? browserKey) =>
        userId is { } id ? Account(id)
        : browserKey is { Length: >= MinimumKeyLength and <= MaximumKeyLength } ? Browser(browserKey)
        : Nobody;

    public bool CanParticipate => UserId is not null || BrowserKey is not null;

    /// <summary>The stored form of a browser key: bound to the event, so one browser cannot be linked across events.</summary>
    public byte[]? KeyHashFor(Guid sideEventId) =>
        UserId is null && BrowserKey is { } key ? SHA256.HashData(Encoding.UTF8.GetBytes($"{sideEventId:N}:{key}")) : null;

    public static string NewBrowserKey() => Events.Shared.QandA.QaHub.NewParticipantKey();

    // Never print the key or the account in logs.
    public override string ToString() => UserId is not null ? "account" : BrowserKey is not null ? "browser" : "nobody";
}
