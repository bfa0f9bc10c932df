using System.Text.RegularExpressions;
using Events.Server.Convenings;
using Events.Server.CoSponsors;
using Events.Server.Database;
using Events.Server.Database.SqlServer;
using Events.Server.SideEvents;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Events.Tests.Foundation;

/// <summary>
/// The statements whose SQL differs between the providers, as SQL Server would get them: built with the SQL Server
/// context and <see cref="SqlServerDialect"/> and read as text (there is no SQL Server on these machines, so none of it
/// runs here). PostgreSQL's tests of the same features (QandA, Registrations, Calendar, SideEvents, CoSponsors) run the
/// same code path with <see cref="PostgreSqlDialect"/>. And SQL Server's refusals map to the same terms as PostgreSQL's.
/// </summary>
public sealed class SqlServerDialectTests
{
    /// <summary>What only PostgreSQL reads; none of it may reach SQL Server.</summary>
    private const string PostgreSqlOnly =
        @"RETURNING|ON CONFLICT|EXCLUDED\.|AT TIME ZONE|tstzrange|make_interval|nextval|clock_timestamp|date_trunc|now\(\)|::|FOR UPDATE|FOR SHARE|FOR NO KEY|LIMIT \d|pg_advisory";

    private static readonly Guid EventId = Guid.NewGuid(), QuestionId = Guid.NewGuid();

    private static SqlServerEventsDbContext SqlServer() =>
        new(new DbContextOptionsBuilder<SqlServerEventsDbContext>().UseSqlServer(SqlServerDesignTimeFactory.DesignTimeConnectionString).Options);

    private static EventsDbContext PostgreSql() => new(new DbContextOptionsBuilder<EventsDbContext>().UseNpgsql("Host=localhost").Options);

    private static string OneLine(string sql) => Regex.Replace(sql, @"\s+", " ").Trim();

    [Fact]
    public void Asking_inserts_with_OUTPUT_INSERTED_the_database_clock_and_literal_NULLs()
    {
        using var db = SqlServer();
        var dialect = SqlDialect.Of(db);
        Assert.IsType<SqlServerDialect>(dialect);
        // The columns QaService.AskAsync writes, for an anonymous question (no participant, no name).
        var sql = OneLine(dialect.InsertReturning(db.QaQuestions,
                ("side_event_id", EventId), ("participant_id", null), ("owner_tag", new byte[32]), ("author_name", null),
                ("text", "Why?"), ("state", "published"), ("client_request_id", Guid.NewGuid()), ("asked_at", dialect.NowToTheMinute))
            .ToQueryString());

        Assert.Contains("INSERT INTO qa_questions (side_event_id, participant_id, owner_tag, author_name, text, state, client_request_id, asked_at) "
                        + "OUTPUT INSERTED.* VALUES (@p0, NULL, @p1, NULL, @p2, @p3, @p4, DATETRUNC(minute, SYSUTCDATETIME()))", sql);
        Assert.DoesNotMatch(PostgreSqlOnly, sql);
        Assert.Contains("SYSUTCDATETIME()", dialect.Now.Sql);

        // PostgreSQL gets the same statement in its words, from the same call.
        using var postgres = PostgreSql();
        var pg = SqlDialect.Of(postgres);
        Assert.EndsWith("VALUES (@p0, NULL, @p1, NULL, @p2, @p3, @p4, date_trunc('minute', clock_timestamp())) RETURNING *",
            OneLine(pg.InsertReturning(postgres.QaQuestions,
                ("side_event_id", EventId), ("participant_id", null), ("owner_tag", new byte[32]), ("author_name", null),
                ("text", "Why?"), ("state", "published"), ("client_request_id", Guid.NewGuid()), ("asked_at", pg.NowToTheMinute)).ToQueryString()));
    }

