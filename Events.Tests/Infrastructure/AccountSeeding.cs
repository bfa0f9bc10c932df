using Events.Server.Accounts;
using Events.Server.Database;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Events.Tests.Infrastructure;

/// <summary>A confirmed account put straight into the database by <see cref="AccountSeeding"/>.</summary>
public sealed record SeededAccount(Guid Id, string Email, string DisplayName);

/// <summary>
/// The one way tests and benchmarks create accounts (the benches compile this file too): confirmed accounts, normalised
/// as Identity normalises them, with roles. Hashing a password is slow on purpose, so
/// a call hashes it once for all its accounts: a rush needs a thousand people who log in with the same password.
/// </summary>
public static class AccountSeeding
{
    private static readonly UpperInvariantLookupNormalizer Normalizer = new();

    /// <summary>One account; a unique address is made from the name when none is given.</summary>
    public static async Task<SeededAccount> AddAccountAsync(this IDbContextFactory<EventsDbContext> dbFactory, string displayName,
        string? email = null, string? password = null, params string[] roles) =>
        (await dbFactory.AddAccountsAsync([(displayName, email ?? UniqueAddress(displayName))], password, roles))[0];

    /// <summary><paramref name="count"/> accounts "{prefix} 1".."{prefix} n", with the addresses <paramref name="email"/> gives (unique ones by default).</summary>
    public static Task<IReadOnlyList<SeededAccount>> AddAccountsAsync(this IDbContextFactory<EventsDbContext> dbFactory, int count,
        string prefix = "Participant", Func<int, string>? email = null, string? password = null, params string[] roles) =>
        dbFactory.AddAccountsAsync(Enumerable.Range(1, count).Select(n => ($"{prefix} {n}", email?.Invoke(n) ?? UniqueAddress($"{prefix} {n}"))).ToList(),
            password, roles);

    /// <summary>
    /// The given people, in one statement. SQL rather than the model: it names only the columns every version of the
    /// schema has, so that upgrade tests can seed a database migrated to an earlier point.
    /// </summary>
    public static async Task<IReadOnlyList<SeededAccount>> AddAccountsAsync(this IDbContextFactory<EventsDbContext> dbFactory,
        IReadOnlyList<(string DisplayName, string Email)> people, string? password = null, params string[] roles)
    {
        var hash = password is null ? null : new PasswordHasher<EventsUser>().HashPassword(new EventsUser(), password);
        var ids = people.Select(_ => Guid.NewGuid()).ToArray();
        var emails = people.Select(p => p.Email).ToArray();
        var normalized = emails.Select(e => Normalizer.NormalizeEmail(e)!).ToArray();
        var names = people.Select(p => p.DisplayName).ToArray();
        var stamps = people.Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO users (id, user_name, normalized_user_name, email, normalized_email, email_confirmed, display_name, password_hash, security_stamp, concurrency_stamp)
            SELECT id, email, normalized, email, normalized, true, name, {hash}, stamp, stamp
            FROM unnest({ids}, {emails}, {normalized}, {names}, {stamps}) AS p(id, email, normalized, name, stamp)
            """);
        var granted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO user_roles (user_id, role_id) SELECT u, r.id FROM unnest({ids}) AS u CROSS JOIN roles r WHERE r.name = ANY({roles})
            """);
        if (granted != ids.Length * roles.Distinct().Count()) throw new ArgumentException($"Unknown role among {string.Join(", ", roles)}", nameof(roles));
        await transaction.CommitAsync();
        return people.Select((p, i) => new SeededAccount(ids[i], p.Email, p.DisplayName)).ToList();
    }

    private static string UniqueAddress(string name) =>
        $"{new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '.').ToArray())}.{Guid.NewGuid().ToString("N")[..8]}@example.org";
}
