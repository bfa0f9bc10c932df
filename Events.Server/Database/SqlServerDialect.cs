using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Database;

/// <summary>
/// SQL Server's forms: table hints for row locks (UPDLOCK for an update lock, HOLDLOCK to keep it and the key range to
/// the end of the transaction), an insert whose unique-key refusal counts as "already there", MERGE under HOLDLOCK for
/// an upsert, OUTPUT INSERTED.* for the stored row, SYSUTCDATETIME(), NEXT VALUE FOR and sp_getapplock.
/// Written and scripted here, not run: there is no SQL Server on the machines this was built on (see README).
/// </summary>
public sealed class SqlServerDialect : SqlDialect
{
    public static readonly SqlServerDialect Instance = new();

    protected override string NowSql => "SYSUTCDATETIME()";
    // DATETRUNC is SQL Server 2022's, the version the README asks for.
    protected override string NowToTheMinuteSql => "DATETRUNC(minute, SYSUTCDATETIME())";
    protected override string NextValueSql(string sequence) => $"NEXT VALUE FOR {sequence}";

    protected override string NextDueMailSelect =>
        "SELECT TOP 1 * FROM mail_outbox WITH (UPDLOCK, ROWLOCK, READPAST) WHERE gave_up_at IS NULL AND next_attempt_at <= {0} ORDER BY next_attempt_at, id";

    protected override string LockedSelect(string what, string table, string keyColumn, RowLock mode) =>
        $"SELECT {what} FROM {table} WITH ({Hints(mode)}) WHERE {keyColumn} = {{0}}";

    protected override string LockedTableSql(string table, string alias, RowLock mode) => $"{table} {alias} WITH ({Hints(mode)})";

    // The hints in the FROM clause said it all.
    protected override string LockClauseSql((string Alias, RowLock Mode)[] locks) => "";

    private static string Hints(RowLock mode) => mode switch
    {
        RowLock.Update or RowLock.UpdateNoKey => "UPDLOCK, HOLDLOCK, ROWLOCK",
        RowLock.Share => "HOLDLOCK, ROWLOCK",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    public override async Task LockNameAsync(DbContext db, string name)
    {
        // sp_getapplock's resource names are at most 255 characters; a transaction owns the lock until it ends.
        var resource = name.Length <= 255 ? name : name[..255];
        await db.Database.ExecuteSqlAsync($"""
            DECLARE @result int;
            EXEC @result = sp_getapplock @Resource = {resource}, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = -1;
            IF @result < 0 THROW 51000, 'Could not take the application lock.', 1;
            """);
    }

    protected override string InsertIfAbsentSql(string table, string columns, string values) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values})";

    protected override async Task<int> InsertIfAbsentAsync(DbContext db, FormattableString statement)
    {
        try
        {
            return await db.Database.ExecuteSqlAsync(statement);
        }
        // As PostgreSQL's ON CONFLICT DO NOTHING: any unique key already taken (the statement fails, the transaction goes on).
        catch (Exception e) when (KeyWasTaken(e))
        {
            return 0;
        }
    }

    // HOLDLOCK keeps the key range from the search to the insert, so that two upserts of one new key do not both insert.
    protected override string UpsertSql(string table, (string Column, string Sql)[] key, (string Column, string Sql)[] values) =>
        $"MERGE {table} WITH (HOLDLOCK) AS target USING (SELECT 1 AS one) AS source "
        + $"ON {string.Join(" AND ", key.Select(c => $"target.{c.Column} = {c.Sql}"))} "
        + $"WHEN MATCHED THEN UPDATE SET {string.Join(", ", values.Select(c => $"{c.Column} = {c.Sql}"))} "
        + $"WHEN NOT MATCHED THEN INSERT ({string.Join(", ", key.Concat(values).Select(c => c.Column))}) "
        + $"VALUES ({string.Join(", ", key.Concat(values).Select(c => c.Sql))});";

    protected override string InsertReturningSql(string table, string columns, string values) =>
        $"INSERT INTO {table} ({columns}) OUTPUT INSERTED.* VALUES ({values})";

    // No ON CONFLICT: the insert fails on a taken key (the statement fails, the transaction goes on), as in InsertIfAbsentAsync.
    protected override string InsertIfAbsentReturningSql(string table, string columns, string values) => InsertReturningSql(table, columns, values);

    protected override bool KeyWasTaken(Exception e) => e is SqlException sql && DatabaseRefusal.Of(sql) is { Kind: RefusalKind.Unique };

    protected override string UpdateReturningSql(string table, string assignments, string where) =>
        $"UPDATE {table} SET {assignments} OUTPUT INSERTED.* WHERE {where}";

    protected override string ReturningTable<T>(DbSet<T> set) =>
        // SQL Server refuses an OUTPUT clause without INTO on a table with enabled triggers (error 334).
        set.EntityType.GetDeclaredTriggers().Any()
            ? throw new InvalidOperationException($"{set.EntityType.GetTableName()} has triggers on SQL Server: its rows cannot be handed back by OUTPUT.")
            : base.ReturningTable(set);
}