    [Fact]
    public void An_ask_that_may_be_a_retry_inserts_unless_its_key_is_taken_in_each_providers_words()
    {
        (string, object?)[] values = [("side_event_id", EventId), ("owner_tag", new byte[32]), ("text", "Why?")];
        // SQL Server has no ON CONFLICT: the plain insert fails on a taken key, which the dialect reads as "already there".
        var sqlServer = OneLine(SqlServerDialect.Instance.InsertIfAbsentReturningStatement("qa_questions", values).Format);
        Assert.Equal("INSERT INTO qa_questions (side_event_id, owner_tag, text) OUTPUT INSERTED.* VALUES ({0}, {1}, {2})", sqlServer);
        Assert.DoesNotMatch(PostgreSqlOnly, sqlServer);
        Assert.Equal("INSERT INTO qa_questions (side_event_id, owner_tag, text) VALUES ({0}, {1}, {2}) ON CONFLICT DO NOTHING RETURNING *",
            OneLine(PostgreSqlDialect.Instance.InsertIfAbsentReturningStatement("qa_questions", values).Format));
    }

    [Fact]
    public void Moderation_updates_take_the_next_revision_from_the_SQL_Server_sequence_and_hand_the_row_back()
    {
        using var db = SqlServer();
        var dialect = SqlDialect.Of(db);
        // The highlight's move, as QaService.ModerateAsync writes it: the condition's parameters first, then the changes'.
        var sql = OneLine(dialect.UpdateReturning(db.QaQuestions, [("highlighted", false), ("revision", dialect.NextValue("qa_revision"))],
            $"side_event_id = {EventId} AND highlighted = {true} AND id <> {QuestionId}").ToQueryString());

        Assert.Contains("UPDATE qa_questions SET highlighted = @p3, revision = NEXT VALUE FOR qa_revision OUTPUT INSERTED.* "
                        + "WHERE side_event_id = @p0 AND highlighted = @p1 AND id <> @p2", sql);
        // Booleans go as bit parameters (SQL Server has no boolean literal to compare with).
        Assert.Contains("DECLARE p1 bit = CAST(1 AS bit); DECLARE p2 uniqueIdentifier", sql);
        Assert.Contains("DECLARE p3 bit = CAST(0 AS bit);", sql);
        Assert.DoesNotMatch(PostgreSqlOnly, sql);

        // Withdrawing takes a revision in a statement of its own, sent as written: SQL Server refuses NEXT VALUE FOR
        // under TOP or in a derived table, which composing the query (a Single) would add.
        var next = OneLine(dialect.NextValueQuery(db, "qa_revision").ToQueryString());
        Assert.Equal("SELECT NEXT VALUE FOR qa_revision AS \"Value\"", next);

        // The sequence is SQL Server's own, made by its migrations.
        Assert.Contains(db.Model.GetSequences(), s => s.Name == "qa_revision" && s.Type == typeof(long));
        Assert.Equal("NEXT VALUE FOR qa_revision", db.Model.FindEntityType(typeof(Events.Server.QandA.QaQuestion))!
            .FindProperty(nameof(Events.Server.QandA.QaQuestion.Revision))!.GetDefaultValueSql());
    }

    [Fact]
    public void A_table_with_triggers_is_not_written_with_a_bare_OUTPUT_clause()
    {
        // SQL Server refuses OUTPUT without INTO on a table with enabled triggers (error 334); the dialect says so first.
        using var db = SqlServer();
        var refused = Assert.Throws<InvalidOperationException>(() =>
            SqlDialect.Of(db).UpdateReturning(db.SideEvents, [("title", "x")], $"id = {EventId}"));
        Assert.Contains("side_events has triggers", refused.Message);
    }

