using System.Security.Cryptography;
using System.Text;
using Events.Server.Database;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Accounts;

/// <summary>
/// Identity's EF Core user store, with two things kept stricter than its defaults: the authenticator app's shared key is
/// stored encrypted with the Data Protection keys, and recovery codes only as salted PBKDF2 hashes (Identity would keep
/// both readable in a token row), so that a database dump or backup alone lets nobody pass the second factor. A second
/// registration of one address at the same moment is an ordinary "duplicate e-mail" result, not an exception.
/// </summary>
public sealed class EventsUserStore(EventsDbContext context, IDataProtectionProvider protection, ILogger<EventsUserStore> logger, IdentityErrorDescriber? describer = null)
    : UserStore<EventsUser, EventsRole, EventsDbContext, Guid>(context, describer)
{
    // Recovery codes carry about 47 bits (Identity's ten characters from 26); the iterations make a dump's hashes too slow
    // to search, while checking the ten codes of one account at sign-in stays a few milliseconds each.
    private const int RecoveryCodeIterations = 20_000;
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private readonly IDataProtector _keyProtector = protection.CreateProtector("Events.AuthenticatorKey.v1");

    public override async Task<IdentityResult> CreateAsync(EventsUser user, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.CreateAsync(user, cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseRefusal.Is(e, RefusalKind.Unique))
        {
            // Two registrations for one address at the same moment: the validator saw neither, the index stops the second.
            Context.Entry(user).State = EntityState.Detached;
            return IdentityResult.Failed(ErrorDescriber.DuplicateEmail(user.Email ?? ""));
        }
    }

    /// <summary>Ids come from links anyone can edit: one that is not an id finds nobody (Identity's store would throw).</summary>
    public override Task<EventsUser?> FindByIdAsync(string userId, CancellationToken cancellationToken = default) =>
        Guid.TryParse(userId, out var id) ? Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken) : Task.FromResult<EventsUser?>(null);

    public override Task SetAuthenticatorKeyAsync(EventsUser user, string key, CancellationToken cancellationToken = default)
    {
        user.AuthenticatorKeyProtected = string.IsNullOrEmpty(key) ? null : _keyProtector.Protect(key);
        return Task.CompletedTask;
    }

    public override Task<string?> GetAuthenticatorKeyAsync(EventsUser user, CancellationToken cancellationToken = default)
    {
        if (user.AuthenticatorKeyProtected is not { } stored) return Task.FromResult<string?>(null);
        try
        {
            return Task.FromResult<string?>(_keyProtector.Unprotect(stored));
        }
        catch (CryptographicException e)
        {
            // The Data Protection keys were lost or replaced. Failing closed: a random key nobody holds, so the account
            // needs a recovery code (or a reset) rather than quietly signing in without its second factor.
            logger.LogError(e, "An authenticator key could not be decrypted; the account can sign in only with a recovery code until it enrols again");
            return Task.FromResult<string?>(RandomNumberGenerator.GetString(Base32Alphabet, 32));
        }
    }

    public override async Task ReplaceCodesAsync(EventsUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken = default)
    {
        var rows = recoveryCodes.Select(code =>
        {
            var salt = RandomNumberGenerator.GetBytes(16);
            return new UserRecoveryCode { UserId = user.Id, Salt = salt, Hash = HashRecoveryCode(code, salt) };
        }).ToList();
        await using var transaction = await Context.Database.BeginTransactionAsync(cancellationToken);
        await Context.UserRecoveryCodes.Where(c => c.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        Context.UserRecoveryCodes.AddRange(rows);
        await Context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var row in rows) Context.Entry(row).State = EntityState.Detached;
    }

    public override async Task<bool> RedeemCodeAsync(EventsUser user, string code, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 64) return false;
        var stored = await Context.UserRecoveryCodes.AsNoTracking().Where(c => c.UserId == user.Id)
            .Select(c => new { c.Id, c.Salt, c.Hash }).ToListAsync(cancellationToken);
        foreach (var row in stored)
        {
            if (!CryptographicOperations.FixedTimeEquals(HashRecoveryCode(code, row.Salt), row.Hash)) continue;
            // Deleting decides: of two sign-ins racing with one code, only the one whose delete removed the row wins.
            return await Context.UserRecoveryCodes.Where(c => c.Id == row.Id).ExecuteDeleteAsync(cancellationToken) == 1;
        }
        return false;
    }

    public override Task<int> CountCodesAsync(EventsUser user, CancellationToken cancellationToken = default) =>
        Context.UserRecoveryCodes.CountAsync(c => c.UserId == user.Id, cancellationToken);

    /// <summary>Case, spaces and dashes do not matter: people copy codes by hand from paper.</summary>
    private static byte[] HashRecoveryCode(string code, byte[] salt)
    {
        var normalised = new string(code.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
        return Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(normalised), salt, RecoveryCodeIterations, HashAlgorithmName.SHA256, 32);
    }
}
