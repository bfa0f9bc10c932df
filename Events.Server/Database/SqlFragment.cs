namespace Events.Server.Database;

/// <summary>
/// A piece of SQL a <see cref="SqlDialect"/> wrote (the database's clock, a sequence's next value), given as a column's
/// value where the dialect would otherwise send a parameter. Only the dialects make them, so no input becomes SQL.
/// </summary>
public sealed class SqlFragment
{
    internal SqlFragment(string sql) => Sql = sql;

    public string Sql { get; }

    public override string ToString() => Sql;
}
