using System.Reflection;
using System.Text;

namespace Events.Server.Database;

/// <summary>
/// The SQL of the schema as the app built it before EF Core migrations (Database/Schema/*.sql, embedded). The migrations
/// run these scripts, so that a new database gets exactly the schema an upgraded one has: the room-clash exclusion
/// constraint, partial unique indexes, triggers and the reference data, which EF's model does not express.
/// </summary>
public static class SchemaScripts
{
    private const string Prefix = "Events.Server.Database.Schema.";

    /// <summary>Every script's id (its file name, e.g. 0001_accounts.sql), in the order they run.</summary>
    public static IReadOnlyList<string> All { get; } = typeof(SchemaScripts).Assembly.GetManifestResourceNames()
        .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
        .Select(name => name[Prefix.Length..]).Order(StringComparer.Ordinal).ToList();

    public static string Read(string id)
    {
        using var stream = typeof(SchemaScripts).Assembly.GetManifestResourceStream(Prefix + id)
                           ?? throw new InvalidOperationException($"No schema script {id}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The scripts with these numbers (0001–0010 → "0001".."0010"), in order.</summary>
    public static IReadOnlyList<string> Numbered(int first, int last) =>
        All.Where(id => int.TryParse(id[..4], out var n) && n >= first && n <= last).ToList();
}
