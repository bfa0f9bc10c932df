using System.Text.RegularExpressions;
using Events.Server.Database;
using Events.Server.Database.SqlServer;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Events.Tests.Foundation;

/// <summary>
/// SQL Server as the second provider, checked without a SQL Server (there is none on these machines): its model is in
/// step with its migrations, its idempotent script carries the rules PostgreSQL enforces, and the services' locking
/// statements come out in its dialect. Nothing here runs the script against a server.
/// </summary>
public sealed class SqlServerModelTests
{
    private static SqlServerEventsDbContext NewSqlServerContext() =>
        new(new DbContextOptionsBuilder<SqlServerEventsDbContext>().UseSqlServer(SqlServerDesignTimeFactory.DesignTimeConnectionString).Options);

    [Fact]
    public void The_SQL_Server_model_has_no_changes_without_a_migration_and_speaks_no_PostgreSQL()
    {
        using var db = NewSqlServerContext();
        Assert.False(db.Database.HasPendingModelChanges(), "The SQL Server model differs from its snapshot: run scripts/add-migration.sh.");
        using var postgres = new EventsDbContext(new DbContextOptionsBuilder<EventsDbContext>().UseNpgsql("Host=localhost").Options);
        // Each provider has its own migrations (EF tells them apart by context type).
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.Empty(db.Database.GetMigrations().Intersect(postgres.Database.GetMigrations()));

        var model = db.GetService<IDesignTimeModel>().Model;
        Assert.DoesNotContain(model.GetAnnotations(), a => a.Name.StartsWith("Npgsql:", StringComparison.Ordinal));
        foreach (var property in model.GetEntityTypes().SelectMany(e => e.GetProperties()))
            Assert.DoesNotMatch(@"::|gen_random_uuid|now\(\)|clock_timestamp|nextval", property.GetDefaultValueSql() ?? "");
        foreach (var index in model.GetEntityTypes().SelectMany(e => e.GetIndexes()))
            Assert.DoesNotMatch(@"::|ARRAY", index.GetFilter() ?? "");
    }

    [Fact]
    public void No_table_is_reached_by_two_cascade_paths_which_SQL_Server_refuses()
    {
        using var db = NewSqlServerContext();
        var model = db.GetService<IDesignTimeModel>().Model;
        // The keys whose ON DELETE action the database carries out (ClientCascade and ClientSetNull are NO ACTION there).
        var edges = model.GetEntityTypes().SelectMany(e => e.GetForeignKeys())
            .Where(fk => fk.DeleteBehavior is DeleteBehavior.Cascade or DeleteBehavior.SetNull)
            .Select(fk => (From: fk.PrincipalEntityType.GetTableName()!, To: fk.DeclaringEntityType.GetTableName()!))
            .ToList();
        Assert.Contains(("users", "user_roles"), edges);
        foreach (var start in edges.Select(e => e.From).Distinct())
        {
            var paths = new Dictionary<string, int>();
            void Walk(string table)
            {
                foreach (var (_, to) in edges.Where(e => e.From == table))
                {
                    paths[to] = paths.GetValueOrDefault(to) + 1;
                    Walk(to);
                }
            }
            Walk(start);
            Assert.True(paths.All(p => p.Value == 1), $"From {start}, SQL Server would refuse a second cascade path to {string.Join(", ", paths.Where(p => p.Value > 1).Select(p => p.Key))}.");
        }
    }

