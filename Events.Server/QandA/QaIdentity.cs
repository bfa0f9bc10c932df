using System.Security.Cryptography;
using System.Text;

namespace Events.Server.QandA;

/// <summary>
/// Who is calling, as far as the Q&amp;A cares: a signed-in account, or a browser carrying a participant key the server
/// issued (a code-holder without an account), or neither (may read with a code, but not ask or vote). An account always
/// wins over a key. <see cref="KeyRefused"/> says a key was sent that the server did not issue.
/// </summary>
public sealed record QaIdentity(Guid? UserId, string? BrowserKey, bool KeyRefused = false)
{
    public static readonly QaIdentity Nobody = new(null, null);

    public static QaIdentity Account(Guid userId) => new(userId, null);
    public static QaIdentity Browser(string key) => new(null, key);

    /// <summary>The caller as the hub sees it: the account, else the participant key if this server issued it.</summary>
    public static QaIdentity From(Guid? userId, string? browserKey, QaSecret secret) =>
        userId is { } id ? Account(id)
        : secret.IssuedParticipantKey(browserKey) ? Browser(browserKey!)
        : new QaIdentity(null, null, KeyRefused: !string.IsNullOrEmpty(browserKey));

    public bool CanParticipate => UserId is not null || BrowserKey is not null;

    /// <summary>The stored form of a browser key (named questions only): bound to the event, so one browser cannot be linked across events.</summary>
    public byte[]? KeyHashFor(Guid sideEventId) =>
        UserId is null && BrowserKey is { } key ? SHA256.HashData(Encoding.UTF8.GetBytes($"{sideEventId:N}:{key}")) : null;

    /// <summary>
    /// The caller in one event, under the server key: what the rate limits count. Never stored: it lives in the server's
    /// memory for a minute at most.
    /// </summary>
    public byte[] AskerTag(QaSecret secret, Guid sideEventId) => secret.Mac("qa-asker", $"{sideEventId:N}|{Who}");

    /// <summary>
    /// What a vote is stored under: different for every question, so that one person's votes cannot even be told to be
    /// one person's, and without the server key nobody can tell whose they are.
    /// </summary>
    public byte[] VoterTag(QaSecret secret, Guid sideEventId, Guid questionId) => secret.Mac("qa-voter", $"{sideEventId:N}|{questionId:N}|{Who}");

    /// <summary>An anonymous question's owner tag: only its asker's identity (and the server key) gives the same tag again.</summary>
    public byte[] OwnerTag(QaSecret secret, Guid sideEventId, Guid requestId) => secret.Mac("qa-owner", $"{sideEventId:N}|{Who}|{requestId:N}");

    private string Who => UserId is { } id ? $"user:{id:N}" : BrowserKey is { } key ? $"key:{key}" : throw new InvalidOperationException("Nobody has no tag.");

    // Never print the key or the account in logs.
    public override string ToString() => UserId is not null ? "account" : BrowserKey is not null ? "browser" : "nobody";
}