    [Fact]
    public void Upserts_are_a_MERGE_under_HOLDLOCK_and_inserts_if_absent_have_no_ON_CONFLICT()
    {
        var dialect = SqlServerDialect.Instance;
        // ParticipantProfiles.SaveProfileAsync and PersonalCalendarFeeds.ResetAsync.
        var profile = dialect.UpsertStatement("participant_profiles", [("user_id", Guid.NewGuid())],
            [("organisation", "UNHCR"), ("country", null), ("consent_photograph", true), ("updated_at", dialect.Now)]);
        Assert.Equal("MERGE participant_profiles WITH (HOLDLOCK) AS target USING (SELECT 1 AS one) AS source ON target.user_id = {0} "
                     + "WHEN MATCHED THEN UPDATE SET organisation = {1}, country = NULL, consent_photograph = {2}, updated_at = SYSUTCDATETIME() "
                     + "WHEN NOT MATCHED THEN INSERT (user_id, organisation, country, consent_photograph, updated_at) "
                     + "VALUES ({0}, {1}, NULL, {2}, SYSUTCDATETIME());", profile.Format);
        Assert.Equal(3, profile.ArgumentCount);
        Assert.DoesNotMatch(PostgreSqlOnly, profile.Format);

        // ConveningAdminService.AddRoomAsync: the venue by its two-column key.
        var venue = dialect.UpsertStatement("venues", [("convening_id", Guid.NewGuid()), ("name", "Palais")], [("address", "Geneva")]);
        Assert.Contains("ON target.convening_id = {0} AND target.name = {1} WHEN MATCHED THEN UPDATE SET address = {2}", venue.Format);

        // Venues without an address, rooms, calendar feeds, votes, participants: a unique key taken counts as "there".
        var room = dialect.InsertIfAbsentStatement("rooms", [("id", Guid.NewGuid()), ("name", "XVII"), ("accessibility_notes", null)]);
        Assert.Equal("INSERT INTO rooms (id, name, accessibility_notes) VALUES ({0}, {1}, NULL)", room.Format);

        // PostgreSQL's forms of the same calls.
        Assert.EndsWith("ON CONFLICT (user_id) DO UPDATE SET organisation = EXCLUDED.organisation, country = EXCLUDED.country, "
                        + "consent_photograph = EXCLUDED.consent_photograph, updated_at = EXCLUDED.updated_at",
            PostgreSqlDialect.Instance.UpsertStatement("participant_profiles", [("user_id", Guid.NewGuid())],
                [("organisation", "UNHCR"), ("country", null), ("consent_photograph", true), ("updated_at", PostgreSqlDialect.Instance.Now)]).Format);
        Assert.EndsWith("ON CONFLICT DO NOTHING", PostgreSqlDialect.Instance.InsertIfAbsentStatement("rooms", [("id", Guid.NewGuid())]).Format);
    }

    [Fact]
    public void Names_outside_the_model_are_refused_before_they_reach_SQL()
    {
        Assert.Throws<ArgumentException>(() => SqlServerDialect.Instance.UpsertStatement("venues", [("name; DROP TABLE users", "x")], [("address", "y")]));
        Assert.Throws<ArgumentException>(() => SqlServerDialect.Instance.NextValue("qa_revision; --"));
        Assert.Throws<ArgumentException>(() => SqlServerDialect.Instance.LockedTable("side_events", "e WITH (NOLOCK)", RowLock.Share));
    }

    [Fact]
    public void The_co_sponsor_link_locks_its_invitation_and_share_locks_the_event_with_table_hints()
    {
        var sql = OneLine(CoSponsorLinks.ByTokenHash(SqlServerDialect.Instance, new byte[32]).Format);
        Assert.Contains("FROM co_sponsorships cs WITH (UPDLOCK, HOLDLOCK, ROWLOCK) JOIN side_events e WITH (HOLDLOCK, ROWLOCK) ON e.id = cs.side_event_id", sql);
        Assert.EndsWith("WHERE cs.token_hash = {0}", sql);
        Assert.DoesNotMatch(PostgreSqlOnly, sql);

        var pg = OneLine(CoSponsorLinks.ByTokenHash(PostgreSqlDialect.Instance, new byte[32]).Format);
        Assert.Contains("FROM co_sponsorships cs JOIN side_events e ON e.id = cs.side_event_id", pg);
        Assert.EndsWith("WHERE cs.token_hash = {0} FOR UPDATE OF cs FOR SHARE OF e", pg);
    }

