using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Events.Server.Accounts;
using Events.Server.Database;
using Events.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Events.Tests.Foundation;

/// <summary>
/// Nothing is lost on upgrade: a database built by the scripts the app ran before EF Core migrations (kept here as
/// fixtures, ScriptEraSchema/*.sql, exactly as the last script-era version shipped them) is adopted by the new app with
/// every row intact, and a password set before the upgrade still logs in.
/// </summary>
public sealed class UpgradeFromScriptsTests
{
    private const string Password = "a passphrase set before the upgrade";

    private static IReadOnlyList<(string Id, string Sql)> Fixtures()
    {
        var assembly = Assembly.GetExecutingAssembly();
        const string prefix = "Events.Tests.Foundation.ScriptEraSchema.";
        return assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!, Encoding.UTF8);
                return (n[prefix.Length..], reader.ReadToEnd());
            }).ToList();
    }

    /// <summary>What the script-era runner did: every script in one transaction, each recorded with its SHA-256.</summary>
    private static async Task BuildWithScriptsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("CREATE TABLE schema_migrations (id text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())", transaction: tx);
        foreach (var (id, sql) in Fixtures())
        {
            await connection.ExecuteAsync(sql, transaction: tx);
            var checksum = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n")))).ToLowerInvariant();
            await connection.ExecuteAsync("INSERT INTO schema_migrations (id, checksum) VALUES (@id, @checksum)", new { id, checksum }, tx);
        }
        await tx.CommitAsync();
    }

    [Fact]
    public void The_first_migration_runs_exactly_the_script_era_schema()
    {
        var fixtures = Fixtures();
        Assert.Equal(10, fixtures.Count);
        Assert.Equal(fixtures.Select(f => f.Id), Events.Server.Database.Migrations.PostgreSql.InitialSchema.Scripts);
        foreach (var (id, sql) in fixtures) Assert.Equal(sql, SchemaScripts.Read(id));
    }

    [Fact]
    public async Task A_database_built_by_the_scripts_is_adopted_with_every_row_intact_and_old_passwords_still_work()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await BuildWithScriptsAsync(connectionString);
        var user = new EventsUser();
        var hash = new PasswordHasher<EventsUser>().HashPassword(user, Password);
        Guid eventId = Guid.NewGuid(), conveningId = Guid.NewGuid(), roomId = Guid.NewGuid(), participantId = Guid.NewGuid(), anonymousId;
        await using (var old = new NpgsqlConnection(connectionString))
        {
            // As the script-era app wrote them.
            await old.ExecuteAsync("""
                INSERT INTO users (id, user_name, normalized_user_name, email, normalized_email, email_confirmed, display_name, password_hash, security_stamp, concurrency_stamp)
                VALUES (@Id, 'amina@example.org', 'AMINA@EXAMPLE.ORG', 'amina@example.org', 'AMINA@EXAMPLE.ORG', true, 'Amina Yusuf', @hash, 'stamp-before', 'concurrency-before');
                INSERT INTO user_roles (user_id, role_id) SELECT @Id, id FROM roles WHERE name = 'Organiser';
                INSERT INTO convenings (id, slug, name, kind, starts_on, ends_on, time_zone) VALUES (@conveningId, 'csw-before', 'CSW before the upgrade', 'un_session', '2030-03-04', '2030-03-13', 'America/New_York');
                INSERT INTO convening_organisers (convening_id, user_id) VALUES (@conveningId, @Id);
                INSERT INTO venues (id, convening_id, name) VALUES (gen_random_uuid(), @conveningId, 'UN Headquarters');
                INSERT INTO rooms (id, convening_id, venue_id, name, capacity) SELECT @roomId, @conveningId, id, 'Conference Room 4', 80 FROM venues WHERE convening_id = @conveningId;
                INSERT INTO side_events (id, convening_id, title, proposing_organisation, proposer_user_id, status, room_id, starts_at, ends_at, capacity)
                VALUES (@eventId, @conveningId, 'Defenders before the upgrade', 'Women''s Rights Action Network', @Id, 'scheduled', @roomId,
                        '2030-03-05 14:00+00', '2030-03-05 15:00+00', 50);
                INSERT INTO registrations (side_event_id, convening_id, user_id, status, check_in_code) VALUES (@eventId, @conveningId, @Id, 'confirmed', 'ABCD2345');
                INSERT INTO qa_sessions (side_event_id, is_open, code) VALUES (@eventId, true, 'QWERTY');
                INSERT INTO qa_participants (id, side_event_id, user_id) VALUES (@participantId, @eventId, @Id);
                INSERT INTO qa_questions (side_event_id, participant_id, author_name, text, state) VALUES (@eventId, @participantId, 'Amina Yusuf', 'A named question', 'published');
                """, new { user.Id, hash, conveningId, roomId, eventId, participantId });
            anonymousId = await old.ExecuteScalarAsync<Guid>(
                "INSERT INTO qa_questions (side_event_id, participant_id, text, state) VALUES (@eventId, @participantId, 'An anonymous question', 'published') RETURNING id",
                new { eventId, participantId });
        }

        await using var app = new EventsAppFactory(connectionString);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        await using var db = new NpgsqlConnection(connectionString);
        // Every migration the app knows is recorded, adopted or run.
        Assert.Equal(TestPostgres.MigrationCount, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM \"__EFMigrationsHistory\""));
        Assert.Equal("Amina Yusuf", await db.ExecuteScalarAsync<string>("SELECT display_name FROM users WHERE id = @Id", new { user.Id }));
        Assert.Equal("Defenders before the upgrade", await db.ExecuteScalarAsync<string>("SELECT title FROM side_events WHERE id = @eventId", new { eventId }));
        Assert.Equal("confirmed", await db.ExecuteScalarAsync<string>("SELECT status FROM registrations WHERE side_event_id = @eventId", new { eventId }));
        Assert.Equal(2, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM qa_questions WHERE side_event_id = @eventId", new { eventId }));
        // The anonymity migration ran on the adopted data: the anonymous question no longer leads to its asker.
        Assert.Null(await db.ExecuteScalarAsync<Guid?>("SELECT participant_id FROM qa_questions WHERE id = @anonymousId", new { anonymousId }));
        Assert.Equal(195, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM states"));

        var login = await client.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = "amina@example.org", ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.DoesNotContain("/account/login", login.Headers.Location!.OriginalString);
        Assert.Contains("Defenders before the upgrade", (await client.GetDocumentAsync("/my/registrations")).Body!.TextContent);
        Assert.Contains("CSW before the upgrade", (await client.GetDocumentAsync("/organise")).Body!.TextContent);
    }
}