    [Fact]
    public void The_idempotent_SQL_Server_script_carries_the_clash_trigger_exact_seats_one_highlight_and_idempotent_asks()
    {
        using var db = NewSqlServerContext();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        // The rules run through EXEC(N'...'), their quotes doubled; read as they will run.
        var text = script.Replace("''", "'");

        // No room clash, changeover buffer included, checked under range locks so that concurrent bookings serialise;
        // times inside the convening (in its time zone) and the room's capacity, as PostgreSQL's trigger does.
        Assert.Contains("CREATE TRIGGER side_events_check_schedule ON side_events AFTER INSERT, UPDATE", text);
        Assert.Contains("DATEADD(minute, c.changeover_minutes, e.ends_at)", text);
        Assert.Contains("JOIN side_events o WITH (UPDLOCK, HOLDLOCK) ON o.room_id = n.room_id", text);
        Assert.Contains("o.starts_at < n.occupied_until AND n.starts_at < o.occupied_until", text);
        Assert.Contains("side_events_no_room_clash", text);
        Assert.Contains("side_events_within_convening", text);
        Assert.Contains("INSERT INTO time_zone_windows_names (iana, windows) VALUES", text);
        Assert.Contains("(N'America/New_York', N'Eastern Standard Time')", text);
        Assert.Contains("CREATE INDEX side_events_room_time ON side_events (room_id, starts_at)", text);
        // Exact seats: a registration that becomes confirmed finds a seat, counted under an update lock on the event.
        Assert.Contains("CREATE TRIGGER registrations_exact_seats ON registrations AFTER INSERT, UPDATE", text);
        Assert.Contains("FROM side_events e WITH (UPDLOCK, HOLDLOCK, ROWLOCK)", text);
        // One highlighted question per event; one question per ask key; one proposal per submission key; one live registration.
        Assert.Contains("CREATE UNIQUE INDEX [qa_questions_one_highlight] ON [qa_questions] ([side_event_id]) WHERE (highlighted = 1)", text);
        Assert.Contains("CREATE UNIQUE INDEX [qa_questions_one_per_request] ON [qa_questions] ([participant_id], [client_request_id]) WHERE ((participant_id IS NOT NULL) AND (client_request_id IS NOT NULL))", text);
        Assert.Contains("CREATE UNIQUE INDEX [qa_questions_owner_tag] ON [qa_questions] ([owner_tag]) WHERE (owner_tag IS NOT NULL)", text);
        Assert.Contains("CREATE UNIQUE INDEX [side_events_submission_key] ON [side_events] ([proposer_user_id], [submission_key]) WHERE (submission_key IS NOT NULL)", text);
        Assert.Contains("WHERE ((user_id IS NOT NULL) AND (status IN (N'pending', N'confirmed', N'waitlisted')))", text);
        // Calendar feeds: rooms and venues keep updated_at, events leaving the programme stay as removals.
        Assert.Contains("CREATE TRIGGER calendar_side_event_changed ON side_events AFTER INSERT, UPDATE, DELETE", text);
        Assert.Contains("CREATE TRIGGER rooms_touch ON rooms AFTER UPDATE", text);
        // The other rules of PostgreSQL's scripts.
        foreach (var rule in new[]
                 {
                     "CREATE TRIGGER qa_votes_count", "CREATE TRIGGER qa_participants_erased", "CREATE TRIGGER users_erase ON users INSTEAD OF DELETE",
                     "co_sponsorships_one_organisation", "side_events_final_list_is_locked", "qa_questions_tag_only_anonymous",
                     "qa_questions_nameless_lead_nowhere", "registrations_check", "NEXT VALUE FOR qa_revision",
                 })
            Assert.Contains(rule, text);
        // The same reference data as PostgreSQL's script, with national text; the roles.
        Assert.Equal(195, Regex.Matches(SqlServerSchema.ReferenceData(), @"^\s*\(N'[A-Z]{3}', N'(?:[^']|'')*', N'(?:member|observer)'", RegexOptions.Multiline).Count);
        Assert.Contains("N'Türkiye'", text);
        Assert.Contains("N'ORGANISER'", text);
        // Every trigger is created through EXEC: inside the script's IF blocks CREATE TRIGGER could not stand.
        Assert.Equal(8, Regex.Matches(script, @"EXEC\(N'(?:[^']|'')*?CREATE TRIGGER").Count);
        Assert.DoesNotMatch(@"(?m)^\s*CREATE TRIGGER", Regex.Replace(script, @"EXEC\(N'(?:[^']|'')*'\)", "EXEC(...)"));
    }

