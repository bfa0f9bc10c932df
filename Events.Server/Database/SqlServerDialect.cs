using System.Runtime.CompilerServices;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Database;

/// <summary>
/// SQL Server's forms: table hints for row locks (UPDLOCK for an update lock, HOLDLOCK to keep it and the key range to
/// the end of the transaction), an insert whose unique-key refusal counts as "already there", and sp_getapplock.
/// Written and scripted here, not run: there is no SQL Server on the machines this was built on (see README).
/// </summary>
public sealed class SqlServerDialect : SqlDialect
{
    public static readonly SqlServerDialect Instance = new();

    // 2627: a primary key or unique constraint; 2601: a unique index.
    private static readonly int[] UniqueViolations = [2627, 2601];

    protected override string NextDueMailSelect =>
        "SELECT TOP 1 * FROM mail_outbox WITH (UPDLOCK, ROWLOCK, READPAST) WHERE gave_up_at IS NULL AND next_attempt_at <= {0} ORDER BY next_attempt_at, id";

    protected override string LockedSelect(string what, string table, string keyColumn, RowLock mode) =>
        $"SELECT {what} FROM {table} WITH (" + mode switch
        {
            RowLock.Update or RowLock.UpdateNoKey => "UPDLOCK, HOLDLOCK, ROWLOCK",
            RowLock.Share => "HOLDLOCK, ROWLOCK",
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        } + $") WHERE {keyColumn} = {{0}}";

    public override Task LockNumberAsync(DbContext db, long number) => LockNameAsync(db, $"events:{number}");

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

    protected override async Task<int> InsertIfAbsentAsync(DbContext db, string table, (string Column, object? Value)[] values)
    {
        // Columns left NULL are left out: an untyped NULL parameter cannot be converted to every column type.
        var given = values.Where(v => v.Value is not null).ToArray();
        try
        {
            return await db.Database.ExecuteSqlAsync(FormattableStringFactory.Create(
                $"INSERT INTO {table} ({string.Join(", ", given.Select(v => v.Column))}) VALUES ({string.Join(", ", given.Select((_, i) => $"{{{i}}}"))})",
                given.Select(v => v.Value).ToArray()));
        }
        // As PostgreSQL's ON CONFLICT DO NOTHING: any unique key already taken (the statement fails, the transaction goes on).
        catch (SqlException e) when (UniqueViolations.Contains(e.Number))
        {
            return 0;
        }
    }
}
