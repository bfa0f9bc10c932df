using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Database;

/// <summary>
/// The statements whose SQL differs between the providers: row locks held to the end of the transaction, an insert that
/// does nothing when the row exists, an upsert, inserts and updates that hand back the stored row, the database's clock,
/// a sequence's next value, and a lock on a name for the length of a transaction. Services call these whatever the
/// provider, so PostgreSQL's tests run the same code path SQL Server does.
/// <para>
/// A column's value is sent as a parameter, except NULL (written as the literal, which every column type takes, where
/// an untyped NULL parameter is not converted to every type on SQL Server) and a <see cref="SqlFragment"/> of the
/// dialect (<see cref="Now"/>, <see cref="NextValue"/>), which is written in place.
/// </para>
/// </summary>
public abstract partial class SqlDialect
{
    public static SqlDialect Of(DbContext db) => db.Database.IsSqlServer() ? SqlServerDialect.Instance : PostgreSqlDialect.Instance;

    /// <summary>The database's clock as the statement runs, in UTC (as times are stored on both providers).</summary>
    public SqlFragment Now => new(NowSql);

    /// <summary>As <see cref="Now"/>, cut to the minute.</summary>
    public SqlFragment NowToTheMinute => new(NowToTheMinuteSql);

    /// <summary>The next value of the named sequence, taken as the statement runs.</summary>
    public SqlFragment NextValue(string sequence) => new(NextValueSql(CheckName(sequence)));

    protected abstract string NowSql { get; }
    protected abstract string NowToTheMinuteSql { get; }
    protected abstract string NextValueSql(string sequence);

    /// <summary>Takes the sequence's next value in a statement of its own (outside any other statement's rows).</summary>
    public async Task<long> NextValueAsync(DbContext db, string sequence) =>
        // Read as sent: composing (SQL Server's TOP for a Single) would put the sequence where SQL Server refuses it.
        (await NextValueQuery(db, sequence).ToListAsync()).Single();

    /// <summary>The query of <see cref="NextValueAsync"/>.</summary>
    internal IQueryable<long> NextValueQuery(DbContext db, string sequence) =>
        db.Database.SqlQuery<long>(FormattableStringFactory.Create($"SELECT {NextValue(sequence).Sql} AS \"Value\""));

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
    /// A table in the FROM clause of a SELECT that locks rows of several tables at once, each in its own mode, until the
    /// transaction ends: the table and its alias, with SQL Server's lock hints. The SELECT ends with <see cref="LockClause"/>.
    /// </summary>
    public string LockedTable(string table, string alias, RowLock mode) => LockedTableSql(CheckName(table), CheckName(alias), mode);

    /// <summary>What ends a SELECT whose tables were named by <see cref="LockedTable"/>: PostgreSQL's FOR UPDATE OF and kin.</summary>
    public string LockClause(params (string Alias, RowLock Mode)[] locks)
    {
        foreach (var (alias, _) in locks) CheckName(alias);
        return LockClauseSql(locks);
    }

    protected abstract string LockedTableSql(string table, string alias, RowLock mode);
    protected abstract string LockClauseSql((string Alias, RowLock Mode)[] locks);

    /// <summary>
    /// The outbox's next due mail, locked until the transaction ends, skipping mails other senders hold (so that several
    /// senders and instances never take the same one); none when nothing is due or free.
    /// </summary>
    public IQueryable<Email.OutboxMail> NextDueMail(DbSet<Email.OutboxMail> outbox, DateTime now) =>
        outbox.FromSql(FormattableStringFactory.Create(NextDueMailSelect, now));

    /// <summary>The SELECT behind <see cref="NextDueMail"/>, with <c>{0}</c> for the time.</summary>
    protected abstract string NextDueMailSelect { get; }

    /// <summary>Waits for, then holds until the transaction ends, a lock on this name (others with the same name wait).</summary>
    public abstract Task LockNameAsync(DbContext db, string name);

    /// <summary>
    /// Inserts the row unless it would break a unique constraint (a concurrent or earlier copy exists); 1 when inserted, 0 when not.
    /// </summary>
    public Task<int> InsertIfAbsentAsync<T>(DbContext db, params (string Column, object? Value)[] values) where T : class =>
        InsertIfAbsentAsync(db, InsertIfAbsentStatement(TableOf<T>(db), values));

    /// <summary>The statement of <see cref="InsertIfAbsentAsync{T}"/>.</summary>
    internal FormattableString InsertIfAbsentStatement(string table, (string Column, object? Value)[] values)
    {
        var (columns, sql, args) = Values(values);
        return FormattableStringFactory.Create(InsertIfAbsentSql(CheckName(table), string.Join(", ", columns), string.Join(", ", sql)), args);
    }

    protected abstract string InsertIfAbsentSql(string table, string columns, string values);

    /// <summary>Runs the statement of <see cref="InsertIfAbsentStatement"/>: 1 when inserted, 0 when the row was there.</summary>
    protected abstract Task<int> InsertIfAbsentAsync(DbContext db, FormattableString statement);

    /// <summary>
    /// Inserts the row with <paramref name="key"/> and <paramref name="values"/>, or, when a row with that key exists
    /// (a unique key on exactly those columns), sets <paramref name="values"/> on it; two at once cannot both insert.
    /// </summary>
    public Task<int> UpsertAsync<T>(DbContext db, (string Column, object? Value)[] key, (string Column, object? Value)[] values) where T : class =>
        db.Database.ExecuteSqlAsync(UpsertStatement(TableOf<T>(db), key, values));

