using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Events.Server.Database.SqlServer;

/// <summary>
/// What SQL Server's first migration adds beyond EF's tables: the reference data (the same rows as PostgreSQL's
/// 0002_reference_data.sql), the rules (Schema/0001_rules.sql: checks, triggers for room clashes and exact seats, the
/// vote count, erasure) and the time zone names its AT TIME ZONE understands.
/// </summary>
public static partial class SqlServerSchema
{
    private const string Prefix = "Events.Server.Database.SqlServer.Schema.";

    public static string Read(string id)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(Prefix + id)
                           ?? throw new InvalidOperationException($"No SQL Server schema script {id}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The script's batches (split at its GO lines), each as <c>EXEC(N'...')</c>: EF's idempotent script runs a migration's
    /// SQL inside IF blocks, where CREATE TRIGGER cannot stand and a column added earlier in the block is not yet known.
    /// </summary>
    public static IReadOnlyList<string> Batches(string id) =>
        BatchSeparator().Split(Read(id)).Select(batch => batch.Trim()).Where(batch => batch.Length > 0)
            .Select(batch => $"EXEC(N'{batch.Replace("'", "''")}');").ToList();

    /// <summary>
    /// The INSERT statements of PostgreSQL's reference data script, with its text literals made national (N'...'), so that
    /// both providers get the same rows from one list (Côte d'Ivoire, Türkiye and the notes keep their characters).
    /// </summary>
    public static string ReferenceData() =>
        string.Join("\n", InsertStatement().Matches(SchemaScripts.Read("0002_reference_data.sql"))
            .Select(m => TextLiteral().Replace(m.Value, literal => "N" + literal.Value)));

    /// <summary>
    /// Every IANA time zone this machine knows with its Windows name (.NET's conversion, from ICU's table), for the
    /// schedule trigger. A convening in a zone without a row here cannot get times on SQL Server.
    /// </summary>
    public static string TimeZoneNames()
    {
        var rows = TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Append("UTC").Append("Etc/UTC").Distinct()
            .Select(iana => (iana, windows: TimeZoneInfo.TryConvertIanaIdToWindowsId(iana, out var w) ? w : null))
            .Where(z => z.windows is not null && z.iana.Length <= 64)
            .OrderBy(z => z.iana, StringComparer.Ordinal).ToList();
        var sql = new StringBuilder();
        // At most 1,000 rows per VALUES list.
        foreach (var chunk in rows.Chunk(500))
        {
            sql.Append("INSERT INTO time_zone_windows_names (iana, windows) VALUES\n");
            sql.Append(string.Join(",\n", chunk.Select(z => string.Create(CultureInfo.InvariantCulture, $"    (N'{z.iana.Replace("'", "''")}', N'{z.windows!.Replace("'", "''")}')"))));
            sql.Append(";\n");
        }
        return sql.ToString();
    }

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex BatchSeparator();

    [GeneratedRegex(@"INSERT INTO [\s\S]*?\);\s*$", RegexOptions.Multiline)]
    private static partial Regex InsertStatement();

    [GeneratedRegex(@"'(?:[^']|'')*'")]
    private static partial Regex TextLiteral();
}
