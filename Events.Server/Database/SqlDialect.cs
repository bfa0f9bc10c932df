using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Database;

/// <summary>
/// The statements whose SQL differs between the providers: row locks held to the end of the transaction, an insert that
/// does nothing when the row exists, and a lock on a name for the length of a transaction. Services call these whatever
/// the provider, so PostgreSQL's tests run the same code path SQL Server does.
/// </summary>
public abstract partial class SqlDialect
{
    public static SqlDialect Of(DbContext db) => db.Database.IsSqlServer() ? SqlServerDialect.Instance : PostgreSqlDialect.Instance;

    /// <summary>The row of <paramref name="set"/> with this primary key, locked until the transaction ends.</summary>
    public IQueryable<T> Locked<T>(DbSet<T> set, object key, RowLock mode = RowLock.Update) where T : class
    {
        var (table, keyColumn) = TableAndKey(set);
        return set.FromSql(FormattableStringFactory.Create(LockedSelect("*", table, keyColumn, mode), key));
    }

    /// <summary>Locks the row of <paramref name="set"/> with this primary key until the transaction ends, reading nothing.</summary>
    public async Task LockAsync<T>(DbContext db, DbSet<T> set, object key, RowLock mode) where T : class
    {
        var (table, keyColumn) = TableAndKey(set);
        await db.Database.ExecuteSqlAsync(FormattableStringFactory.Create(LockedSelect("1", table, keyColumn, mode), key));
    }

    /// <summary>
    /// The outbox's next due mail, locked until the transaction ends, skipping mails other senders hold (so that several
    /// senders and instances never take the same one); none when nothing is due or free.
    /// </summary>
    public IQueryable<Email.OutboxMail> NextDueMail(DbSet<Email.OutboxMail> outbox, DateTime now) =>
        outbox.FromSql(FormattableStringFactory.Create(NextDueMailSelect, now));

    /// <summary>The SELECT behind <see cref="NextDueMail"/>, with <c>{0}</c> for the time.</summary>
    protected abstract string NextDueMailSelect { get; }

    /// <summary>Waits for, then holds until the transaction ends, a lock on this number (others with the same number wait).</summary>
    public abstract Task LockNumberAsync(DbContext db, long number);

    /// <summary>As <see cref="LockNumberAsync"/>, on a name.</summary>
    public abstract Task LockNameAsync(DbContext db, string name);

    /// <summary>
    /// Inserts the row unless it would break a unique constraint (a concurrent or earlier copy exists); 1 when inserted, 0 when not.
    /// </summary>
    public Task<int> InsertIfAbsentAsync<T>(DbContext db, params (string Column, object? Value)[] values) where T : class
    {
        var table = db.Model.FindEntityType(typeof(T))?.GetTableName() ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        foreach (var (column, _) in values) CheckName(column);
        return InsertIfAbsentAsync(db, table, values);
    }

    protected abstract Task<int> InsertIfAbsentAsync(DbContext db, string table, (string Column, object? Value)[] values);

    /// <summary>A SELECT of <paramref name="what"/> from the row whose key is <c>{0}</c>, with the lock.</summary>
    protected abstract string LockedSelect(string what, string table, string keyColumn, RowLock mode);

    private static (string Table, string KeyColumn) TableAndKey<T>(DbSet<T> set) where T : class
    {
        var entity = set.EntityType;
        var key = entity.FindPrimaryKey()?.Properties is [var only] ? only : throw new InvalidOperationException($"{typeof(T).Name} needs a one-column key to be locked by it.");
        var table = entity.GetTableName()!;
        return (CheckName(table), CheckName(key.GetColumnName()));
    }

    /// <summary>Names come from the model or the code, never from input; this keeps it so.</summary>
    protected static string CheckName(string name) =>
        Identifier().IsMatch(name) ? name : throw new ArgumentException($"\"{name}\" is not a plain table or column name.", nameof(name));

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex Identifier();
}