    [Fact]
    public void The_services_locks_and_inserts_come_out_in_each_providers_dialect()
    {
        var id = Guid.NewGuid();
        using var sqlServer = NewSqlServerContext();
        using var postgres = new EventsDbContext(new DbContextOptionsBuilder<EventsDbContext>().UseNpgsql("Host=localhost").Options);

        Assert.IsType<SqlServerDialect>(SqlDialect.Of(sqlServer));
        Assert.IsType<PostgreSqlDialect>(SqlDialect.Of(postgres));
        // Composed with a projection, as the services use them.
        Assert.Matches(@"SELECT \* FROM side_events WITH \(UPDLOCK, HOLDLOCK, ROWLOCK\) WHERE id = @\w+",
            SqlDialect.Of(sqlServer).Locked(sqlServer.SideEvents, id).Select(e => e.Title).ToQueryString());
        Assert.Matches(@"SELECT \* FROM qa_sessions WITH \(HOLDLOCK, ROWLOCK\) WHERE side_event_id = @\w+",
            SqlDialect.Of(sqlServer).Locked(sqlServer.QaSessions, id, RowLock.Share).ToQueryString());
        Assert.Matches(@"SELECT \* FROM side_events WHERE id = @\w+ FOR UPDATE",
            SqlDialect.Of(postgres).Locked(postgres.SideEvents, id).Select(e => e.Title).ToQueryString());
        Assert.Matches(@"SELECT \* FROM side_events WHERE id = @\w+ FOR NO KEY UPDATE",
            SqlDialect.Of(postgres).Locked(postgres.SideEvents, id, RowLock.UpdateNoKey).ToQueryString());
    }

    [Theory]
    [InlineData("Oracle")]
    [InlineData("1")]
    [InlineData("PostgreSql,SqlServer")]
    public async Task The_app_does_not_start_with_an_unknown_database_provider(string provider)
    {
        await using var app = await EventsAppFactory.CreateAsync(new Dictionary<string, string?> { ["Events:Database:Provider"] = provider });
        var thrown = Record.Exception(() => app.CreateClient());
        var invalid = ExceptionChain.Of(thrown).OfType<OptionsValidationException>().FirstOrDefault();
        Assert.True(invalid is not null, $"expected the provider to be refused, got {thrown?.GetType().Name ?? "a running app"}");
        Assert.Contains("Events:Database:Provider", invalid.Message);
        Assert.Contains("PostgreSql (the default) or SqlServer", invalid.Message);
    }

    [Fact]
    public async Task With_SQL_Server_the_server_starts_no_PostgreSQL_and_stops_when_it_has_no_database()
    {
        var dataDirectory = Path.Combine(TestPostgres.RunDirectory, "sqlserver-" + Guid.NewGuid().ToString("N")[..8]);
        string[] provider = ["--Events:Database:Provider=SqlServer", $"--Events:DataDirectory={dataDirectory}"];

        // No connection string: refused before anything starts, in words.
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(provider, timeout: TimeSpan.FromSeconds(90)));
        Assert.Contains("set ConnectionStrings:Events", missing.Message);
        // A SQL Server that does not answer (nothing listens there): the migration fails and the server stops; no cluster was started.
        var unreachable = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(
            [.. provider, $"--ConnectionStrings:Events=Server=tcp:127.0.0.1,{ServerProcess.FreePort()};Database=events;User ID=x;Password=y;Connect Timeout=3;TrustServerCertificate=true"],
            timeout: TimeSpan.FromSeconds(90)));
        Assert.Contains("Microsoft.Data.SqlClient.SqlException", unreachable.Message);
        foreach (var output in new[] { missing.Message, unreachable.Message })
            Assert.DoesNotContain("PostgreSQL cluster", output);
        Assert.False(Directory.Exists(Path.Combine(dataDirectory, "postgres")));
    }

    [Fact]
    public void SQL_Server_needs_a_connection_string_and_PostgreSQL_is_the_default()
    {
        static DatabaseOptions From(params (string Key, string Value)[] settings) => DatabaseOptions.From(
            new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

        var missing = Assert.Throws<OptionsValidationException>(() => From(("Events:Database:Provider", "SqlServer")));
        Assert.Contains("set ConnectionStrings:Events", missing.Message);
        Assert.Equal(DatabaseProvider.SqlServer, From(("Events:Database:Provider", "sqlserver"), ("ConnectionStrings:Events", "Server=db;Database=events")).ParsedProvider);
        Assert.Equal(DatabaseProvider.PostgreSql, From().ParsedProvider);
        Assert.Null(From().ConnectionString);
    }
}
