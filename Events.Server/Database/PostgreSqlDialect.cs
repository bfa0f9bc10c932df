using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Database;

/// <summary>PostgreSQL's row locks (FOR UPDATE and kin), ON CONFLICT DO NOTHING and transaction-level advisory locks.</summary>
public sealed class PostgreSqlDialect : SqlDialect
{
    public static readonly PostgreSqlDialect Instance = new();

    protected override string NextDueMailSelect =>
        "SELECT * FROM mail_outbox WHERE gave_up_at IS NULL AND next_attempt_at <= {0} ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED";

    protected override string LockedSelect(string what, string table, string keyColumn, RowLock mode) =>
        $"SELECT {what} FROM {table} WHERE {keyColumn} = {{0}} " + mode switch
        {
            RowLock.Update => "FOR UPDATE",
            RowLock.UpdateNoKey => "FOR NO KEY UPDATE",
            RowLock.Share => "FOR SHARE",
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };

    public override async Task LockNumberAsync(DbContext db, long number) =>
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({number})");

    public override async Task LockNameAsync(DbContext db, string name) =>
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({name}))");

    protected override Task<int> InsertIfAbsentAsync(DbContext db, string table, (string Column, object? Value)[] values) =>
        db.Database.ExecuteSqlAsync(FormattableStringFactory.Create(
            $"INSERT INTO {table} ({string.Join(", ", values.Select(v => v.Column))}) VALUES ({string.Join(", ", values.Select((_, i) => $"{{{i}}}"))}) ON CONFLICT DO NOTHING",
            values.Select(v => v.Value).ToArray()));
}
