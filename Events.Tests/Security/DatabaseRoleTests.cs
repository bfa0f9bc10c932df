using Events.Server.Database;
using Events.Tests.Infrastructure;
using Npgsql;

namespace Events.Tests.Security;

/// <summary>Finding 5 (second part): the app's database role owns its schema and is not a superuser.</summary>
public sealed class DatabaseRoleTests
{
    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task The_app_connects_as_a_role_that_owns_every_table_and_cannot_act_as_superuser()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync();

        Assert.Equal(AppDatabaseRole.Name, await ScalarAsync<string>(connectionString, "SELECT current_user"));
        Assert.False(await ScalarAsync<bool>(connectionString, "SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname = current_user"));
        Assert.Equal(0L, await ScalarAsync<long>(connectionString, $"""
            SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S', 'v') AND pg_get_userbyid(c.relowner) <> '{AppDatabaseRole.Name}'
            """));
        // What only a superuser may do is refused: reading the server's files, running programs.
        var refused = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<string>(connectionString, "SELECT pg_read_file('postgresql.conf')"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        refused = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<int>(connectionString, "COPY (SELECT 1) TO PROGRAM 'true'"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task A_database_made_by_the_superuser_before_is_handed_over_on_start_up()
    {
        var appConnection = await TestPostgres.CreateDatabaseAsync();
        var name = new NpgsqlConnectionStringBuilder(appConnection).Database!;
        // As earlier versions did: everything created by the superuser.
        await ScalarAsync<int>(await TestPostgres.AdminConnectionStringAsync(name), """
            CREATE TABLE legacy (id serial PRIMARY KEY, note text);
            CREATE SEQUENCE legacy_numbers;
            CREATE FUNCTION legacy_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
            CREATE TRIGGER legacy_touch BEFORE UPDATE ON legacy FOR EACH ROW EXECUTE FUNCTION legacy_touch();
            INSERT INTO legacy (note) VALUES ('kept');
            SELECT 1;
            """);

        await TestPostgres.OpenExistingAsync(name);

        Assert.Equal("kept", await ScalarAsync<string>(appConnection, "ALTER TABLE legacy ADD COLUMN extra int; SELECT note FROM legacy"));
        Assert.Equal(1L, await ScalarAsync<long>(appConnection, "ALTER SEQUENCE legacy_numbers RESTART; SELECT nextval('legacy_numbers')"));
        Assert.Equal(AppDatabaseRole.Name, await ScalarAsync<string>(appConnection, "SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'legacy_touch'"));
        Assert.Equal(AppDatabaseRole.Name, await ScalarAsync<string>(appConnection, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"));
    }
}
