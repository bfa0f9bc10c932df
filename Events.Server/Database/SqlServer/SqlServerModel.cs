using System.Text.RegularExpressions;
using Events.Server.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Events.Server.Database.SqlServer;

/// <summary>
/// The entity mappings are written for PostgreSQL (the default provider, whose model and migrations must not move). This
/// is the one place where the model is changed for SQL Server: column defaults and index filters in T-SQL, identity
/// columns, the foreign keys SQL Server refuses to cascade along more than one path, and the tables with triggers (EF
/// must not use a bare OUTPUT clause there). A PostgreSQL expression not listed here stops the model from building, so a
/// new one cannot slip into SQL Server's migrations untranslated.
/// </summary>
public static partial class SqlServerModel
{
    private static readonly Dictionary<string, string> Defaults = new(StringComparer.Ordinal)
    {
        ["gen_random_uuid()"] = "NEWSEQUENTIALID()",
        // Times are stored in UTC on both providers.
        ["now()"] = "SYSUTCDATETIME()",
        ["clock_timestamp()"] = "SYSUTCDATETIME()",
        ["nextval('qa_revision'::regclass)"] = "NEXT VALUE FOR qa_revision",
        // Lists of strings are JSON arrays on SQL Server (EF's primitive collections).
        ["'{}'::text[]"] = "N'[]'",
    };

    /// <summary>
    /// Foreign keys whose cascade SQL Server refuses (error 1785: a second cascade path to the same table). The database
    /// takes no action on them; the rows go with another path (a convening's rooms with its venues, an event's
    /// registrations with its convening) or by a trigger (SqlServerSchema: an erased account's references).
    /// </summary>
    private static readonly HashSet<string> NoCascade =
    [
        "rooms_convening_id_fkey", "registrations_side_event_id_fkey", "registration_invitations_side_event_id_fkey",
        "co_sponsor_history_co_sponsorship_id_fkey", "qa_questions_participant_id_fkey",
    ];

    /// <summary>Tables with triggers in SQL Server's migration (SqlServerSchema); EF then reads generated values without a bare OUTPUT clause.</summary>
    public static readonly IReadOnlyDictionary<string, string> Triggers = new Dictionary<string, string>
    {
        ["side_events"] = "side_events_check_schedule",
        ["registrations"] = "registrations_exact_seats",
        ["qa_votes"] = "qa_votes_count",
        ["qa_participants"] = "qa_participants_erased",
        ["users"] = "users_erase",
    };

    public static void Adapt(ModelBuilder modelBuilder)
    {
        var model = modelBuilder.Model;
        RemoveNpgsqlAnnotations(model);
        foreach (var entity in model.GetEntityTypes().ToList())
        {
            foreach (var property in entity.GetDeclaredProperties())
            {
                if (property.GetDefaultValueSql() is { } sql) property.SetDefaultValueSql(Default(sql, $"{entity.GetTableName()}.{property.GetColumnName()}"));
                if (property.FindAnnotation("Npgsql:ValueGenerationStrategy") is not null) property.SetValueGenerationStrategy(Microsoft.EntityFrameworkCore.Metadata.SqlServerValueGenerationStrategy.IdentityColumn);
                RemoveNpgsqlAnnotations(property);
            }
            foreach (var index in entity.GetDeclaredIndexes())
                if (index.GetFilter() is { } filter) index.SetFilter(Filter(filter, index.Name ?? entity.GetTableName()!));
            foreach (var foreignKey in entity.GetDeclaredForeignKeys())
            {
                var name = foreignKey.GetConstraintName();
                // An account's erasure clears its traces in one trigger (users_erase) instead of a dozen cascade paths.
                if (foreignKey.PrincipalEntityType.ClrType == typeof(EventsUser) && foreignKey.DeleteBehavior == DeleteBehavior.SetNull)
                    foreignKey.DeleteBehavior = DeleteBehavior.ClientSetNull;
                else if (name is not null && NoCascade.Contains(name))
                    foreignKey.DeleteBehavior = foreignKey.DeleteBehavior == DeleteBehavior.SetNull ? DeleteBehavior.ClientSetNull : DeleteBehavior.ClientCascade;
            }
            if (entity.GetTableName() is { } table && Triggers.TryGetValue(table, out var trigger) && entity.BaseType is null)
                modelBuilder.Entity(entity.ClrType).ToTable(t => t.HasTrigger(trigger));
            RemoveNpgsqlAnnotations(entity);
        }
        // Filtered on the status: an nvarchar(max) column cannot take part in an index's filter.
        modelBuilder.Entity<Registrations.Registration>().Property(r => r.Status).HasMaxLength(20);
    }

    private static string Default(string postgres, string column)
    {
        if (Defaults.TryGetValue(postgres, out var sql)) return sql;
        // A text literal, e.g. 'draft'::text.
        if (TextLiteral().Match(postgres) is { Success: true } literal) return "N" + literal.Groups[1].Value;
        throw new InvalidOperationException($"The default of {column} ({postgres}) has no SQL Server form: add it to {nameof(SqlServerModel)}.");
    }

    /// <summary>A PostgreSQL index predicate in T-SQL: text literals, <c>= ANY (ARRAY[...])</c> lists and bare boolean columns.</summary>
    public static string Filter(string postgres, string index)
    {
        var sql = TypedLiteral().Replace(postgres, m => "N" + m.Groups[1].Value);
        sql = AnyArray().Replace(sql, m => $"{m.Groups[1].Value} IN ({m.Groups[2].Value})");
        if (BareColumn().IsMatch(sql)) sql = $"({sql} = 1)";
        if (sql.Contains("::", StringComparison.Ordinal) || sql.Contains("ARRAY", StringComparison.Ordinal))
            throw new InvalidOperationException($"The filter of index {index} ({postgres}) has no SQL Server form: add it to {nameof(SqlServerModel)}.");
        return sql;
    }

    private static void RemoveNpgsqlAnnotations(IMutableAnnotatable annotatable)
    {
        foreach (var annotation in annotatable.GetAnnotations().Where(a => a.Name.StartsWith("Npgsql:", StringComparison.Ordinal)).ToList())
            annotatable.RemoveAnnotation(annotation.Name);
    }

    [GeneratedRegex(@"^('(?:[^']|'')*')::text$")]
    private static partial Regex TextLiteral();

    [GeneratedRegex(@"('(?:[^']|'')*')::text")]
    private static partial Regex TypedLiteral();

    [GeneratedRegex(@"(\w+) = ANY \(ARRAY\[([^\]]*)\]\)")]
    private static partial Regex AnyArray();

    [GeneratedRegex(@"^\w+$")]
    private static partial Regex BareColumn();
}
