using Microsoft.EntityFrameworkCore;

namespace Events.Server.Database;

/// <summary>
/// PostgreSQL's forms: row locks (FOR UPDATE and kin), ON CONFLICT, RETURNING, clock_timestamp(), nextval() and
/// transaction-level advisory locks.
/// </summary>
public sealed class PostgreSqlDialect : SqlDialect
{
    public static readonly PostgreSqlDialect Instance = new();

    // The clock as the statement runs (now() would be the transaction's start): the order of rows is the order of writes.
    protected override string NowSql => "clock_timestamp()";
    protected override string NowToTheMinuteSql => "date_trunc('minute', clock_timestamp())";
    protected override string NextValueSql(string sequence) => $"nextval('{sequence}')";

    protected override string NextDueMailSelect =>
        "SELECT * FROM mail_outbox WHERE gave_up_at IS NULL AND next_attempt_at <= {0} ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED";

    protected override string LockedSelect(string what, string table, string keyColumn, RowLock mode) =>
        $"SELECT {what} FROM {table} WHERE {keyColumn} = {{0}} {Lock(mode)}";

    protected override string LockedTableSql(string table, string alias, RowLock mode) => $"{table} {alias}";

    protected override string LockClauseSql((string Alias, RowLock Mode)[] locks) =>
        string.Join(" ", locks.Select(l => $"{Lock(l.Mode)} OF {l.Alias}"));

    private static string Lock(RowLock mode) => mode switch
    {
        RowLock.Update => "FOR UPDATE",
        RowLock.UpdateNoKey => "FOR NO KEY UPDATE",
        RowLock.Share => "FOR SHARE",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    public override async Task LockNameAsync(DbContext db, string name) =>
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({name}))");

    protected override string InsertIfAbsentSql(string table, string columns, string values) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT DO NOTHING";

    protected override Task<int> InsertIfAbsentAsync(DbContext db, FormattableString statement) => db.Database.ExecuteSqlAsync(statement);

    protected override string UpsertSql(string table, (string Column, string Sql)[] key, (string Column, string Sql)[] values) =>
        $"INSERT INTO {table} ({string.Join(", ", key.Concat(values).Select(c => c.Column))}) VALUES ({string.Join(", ", key.Concat(values).Select(c => c.Sql))}) "
        + $"ON CONFLICT ({string.Join(", ", key.Select(c => c.Column))}) DO UPDATE SET {string.Join(", ", values.Select(c => $"{c.Column} = EXCLUDED.{c.Column}"))}";

    protected override string InsertReturningSql(string table, string columns, string values) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING *";

    protected override string InsertIfAbsentReturningSql(string table, string columns, string values) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT DO NOTHING RETURNING *";

    protected override string UpdateReturningSql(string table, string assignments, string where) =>
        $"UPDATE {table} SET {assignments} WHERE {where} RETURNING *";
}
