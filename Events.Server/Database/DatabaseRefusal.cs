using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace Events.Server.Database;

/// <summary>What kind of rule the database refused a change by.</summary>
public enum RefusalKind
{
    /// <summary>A unique key or index is taken.</summary>
    Unique,
    /// <summary>A check: a constraint, or a rule a trigger enforces (times inside the convening, exact seats).</summary>
    Check,
    /// <summary>A foreign key: the row pointed at is missing, or rows still point at the one going.</summary>
    ForeignKey,
    /// <summary>The room is booked at that time (PostgreSQL's exclusion constraint, SQL Server's schedule trigger).</summary>
    RoomClash,
}

/// <summary>
/// A constraint's refusal, in the same terms whichever the provider, found whether EF Core wrapped it (<c>SaveChanges</c>
/// throws a <c>DbUpdateException</c>) or not (set-based updates and raw SQL throw the provider's exception itself):
/// PostgreSQL's SQLSTATE and constraint name, or SQL Server's error number and the constraint named in its message.
/// <see cref="Message"/> is the database's own words, for the refusals whose words are written for people (the schedule
/// triggers' on both providers).
/// </summary>
public sealed partial record DatabaseRefusal(RefusalKind Kind, string? Constraint, string Message)
{
    /// <summary>The errors SQL Server's schema raises for its twins of PostgreSQL's rules (Database/SqlServer/Schema/*.sql).</summary>
    private static readonly Dictionary<int, RefusalKind> SqlServerRuleErrors = new()
    {
        [50001] = RefusalKind.Check,     // side_events_within_convening
        [50002] = RefusalKind.Check,     // side_events_room_in_convening
        [50003] = RefusalKind.Check,     // side_events_capacity_within_room
        [50004] = RefusalKind.RoomClash, // side_events_no_room_clash
        [50010] = RefusalKind.Check,     // registrations_exact_seats
    };

    public static DatabaseRefusal? Of(Exception e) => e switch
    {
        PostgresException p => FromPostgreSql(p.SqlState, p.ConstraintName, p.MessageText),
        SqlException s => FromSqlServer(s.Number, s.Message),
        _ => e.InnerException is { } inner ? Of(inner) : null,
    };

    public static bool Is(Exception e, RefusalKind kind) => Of(e)?.Kind == kind;

    /// <summary>A PostgreSQL error as a refusal; null when it is not a constraint's.</summary>
    internal static DatabaseRefusal? FromPostgreSql(string sqlState, string? constraint, string message) => sqlState switch
    {
        PostgresErrorCodes.UniqueViolation => new(RefusalKind.Unique, constraint, message),
        PostgresErrorCodes.CheckViolation => new(RefusalKind.Check, constraint, message),
        PostgresErrorCodes.ForeignKeyViolation => new(RefusalKind.ForeignKey, constraint, message),
        PostgresErrorCodes.ExclusionViolation => new(RefusalKind.RoomClash, constraint, message),
        _ => null,
    };

    /// <summary>
    /// A SQL Server error as a refusal; null when it is not a constraint's. 2627 (unique constraint or primary key) and
    /// 2601 (unique index) name it in quotes, 547 names the check or foreign key in double quotes; the schema's own rules
    /// throw "constraint_name: what is wrong".
    /// </summary>
    internal static DatabaseRefusal? FromSqlServer(int number, string message)
    {
        if (SqlServerRuleErrors.TryGetValue(number, out var rule))
            return RuleMessage().Match(message) is { Success: true } m
                ? new(rule, m.Groups[1].Value, char.ToUpper(m.Groups[2].Value[0], CultureInfo.InvariantCulture) + m.Groups[2].Value[1..])
                : new(rule, null, message);
        var named = ConstraintInMessage().Match(message) is { Success: true } c ? c.Groups[1].Value : null;
        return number switch
        {
            2627 or 2601 => new(RefusalKind.Unique, named, message),
            // The foreign keys' names end in _fkey, as PostgreSQL names them; the words are English only on an English server.
            547 => new(named?.EndsWith("_fkey", StringComparison.Ordinal) == true || message.Contains("FOREIGN KEY", StringComparison.Ordinal)
                       || message.Contains("REFERENCE constraint", StringComparison.Ordinal) ? RefusalKind.ForeignKey : RefusalKind.Check, named, message),
            _ => null,
        };
    }

    [GeneratedRegex(@"^([a-z_][a-z0-9_]*): (.+)$", RegexOptions.Singleline)]
    private static partial Regex RuleMessage();

    [GeneratedRegex("""(?:constraint|index) ["']([^"']+)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex ConstraintInMessage();
}