    [Fact]
    public void The_convening_date_check_and_the_clash_message_are_LINQ_without_time_zones_or_ranges_in_SQL()
    {
        using var db = SqlServer();
        var from = new DateTime(2027, 3, 8, 5, 0, 0, DateTimeKind.Utc);
        // ConveningAdminService.UpdateAsync: the dates are instants computed in .NET (ConveningSpan), compared as they are stored.
        var outside = OneLine(ConveningAdminService.ScheduledOutside(db, Guid.NewGuid(), from, from.AddDays(10)).ToQueryString());
        Assert.Matches(@"\(\[s\]\.\[starts_at\] < @\w+ OR \[s\]\.\[ends_at\] > @\w+\)", outside);
        Assert.DoesNotMatch(PostgreSqlOnly, outside);
        // SideEventWorkflowService's clash message: the overlap of [start, end + changeover) with [start, occupied_until).
        var clash = OneLine(SideEventWorkflowService.BookingsClashing(db, Guid.NewGuid(), Guid.NewGuid(), from, from.AddMinutes(75))
            .OrderBy(e => e.StartsAt).Select(e => e.Title).Take(1).ToQueryString());
        Assert.Matches(@"\[s\]\.\[starts_at\] < @\w+ AND @\w+ < \[s\]\.\[occupied_until\]", clash);
        Assert.DoesNotMatch(PostgreSqlOnly, clash);
    }

    [Fact]
    public void SQL_Server_refusals_map_to_the_same_terms_as_PostgreSQL_by_number_and_constraint_name()
    {
        // Unique keys: 2627 (constraint) and 2601 (index), as SQL Server words them.
        var slug = DatabaseRefusal.FromSqlServer(2627,
            "Violation of UNIQUE KEY constraint 'convenings_slug_key'. Cannot insert duplicate key in object 'dbo.convenings'. The duplicate key value is (hrc61).");
        Assert.Equal(new DatabaseRefusal(RefusalKind.Unique, "convenings_slug_key", slug!.Message), slug);
        var highlight = DatabaseRefusal.FromSqlServer(2601,
            "Cannot insert duplicate key row in object 'dbo.qa_questions' with unique index 'qa_questions_one_highlight'. The duplicate key value is (7c9e6679-7425-40de-944b-e07fc1f90ae7).");
        Assert.Equal((RefusalKind.Unique, "qa_questions_one_highlight"), (highlight!.Kind, highlight.Constraint));
        // 547: a check constraint or a foreign key, told apart by the message.
        var dates = DatabaseRefusal.FromSqlServer(547,
            "The UPDATE statement conflicted with the CHECK constraint \"convenings_dates_check\". The conflict occurred in database \"events\", table \"dbo.convenings\".");
        Assert.Equal((RefusalKind.Check, "convenings_dates_check"), (dates!.Kind, dates.Constraint));
        var venue = DatabaseRefusal.FromSqlServer(547,
            "The INSERT statement conflicted with the FOREIGN KEY constraint \"rooms_venue_id_fkey\". The conflict occurred in database \"events\", table \"dbo.venues\", column 'id'.");
        Assert.Equal((RefusalKind.ForeignKey, "rooms_venue_id_fkey"), (venue!.Kind, venue.Constraint));
        // Not a constraint's refusal: a deadlock victim, a timeout.
        Assert.Null(DatabaseRefusal.FromSqlServer(1205, "Transaction (Process ID 52) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction."));
        Assert.Null(DatabaseRefusal.FromSqlServer(-2, "Execution Timeout Expired."));

        // Every rule SQL Server's schema throws is recognised by its number, with the constraint name it carries, as
        // PostgreSQL's trigger and exclusion constraint name theirs; the room clash is a clash on both.
        var thrown = new[] { "0001_rules.sql", "0002_calendar.sql" }
            .SelectMany(script => Regex.Matches(SqlServerSchema.Read(script), @"THROW (\d+), N'((?:[^']|'')*)', 1;"))
            .Select(m => (Number: int.Parse(m.Groups[1].Value), Message: m.Groups[2].Value.Replace("''", "'")))
            .ToList();
        Assert.Equal(new[] { 50001, 50002, 50003, 50004, 50010 }, thrown.Select(t => t.Number).Order());
        foreach (var (number, message) in thrown)
        {
            var refusal = DatabaseRefusal.FromSqlServer(number, message);
            Assert.NotNull(refusal);
            Assert.Equal(message[..message.IndexOf(':')], refusal.Constraint);
            Assert.Equal(refusal.Constraint == "side_events_no_room_clash" ? RefusalKind.RoomClash : RefusalKind.Check, refusal.Kind);
            // The words are shown to organisers (SideEventWorkflowService), without the constraint's name.
            Assert.DoesNotContain(refusal.Constraint!, refusal.Message);
            Assert.True(char.IsUpper(refusal.Message[0]), refusal.Message);
        }
        var within = DatabaseRefusal.FromSqlServer(50001, thrown.Single(t => t.Number == 50001).Message)!;
        Assert.Equal(DatabaseRefusal.FromPostgreSql(PostgresErrorCodes.CheckViolation, "side_events_within_convening", "The event must take place between …")!.Kind, within.Kind);
        Assert.Equal(RefusalKind.RoomClash, DatabaseRefusal.FromPostgreSql(PostgresErrorCodes.ExclusionViolation, "side_events_no_room_clash", "conflicting key value")!.Kind);
    }

