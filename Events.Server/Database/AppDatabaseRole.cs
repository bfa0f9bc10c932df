using Npgsql;

namespace Events.Server.Database;

/// <summary>
/// The role the app connects as: it owns the app's database and everything in it, and is not a superuser (it cannot
/// read files on the server, start programs, or touch other databases). The cluster's superuser is kept for setting
/// up only. Databases made by earlier versions, whose objects the superuser owns, are handed over on start-up.
/// </summary>
public static class AppDatabaseRole
{
    public const string Name = "events_app";

    /// <summary>Creates the role when missing and (re)sets its password; the caller is a superuser.</summary>
    public static async Task EnsureRoleAsync(NpgsqlConnection admin, string password, CancellationToken cancellationToken)
    {
        // Two app instances may start at once: one at a time here.
        await using var tx = await admin.BeginTransactionAsync(cancellationToken);
        await using (var gate = new NpgsqlCommand("SELECT pg_advisory_xact_lock(7461736)", admin, tx)) await gate.ExecuteNonQueryAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_roles WHERE rolname = @name", admin, tx);
        exists.Parameters.AddWithValue("name", Name);
        var verb = await exists.ExecuteScalarAsync(cancellationToken) is null ? "CREATE" : "ALTER";
        // Passwords cannot be bound as parameters in role statements; this one is hex from our own random generator.
        if (!password.All(char.IsAsciiHexDigit)) throw new ArgumentException("The app role's password must be hex.", nameof(password));
        await using var role = new NpgsqlCommand(
            $"{verb} ROLE {Name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '{password}'", admin, tx);
        await role.ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Makes the role the owner of the database and of every table, sequence, view, function and type in its public
    /// schema; creates btree_gist (the room-clash constraint needs it) while still superuser. The caller is a superuser
    /// connected to that database.
    /// </summary>
    public static async Task HandOverDatabaseAsync(NpgsqlConnection adminOnDatabase, CancellationToken cancellationToken)
    {
        var database = adminOnDatabase.Database;
        await using var tx = await adminOnDatabase.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock(7461737);
            ALTER DATABASE "{database.Replace("\"", "\"\"")}" OWNER TO {Name};
            CREATE EXTENSION IF NOT EXISTS btree_gist;
            DO $$
            DECLARE r record;
            BEGIN
                -- Tables and views first: their owned sequences follow them.
                FOR r IN SELECT c.oid::regclass AS object, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND c.relowner <> '{Name}'::regrole
                           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
                LOOP
                    EXECUTE format('ALTER %s %s OWNER TO {Name}',
                        CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, r.object);
                END LOOP;
                FOR r IN SELECT c.oid::regclass AS object FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = 'public' AND c.relkind = 'S' AND c.relowner <> '{Name}'::regrole
                           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('e', 'a'))
                LOOP
                    EXECUTE format('ALTER SEQUENCE %s OWNER TO {Name}', r.object);
                END LOOP;
                FOR r IN SELECT p.oid::regprocedure AS object FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                         WHERE n.nspname = 'public' AND p.proowner <> '{Name}'::regrole
                           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
                LOOP
                    EXECUTE format('ALTER ROUTINE %s OWNER TO {Name}', r.object);
                END LOOP;
                FOR r IN SELECT t.oid::regtype AS object FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                         WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd') AND t.typowner <> '{Name}'::regrole
                           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
                LOOP
                    EXECUTE format('ALTER TYPE %s OWNER TO {Name}', r.object);
                END LOOP;
            END $$;
            """, adminOnDatabase, tx);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>True when the connection's role is a superuser (then start-up warns: a configured database should not be used so).</summary>
    public static async Task<bool> IsSuperuserAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }
}
