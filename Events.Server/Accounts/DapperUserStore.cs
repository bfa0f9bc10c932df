using Dapper;
using Events.Server.Database;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace Events.Server.Accounts;

/// <summary>Identity's user store on PostgreSQL through Dapper (no EF Core provider works on this stack).</summary>
public sealed partial class DapperUserStore(DatabaseConnections database, IDataProtectionProvider protection, ILogger<DapperUserStore> logger) :
    IUserPasswordStore<EventsUser>,
    IUserEmailStore<EventsUser>,
    IUserSecurityStampStore<EventsUser>,
    IUserLockoutStore<EventsUser>,
    IUserRoleStore<EventsUser>
{
    private const string Columns = """
        id, user_name AS UserName, normalized_user_name AS NormalizedUserName, email, normalized_email AS NormalizedEmail,
        email_confirmed AS EmailConfirmed, display_name AS DisplayName, password_hash AS PasswordHash,
        security_stamp AS SecurityStamp, concurrency_stamp AS ConcurrencyStamp, lockout_end AS LockoutEndUtc,
        lockout_enabled AS LockoutEnabled, access_failed_count AS AccessFailedCount,
        two_factor_enabled AS TwoFactorEnabled, authenticator_key_protected AS AuthenticatorKeyProtected
        """;

    public async Task<IdentityResult> CreateAsync(EventsUser user, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync("""
                INSERT INTO users (id, user_name, normalized_user_name, email, normalized_email, email_confirmed, display_name,
                    password_hash, security_stamp, concurrency_stamp, lockout_end, lockout_enabled, access_failed_count,
                    two_factor_enabled, authenticator_key_protected)
                VALUES (@Id, @UserName, @NormalizedUserName, @Email, @NormalizedEmail, @EmailConfirmed, @DisplayName,
                    @PasswordHash, @SecurityStamp, @ConcurrencyStamp, @LockoutEndUtc, @LockoutEnabled, @AccessFailedCount,
                    @TwoFactorEnabled, @AuthenticatorKeyProtected)
                """, user);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Two registrations for one address at the same moment: the validator saw neither, the index stops the second.
            return IdentityResult.Failed(new IdentityErrorDescriber().DuplicateEmail(user.Email));
        }
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> UpdateAsync(EventsUser user, CancellationToken cancellationToken)
    {
        var previousStamp = user.ConcurrencyStamp;
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            var rows = await connection.ExecuteAsync("""
                UPDATE users SET user_name = @UserName, normalized_user_name = @NormalizedUserName, email = @Email,
                    normalized_email = @NormalizedEmail, email_confirmed = @EmailConfirmed, display_name = @DisplayName,
                    password_hash = @PasswordHash, security_stamp = @SecurityStamp, concurrency_stamp = @ConcurrencyStamp,
                    lockout_end = @LockoutEndUtc, lockout_enabled = @LockoutEnabled, access_failed_count = @AccessFailedCount,
                    two_factor_enabled = @TwoFactorEnabled, authenticator_key_protected = @AuthenticatorKeyProtected
                WHERE id = @Id AND concurrency_stamp IS NOT DISTINCT FROM @PreviousStamp
                """, new
            {
                user.Id, user.UserName, user.NormalizedUserName, user.Email, user.NormalizedEmail, user.EmailConfirmed,
                user.DisplayName, user.PasswordHash, user.SecurityStamp, user.ConcurrencyStamp, user.LockoutEndUtc,
                user.LockoutEnabled, user.AccessFailedCount, user.TwoFactorEnabled, user.AuthenticatorKeyProtected, PreviousStamp = previousStamp,
            });
            if (rows == 0)
            {
                user.ConcurrencyStamp = previousStamp;
                return IdentityResult.Failed(new IdentityErrorDescriber().ConcurrencyFailure());
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            user.ConcurrencyStamp = previousStamp;
            return IdentityResult.Failed(new IdentityErrorDescriber().DuplicateEmail(user.Email));
        }
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> DeleteAsync(EventsUser user, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM users WHERE id = @Id", new { user.Id });
        return IdentityResult.Success;
    }

    public async Task<EventsUser?> FindByIdAsync(string userId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(userId, out var id)) return null;
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<EventsUser>($"SELECT {Columns} FROM users WHERE id = @id", new { id });
    }

    public async Task<EventsUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<EventsUser>(
            $"SELECT {Columns} FROM users WHERE normalized_user_name = @normalizedUserName", new { normalizedUserName });
    }

    public async Task<EventsUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<EventsUser>(
            $"SELECT {Columns} FROM users WHERE normalized_email = @normalizedEmail", new { normalizedEmail });
    }

    public Task<string> GetUserIdAsync(EventsUser user, CancellationToken cancellationToken) => Task.FromResult(user.Id.ToString());
    public Task<string?> GetUserNameAsync(EventsUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.UserName);
    public Task SetUserNameAsync(EventsUser user, string? userName, CancellationToken cancellationToken) { user.UserName = userName ?? ""; return Task.CompletedTask; }
    public Task<string?> GetNormalizedUserNameAsync(EventsUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedUserName);
    public Task SetNormalizedUserNameAsync(EventsUser user, string? normalizedName, CancellationToken cancellationToken) { user.NormalizedUserName = normalizedName ?? ""; return Task.CompletedTask; }

    public Task SetPasswordHashAsync(EventsUser user, string? passwordHash, CancellationToken cancellationToken) { user.PasswordHash = passwordHash; return Task.CompletedTask; }
    public Task<string?> GetPasswordHashAsync(EventsUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash);
    public Task<bool> HasPasswordAsync(EventsUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash is not null);

    public Task SetEmailAsync(EventsUser user, string? email, CancellationToken cancellationToken) { user.Email = email ?? ""; return Task.CompletedTask; }
    public Task<string?> GetEmailAsync(EventsUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Email);
    public Task<bool> GetEmailConfirmedAsync(EventsUser user, CancellationToken cancellationToken) => Task.FromResult(user.EmailConfirmed);
    public Task SetEmailConfirmedAsync(EventsUser user, bool confirmed, CancellationToken cancellationToken) { user.EmailConfirmed = confirmed; return Task.CompletedTask; }
    public Task<string?> GetNormalizedEmailAsync(EventsUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedEmail);
    public Task SetNormalizedEmailAsync(EventsUser user, string? normalizedEmail, CancellationToken cancellationToken) { user.NormalizedEmail = normalizedEmail ?? ""; return Task.CompletedTask; }

    public Task SetSecurityStampAsync(EventsUser user, string stamp, CancellationToken cancellationToken) { user.SecurityStamp = stamp; return Task.CompletedTask; }
    public Task<string?> GetSecurityStampAsync(EventsUser user, CancellationToken cancellationToken) => Task.FromResult(user.SecurityStamp);

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(EventsUser user, CancellationToken cancellationToken) =>
        Task.FromResult(user.LockoutEndUtc is { } end ? new DateTimeOffset(DateTime.SpecifyKind(end, DateTimeKind.Utc)) : (DateTimeOffset?)null);
    public Task SetLockoutEndDateAsync(EventsUser user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken) { user.LockoutEndUtc = lockoutEnd?.UtcDateTime; return Task.CompletedTask; }
    public Task<int> IncrementAccessFailedCountAsync(EventsUser user, CancellationToken cancellationToken) => Task.FromResult(++user.AccessFailedCount);
    public Task ResetAccessFailedCountAsync(EventsUser user, CancellationToken cancellationToken) { user.AccessFailedCount = 0; return Task.CompletedTask; }
    public Task<int> GetAccessFailedCountAsync(EventsUser user, CancellationToken cancellationToken) => Task.FromResult(user.AccessFailedCount);
    public Task<bool> GetLockoutEnabledAsync(EventsUser user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnabled);
    public Task SetLockoutEnabledAsync(EventsUser user, bool enabled, CancellationToken cancellationToken) { user.LockoutEnabled = enabled; return Task.CompletedTask; }

    public async Task AddToRoleAsync(EventsUser user, string roleName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.ExecuteAsync("""
            INSERT INTO user_roles (user_id, role_id)
            SELECT @UserId, id FROM roles WHERE normalized_name = @roleName
            ON CONFLICT DO NOTHING
            """, new { UserId = user.Id, roleName });
        if (rows == 0 && !await IsInRoleAsync(user, roleName, cancellationToken))
            throw new InvalidOperationException($"Role {roleName} does not exist.");
    }

    public async Task RemoveFromRoleAsync(EventsUser user, string roleName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            DELETE FROM user_roles WHERE user_id = @UserId AND role_id = (SELECT id FROM roles WHERE normalized_name = @roleName)
            """, new { UserId = user.Id, roleName });
    }

    public async Task<IList<string>> GetRolesAsync(EventsUser user, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>("""
            SELECT r.name FROM roles r JOIN user_roles ur ON ur.role_id = r.id WHERE ur.user_id = @UserId ORDER BY r.name
            """, new { UserId = user.Id })).ToList();
    }

    public async Task<bool> IsInRoleAsync(EventsUser user, string roleName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>("""
            SELECT EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                           WHERE ur.user_id = @UserId AND r.normalized_name = @roleName)
            """, new { UserId = user.Id, roleName });
    }

    public async Task<IList<EventsUser>> GetUsersInRoleAsync(string roleName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<EventsUser>($"""
            SELECT {Columns} FROM users u WHERE EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                WHERE ur.user_id = u.id AND r.normalized_name = @roleName)
            """, new { roleName })).ToList();
    }

    public void Dispose() { }
}
