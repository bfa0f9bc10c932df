using Npgsql;

namespace Events.Server.Convenings;

/// <summary>
/// A constraint's refusal, found whether EF Core wrapped it (<c>SaveChanges</c> throws a <c>DbUpdateException</c>) or not
/// (set-based updates and raw SQL throw the <see cref="PostgresException"/> itself).
/// </summary>
public static class DatabaseRefusal
{
    public static PostgresException? Of(Exception e) => e as PostgresException ?? e.InnerException as PostgresException;

    public static bool Is(Exception e, string sqlState) => Of(e)?.SqlState == sqlState;
}