    /// <summary>The statement of <see cref="UpsertAsync{T}"/>.</summary>
    internal FormattableString UpsertStatement(string table, (string Column, object? Value)[] key, (string Column, object? Value)[] values)
    {
        if (key.Length == 0 || values.Length == 0) throw new ArgumentException("An upsert needs a key and values to set.");
        var (columns, sql, args) = Values([.. key, .. values]);
        return FormattableStringFactory.Create(
            UpsertSql(CheckName(table), columns.Zip(sql).Take(key.Length).ToArray(), columns.Zip(sql).Skip(key.Length).ToArray()), args);
    }

    /// <summary>The upsert's SQL, from the key's and the values' columns with their SQL (a placeholder, NULL or an expression).</summary>
    protected abstract string UpsertSql(string table, (string Column, string Sql)[] key, (string Column, string Sql)[] values);

    /// <summary>Inserts one row and hands it back as stored (defaults, sequence values and the database's times filled in).</summary>
    public IQueryable<T> InsertReturning<T>(DbSet<T> set, params (string Column, object? Value)[] values) where T : class
    {
        var table = ReturningTable(set);
        var (columns, sql, args) = Values(values);
        return set.FromSql(FormattableStringFactory.Create(InsertReturningSql(table, string.Join(", ", columns), string.Join(", ", sql)), args));
    }

    /// <summary>
    /// Sets <paramref name="changes"/> on the rows <paramref name="where"/> selects (a condition in SQL both providers read,
    /// its values as parameters) and hands them back as stored.
    /// </summary>
    public IQueryable<T> UpdateReturning<T>(DbSet<T> set, (string Column, object? Value)[] changes, FormattableString where) where T : class
    {
        var table = ReturningTable(set);
        // The condition's placeholders come first, as written; the changes' are numbered after them.
        var (columns, sql, args) = Values(changes, where.ArgumentCount);
        var assignments = string.Join(", ", columns.Zip(sql, (column, value) => $"{column} = {value}"));
        return set.FromSql(FormattableStringFactory.Create(UpdateReturningSql(table, assignments, where.Format), [.. where.GetArguments(), .. args]));
    }

    /// <summary>
    /// As <see cref="InsertReturning{T}"/>, unless the row would break a unique constraint (a concurrent or earlier copy
    /// holds the key; a concurrent one is waited for): then nothing is inserted and null comes back, for the caller to
    /// read the row that is there. One statement, where a look-up first would cost a round trip and a lock.
    /// </summary>
    public async Task<T?> InsertIfAbsentReturningAsync<T>(DbSet<T> set, params (string Column, object? Value)[] values) where T : class
    {
        var insert = set.FromSql(InsertIfAbsentReturningStatement(ReturningTable(set), values)).AsNoTracking();
        try { return await insert.AsAsyncEnumerable().SingleOrDefaultAsync(); }
        catch (Exception e) when (KeyWasTaken(e)) { return null; }
    }

    /// <summary>The statement of <see cref="InsertIfAbsentReturningAsync{T}"/>.</summary>
    internal FormattableString InsertIfAbsentReturningStatement(string table, (string Column, object? Value)[] values)
    {
        var (columns, sql, args) = Values(values);
        return FormattableStringFactory.Create(InsertIfAbsentReturningSql(CheckName(table), string.Join(", ", columns), string.Join(", ", sql)), args);
    }

    protected abstract string InsertIfAbsentReturningSql(string table, string columns, string values);

    /// <summary>Whether an insert failed because its key was taken (where the statement itself cannot skip it).</summary>
    protected virtual bool KeyWasTaken(Exception e) => false;

    protected abstract string InsertReturningSql(string table, string columns, string values);
    protected abstract string UpdateReturningSql(string table, string assignments, string where);

    /// <summary>The table a statement that hands rows back may write (SQL Server refuses its OUTPUT clause on tables with triggers).</summary>
    protected virtual string ReturningTable<T>(DbSet<T> set) where T : class => CheckName(set.EntityType.GetTableName()!);

    /// <summary>A SELECT of <paramref name="what"/> from the row whose key is <c>{0}</c>, with the lock.</summary>
    protected abstract string LockedSelect(string what, string table, string keyColumn, RowLock mode);

    /// <summary>
    /// The columns (checked as plain names) and the SQL of each value: a placeholder numbered from <paramref name="first"/>
    /// (the value goes to the arguments), NULL, or the dialect's own expression.
    /// </summary>
    private static (string[] Columns, string[] Sql, object?[] Args) Values((string Column, object? Value)[] values, int first = 0)
    {
        var args = new List<object?>();
        var sql = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            switch (values[i].Value)
            {
                case null: sql[i] = "NULL"; break;
                case SqlFragment fragment: sql[i] = fragment.Sql; break;
                case var value:
                    sql[i] = $"{{{first + args.Count}}}";
                    args.Add(value);
                    break;
            }
        }
        return (values.Select(v => CheckName(v.Column)).ToArray(), sql, args.ToArray());
    }

    private static string TableOf<T>(DbContext db) where T : class =>
        db.Model.FindEntityType(typeof(T))?.GetTableName() ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");

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
