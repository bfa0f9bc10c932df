using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace Events.Server.Accounts;

/// <summary>
/// Two-factor sign-in for <see cref="DapperUserStore"/>: the flag, the authenticator app's shared key and the recovery codes.
/// The key is kept encrypted with the data-protection keys (a folder outside the database) and the recovery codes only as
/// salted PBKDF2 hashes, so that a database dump or backup alone lets nobody pass the second factor.
/// </summary>
public sealed partial class DapperUserStore :
    IUserTwoFactorStore<EventsUser>,
    IUserAuthenticatorKeyStore<EventsUser>,
    IUserTwoFactorRecoveryCodeStore<EventsUser>
{
    // Recovery codes carry about 47 bits (Identity's ten characters from 26); the iterations make a dump's hashes too slow
    // to search, while checking the ten codes of one account at sign-in stays a few milliseconds each.
    private const int RecoveryCodeIterations = 20_000;
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private IDataProtector? _keyProtector;
    private IDataProtector KeyProtector => _keyProtector ??= protection.CreateProtector("Events.AuthenticatorKey.v1");

    public Task SetTwoFactorEnabledAsync(EventsUser user, bool enabled, CancellationToken cancellationToken) { user.TwoFactorEnabled = enabled; return Task.CompletedTask; }
    public Task<bool> GetTwoFactorEnabledAsync(EventsUser user, CancellationToken cancellationToken) => Task.FromResult(user.TwoFactorEnabled);

    public Task SetAuthenticatorKeyAsync(EventsUser user, string key, CancellationToken cancellationToken)
    {
        user.AuthenticatorKeyProtected = string.IsNullOrEmpty(key) ? null : KeyProtector.Protect(key);
        return Task.CompletedTask;
    }

    public Task<string?> GetAuthenticatorKeyAsync(EventsUser user, CancellationToken cancellationToken)
    {
        if (user.AuthenticatorKeyProtected is not { } stored) return Task.FromResult<string?>(null);
        try
        {
            return Task.FromResult<string?>(KeyProtector.Unprotect(stored));
        }
        catch (CryptographicException e)
        {
            // The data-protection keys were lost or replaced. Failing closed: a random key nobody holds, so the account
            // needs a recovery code (or a reset) rather than quietly signing in without its second factor.
            logger.LogError(e, "An authenticator key could not be decrypted; the account can sign in only with a recovery code until it enrols again");
            return Task.FromResult<string?>(RandomNumberGenerator.GetString(Base32Alphabet, 32));
        }
    }

    public async Task ReplaceCodesAsync(EventsUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken)
    {
        var rows = recoveryCodes.Select(code =>
        {
            var salt = RandomNumberGenerator.GetBytes(16);
            return new { UserId = user.Id, Salt = salt, Hash = HashRecoveryCode(code, salt) };
        }).ToList();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM user_recovery_codes WHERE user_id = @Id", new { user.Id }, transaction);
        await connection.ExecuteAsync("INSERT INTO user_recovery_codes (user_id, salt, hash) VALUES (@UserId, @Salt, @Hash)", rows, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> RedeemCodeAsync(EventsUser user, string code, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 64) return false;
        await using var connection = await database.OpenAsync(cancellationToken);
        var stored = await connection.QueryAsync<(long Id, byte[] Salt, byte[] Hash)>(
            "SELECT id, salt, hash FROM user_recovery_codes WHERE user_id = @Id", new { user.Id });
        foreach (var (id, salt, hash) in stored)
        {
            if (!CryptographicOperations.FixedTimeEquals(HashRecoveryCode(code, salt), hash)) continue;
            // Deleting decides: of two sign-ins racing with one code, only the one whose delete removed the row wins.
            return await connection.ExecuteAsync("DELETE FROM user_recovery_codes WHERE id = @id", new { id }) == 1;
        }
        return false;
    }

    public async Task<int> CountCodesAsync(EventsUser user, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM user_recovery_codes WHERE user_id = @Id", new { user.Id });
    }

    /// <summary>Case, spaces and dashes do not matter: people copy codes by hand from paper.</summary>
    private static byte[] HashRecoveryCode(string code, byte[] salt)
    {
        var normalised = new string(code.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
        return Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(normalised), salt, RecoveryCodeIterations, HashAlgorithmName.SHA256, 32);
    }
}
