using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Events.Server.Accounts;

/// <summary>
/// Accounts whose sessions must be checked again on their next request, whatever the validation interval: a role
/// was taken away, the password was reset, the account was erased. Changes made in the database by hand are caught
/// by the interval alone (<see cref="SecurityStampValidatorOptions.ValidationInterval"/>). In memory: one server.
/// </summary>
public sealed class SessionRevocations(IOptions<SecurityStampValidatorOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _changedAt = new();

    public void Revoke(Guid userId)
    {
        var now = clock.GetUtcNow();
        _changedAt[userId] = now;
        // A session issued before now - interval is checked anyway: older entries are no longer needed.
        foreach (var (id, at) in _changedAt)
            if (now - at > options.Value.ValidationInterval) _changedAt.TryRemove(id, out _);
    }

    /// <summary>Whether the account changed after a session was issued (or refreshed) at <paramref name="issuedUtc"/>.</summary>
    public bool ChangedSince(Guid userId, DateTimeOffset? issuedUtc) =>
        _changedAt.TryGetValue(userId, out var at) && (issuedUtc is null || at >= issuedUtc);
}