    [Fact]
    public void A_refusal_is_found_inside_EF_Cores_wrapper_and_other_errors_are_not_refusals()
    {
        var clash = new PostgresException("conflicting key value violates exclusion constraint", "ERROR", "ERROR", PostgresErrorCodes.ExclusionViolation);
        Assert.True(DatabaseRefusal.Is(new DbUpdateException("wrapped", clash), RefusalKind.RoomClash));
        Assert.True(DatabaseRefusal.Is(new InvalidOperationException("outer", new DbUpdateException("wrapped", clash)), RefusalKind.RoomClash));
        Assert.Null(DatabaseRefusal.Of(new PostgresException("deadlock detected", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected)));
        Assert.Null(DatabaseRefusal.Of(new InvalidOperationException("not the database")));
    }

    [Fact]
    public void No_service_writes_PostgreSQL_only_SQL_outside_the_PostgreSQL_only_files()
    {
        // Where PostgreSQL's words belong: its dialect, its cluster and role set-up, the migrator's PostgreSQL branch, the
        // mapping of its errors, the entity mappings' defaults and filters (SqlServerModel translates those, and refuses
        // any it does not know).
        string[] postgreSqlOnlyFiles =
        [
            "Database/PostgreSqlDialect.cs", "Database/EmbeddedPostgresCluster.cs", "Database/AppDatabaseRole.cs", "Database/SchemaMigrator.cs",
            "Database/DatabaseRefusal.cs", "Database/SqlServer/SqlServerModel.cs",
        ];
        var server = Path.Combine(ServerProcess.RepositoryRoot, "Events.Server");
        var offending = Directory.EnumerateFiles(server, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(server, path).Replace('\\', '/'))
            .Where(path => !path.StartsWith("bin/", StringComparison.Ordinal) && !path.StartsWith("obj/", StringComparison.Ordinal)
                           && !path.StartsWith("Database/Migrations/", StringComparison.Ordinal) && !postgreSqlOnlyFiles.Contains(path)
                           && !Regex.IsMatch(path, @"/Data/\w+Configurations?\.cs$"))
            .SelectMany(path => File.ReadLines(Path.Combine(server, path))
                // Code only: comments may name what they replace.
                .Select((line, i) => (path, number: i + 1, line, code: Regex.Replace(line, @"(^|\s)//.*$", "")))
                .Where(l => Regex.IsMatch(l.code, PostgreSqlOnly + "|PostgresException|PostgresErrorCodes") && !l.code.Contains("\"::1\"", StringComparison.Ordinal)))
            .Select(l => $"{l.path}:{l.number}: {l.line.Trim()}")
            .ToList();
        Assert.True(offending.Count == 0, "PostgreSQL-only SQL outside the PostgreSQL-only files:\n" + string.Join("\n", offending));
    }
}
