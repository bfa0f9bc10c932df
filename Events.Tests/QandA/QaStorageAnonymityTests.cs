using System.Text.Json;
using Events.Server.Database;
using Events.Server.QandA;
using Events.Shared.QandA;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Events.Tests.QandA;

/// <summary>
/// What someone holding a copy of the database (a dump, a backup, a read-only login) learns about who asked an anonymous
/// question: nothing that ties it to an account, a participant row, a browser key or the same person's named questions,
/// while the asker still sees their own waiting questions and votes, and the rate limit still holds.
/// </summary>
public sealed class QaStorageAnonymityTests
{
    /// <summary>Each table that could tie a question to a person, with the query that dumps its rows as JSON.</summary>
    private static readonly (string Table, FormattableString Rows)[] DumpedTables =
    [
        ("qa_questions", $"""SELECT jsonb_pretty(to_jsonb(t)) AS "Value" FROM qa_questions t"""),
        ("qa_participants", $"""SELECT jsonb_pretty(to_jsonb(t)) AS "Value" FROM qa_participants t"""),
        ("qa_votes", $"""SELECT jsonb_pretty(to_jsonb(t)) AS "Value" FROM qa_votes t"""),
        ("qa_sessions", $"""SELECT jsonb_pretty(to_jsonb(t)) AS "Value" FROM qa_sessions t"""),
        ("users", $"""SELECT jsonb_pretty(to_jsonb(t)) AS "Value" FROM users t"""),
        ("user_roles", $"""SELECT jsonb_pretty(to_jsonb(t)) AS "Value" FROM user_roles t"""),
        ("registrations", $"""SELECT jsonb_pretty(to_jsonb(t)) AS "Value" FROM registrations t"""),
    ];

    [Fact]
    public async Task A_database_dump_ties_an_anonymous_question_to_nobody_while_its_asker_still_recognises_it()
    {
        var world = await QaWorld.CreateAsync();
        await world.ConfigureAsync(open: true, preModeration: true, codeAccess: true);
        var code = await world.CodeAsync();
        var amina = await world.ParticipantAsync("Amina Asker");
        var other = await world.ParticipantAsync("Other Person");
        var aminaId = QaIdentity.Account(amina);
        var browser = world.NewBrowser();
        var browserGrant = await world.AdmitAsync(browser, code: code);
        var aminaGrant = await world.AdmitAsync(aminaId);

        async Task<QuestionView> AskAsync(QaGrant grant, QaIdentity who, string text, bool anonymous, string? name = null)
        {
            var result = await world.Qa.AskAsync(grant, who, new AskRequest(world.EventId, text, anonymous, name, Guid.NewGuid()));
            Assert.True(result.Ok, result.Error);
            return result.Question!;
        }

        // Back to back, as a person would: a question under her name, then one without. Not across a minute's edge, so
        // that "asked 20 ms apart" is visibly not what the stored times say.
        while (DateTime.UtcNow.Second is < 2 or >= 57) await Task.Delay(250);
        var othersQuestion = await AskAsync(await world.AdmitAsync(QaIdentity.Account(other)), QaIdentity.Account(other), "Who pays for the shelters?", anonymous: false);
        var named = await AskAsync(aminaGrant, aminaId, "A question under my name", anonymous: false);
        var anonymous = await AskAsync(aminaGrant, aminaId, "Which States retaliated against defenders who spoke here?", anonymous: true);
        var browserNamed = await AskAsync(browserGrant, browser, "From the back row", anonymous: false, name: "Rosa");
        var browserAnonymous = await AskAsync(browserGrant, browser, "And one without my name", anonymous: true);

        // The askers see their own waiting questions, anonymous ones included; nobody else does.
        var aminasView = (await world.Qa.JoinAsync(new JoinRequest(world.EventId), aminaId)).Snapshot!;
        Assert.Equal(new[] { named.Id, anonymous.Id }.Order(), aminasView.MyPendingQuestions.Select(q => q.Id).Order());
        var browsersView = (await world.Qa.JoinAsync(new JoinRequest(world.EventId, code), browser)).Snapshot!;
        Assert.Equal(new[] { browserNamed.Id, browserAnonymous.Id }.Order(), browsersView.MyPendingQuestions.Select(q => q.Id).Order());
        Assert.Equal([othersQuestion.Id], (await world.Qa.JoinAsync(new JoinRequest(world.EventId), QaIdentity.Account(other))).Snapshot!.MyPendingQuestions.Select(q => q.Id));

        foreach (var q in new[] { othersQuestion, named, anonymous, browserNamed, browserAnonymous })
            Assert.True((await world.ModerateAsync(world.Organiser, q.Id, ModerationActions.Approve)).Ok);
        // Votes, on other people's questions only: the askers' own are recognised, anonymous ones included.
        foreach (var q in new[] { othersQuestion, browserNamed, browserAnonymous }) Assert.True((await world.Qa.VoteAsync(aminaGrant, aminaId, q.Id, vote: true)).Ok);
        foreach (var q in new[] { named, anonymous }) Assert.True((await world.Qa.VoteAsync(browserGrant, browser, q.Id, vote: true)).Ok);
        foreach (var q in new[] { named, anonymous }) Assert.False((await world.Qa.VoteAsync(aminaGrant, aminaId, q.Id, vote: true)).Ok);
        Assert.False((await world.Qa.VoteAsync(browserGrant, browser, browserAnonymous.Id, vote: true)).Ok);
        var aminasSnapshot = (await world.Qa.JoinAsync(new JoinRequest(world.EventId), aminaId)).Snapshot!;
        Assert.Equal(new[] { othersQuestion.Id, browserNamed.Id, browserAnonymous.Id }.Order(), aminasSnapshot.MyVotes.Order());
        Assert.Equal(new[] { named.Id, anonymous.Id }.Order(), aminasSnapshot.MyQuestions!.Order());

        // The dump.
        var dump = await DumpAsync(world.Data);
        string Row(string table, Guid id) => Assert.Single(dump, r => r.Table == table && r.Json.Contains(id.ToString())).Json;
        var aminasParticipant = await world.Data.QueryAsync(db => db.QaParticipants.Where(p => p.UserId == amina).Select(p => p.Id).SingleAsync());
        var browserParticipant = await world.Data.QueryAsync(db => db.QaQuestions.Where(q => q.Id == browserNamed.Id).Select(q => q.ParticipantId!.Value).SingleAsync());
        var browserKeyHash = Convert.ToHexString(browser.KeyHashFor(world.EventId)!).ToLowerInvariant();
        var aminasEmail = await world.Data.QueryAsync(db => db.Users.Where(u => u.Id == amina).Select(u => u.Email!).SingleAsync());

        foreach (var (question, secrets) in new[]
        {
            (anonymous, new[] { amina.ToString(), aminasEmail, aminasParticipant.ToString(), named.Id.ToString(), "Amina" }),
            (browserAnonymous, new[] { browser.BrowserKey!, browserKeyHash, browserParticipant.ToString(), browserNamed.Id.ToString(), "Rosa" }),
        })
        {
            var row = JsonDocument.Parse(dump.Single(r => r.Table == "qa_questions" && r.Json.Contains($"\"id\": \"{question.Id}\"")).Json).RootElement;
            Assert.Equal(JsonValueKind.Null, row.GetProperty("participant_id").ValueKind);
            Assert.Equal(JsonValueKind.Null, row.GetProperty("author_name").ValueKind);
            // The rows that mention the question at all: itself and its votes. None holds anything of the asker.
            var mentioning = dump.Where(r => r.Json.Contains(question.Id.ToString())).ToList();
            Assert.All(mentioning, r => Assert.Contains(r.Table, new[] { "qa_questions", "qa_votes" }));
            Assert.Equal(1, mentioning.Count(r => r.Table == "qa_questions"));
            foreach (var (table, json) in mentioning)
                foreach (var secret in secrets)
                    Assert.False(json.Contains(secret, StringComparison.OrdinalIgnoreCase), $"A {table} row of the anonymous question holds \"{secret}\".");
            // Its owner tag and request id, and the tags of its votes, appear in no other row: nothing to join on.
            var values = new[] { Hex(row.GetProperty("owner_tag")), row.GetProperty("client_request_id").GetString()! }
                .Concat(mentioning.Where(r => r.Table == "qa_votes").Select(r => Hex(JsonDocument.Parse(r.Json).RootElement.GetProperty("voter_tag"))));
            foreach (var value in values) Assert.Single(dump, r => r.Json.Contains(value));
            // Its time says the minute only: equal to no time in a row tied to anyone, and not next to the named question's.
            var askedAt = row.GetProperty("asked_at").GetDateTimeOffset();
            Assert.Equal(0, askedAt.Second);
            Assert.Equal(0, askedAt.Millisecond);
            Assert.Equal(0, askedAt.Microsecond);
            var namedAt = JsonDocument.Parse(Row("qa_questions", question == anonymous ? named.Id : browserNamed.Id)).RootElement.GetProperty("asked_at").GetDateTimeOffset();
            Assert.True((namedAt - askedAt).Duration() >= TimeSpan.FromSeconds(1), $"The anonymous question's time ({askedAt:O}) is next to the named one's ({namedAt:O}).");
            var storedTime = $"\"{row.GetProperty("asked_at").GetString()}\"";
            foreach (var (table, json) in dump.Where(r => r.Table != "qa_questions" || !r.Json.Contains("\"author_name\": null")))
                Assert.False(json.Contains(storedTime), $"A {table} row has the anonymous question's time {storedTime}.");
        }
        // No vote shares its tag with another: one person's votes cannot even be grouped.
        var voteTags = dump.Where(r => r.Table == "qa_votes").Select(r => JsonDocument.Parse(r.Json).RootElement.GetProperty("voter_tag").GetString()).ToList();
        Assert.Equal(5, voteTags.Count);
        Assert.Equal(voteTags.Count, voteTags.Distinct().Count());
        // Rows that do lead to people (participants, votes) carry no time at all.
        Assert.Equal(0, await world.Data.QueryAsync(db => db.Database.SqlQuery<int>($"""
            SELECT count(*)::int AS "Value" FROM information_schema.columns
            WHERE table_name IN ('qa_participants', 'qa_votes') AND data_type LIKE 'timestamp%'
            """).SingleAsync()));

        // The rate limit still counts anonymous and named questions together: five a minute (Amina has asked two).
        for (var i = 0; i < 3; i++) await AskAsync(aminaGrant, aminaId, $"More {i}", anonymous: i % 2 == 0);
        var sixth = await world.Qa.AskAsync(aminaGrant, aminaId, new AskRequest(world.EventId, "One too many"));
        Assert.Equal(QaFloodGuard.TooManyQuestions, sixth.Error);

        // Erasure: the named questions lose the name and the link, the participant row goes, votes still count.
        await world.Data.QueryAsync(db => db.Users.Where(u => u.Id == amina).ExecuteDeleteAsync());
        Assert.Equal(0, await world.Data.QueryAsync(db => db.QaParticipants.CountAsync(p => p.Id == aminasParticipant)));
        var afterErasure = (await world.Qa.JoinAsync(new JoinRequest(world.EventId), QaIdentity.Account(world.Organiser))).Snapshot!.Questions;
        Assert.Null(afterErasure.Single(q => q.Id == named.Id).AuthorName);
        Assert.Equal(1, afterErasure.Single(q => q.Id == named.Id).Votes);
        Assert.Equal(1, afterErasure.Single(q => q.Id == anonymous.Id).Votes);
        Assert.Equal(0, await world.Data.QueryAsync(db => db.QaQuestions.CountAsync(q => q.Id == named.Id && q.ParticipantId != null)));
    }

    [Fact]
    public async Task The_migration_cuts_existing_anonymous_questions_from_their_askers_and_keeps_the_votes()
    {
        // A database as it was before the qa_anonymity script, with a person's named and anonymous questions and votes.
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var migrator = new SchemaMigrator(connectionString, NullLogger.Instance);
        await migrator.MigrateAsync("20261130210122_SubmissionKeys"); // the migration before QaAnonymity
        // The world is made through today's model, whose inserts name the columns later migrations add: those stand in
        // for the time it takes, and go again before the migrations run.
        await using (var db = await (await TestData.ForAsync(connectionString)).Db.CreateDbContextAsync())
            await db.Database.ExecuteSqlAsync($"ALTER TABLE convenings ADD COLUMN proposals_close_at timestamptz, ADD COLUMN proposal_guidelines varchar(4000)");
        // The old schema has no mail outbox either: the world is made without the proposal workflow's mails.
        var world = await QaWorld.CreateAsync(await TestData.ForAsync(connectionString,
            replace: services => services.RemoveAll<Events.Server.SideEvents.ProposalMails>()));
        await using (var db = await world.Data.Db.CreateDbContextAsync())
            await db.Database.ExecuteSqlAsync($"ALTER TABLE convenings DROP COLUMN proposals_close_at, DROP COLUMN proposal_guidelines");
        var amina = await world.Data.AddUserAsync("Amina Before");
        Guid participant, named, anonymous;
        // The old schema is not the model's, so this is SQL, through the same contexts.
        await using (var db = await world.Data.Db.CreateDbContextAsync())
        {
            participant = (await db.Database.SqlQuery<Guid>(
                $"""INSERT INTO qa_participants (side_event_id, user_id) VALUES ({world.EventId}, {amina}) RETURNING id AS "Value" """).ToListAsync()).Single();
            named = (await db.Database.SqlQuery<Guid>($"""
                INSERT INTO qa_questions (side_event_id, participant_id, author_name, text, state) VALUES ({world.EventId}, {participant}, 'Amina Before', 'Named', 'published') RETURNING id AS "Value"
                """).ToListAsync()).Single();
            anonymous = (await db.Database.SqlQuery<Guid>($"""
                INSERT INTO qa_questions (side_event_id, participant_id, text, state) VALUES ({world.EventId}, {participant}, 'Anonymous', 'published') RETURNING id AS "Value"
                """).ToListAsync()).Single();
            await db.Database.ExecuteSqlAsync($"INSERT INTO qa_votes (question_id, participant_id) VALUES ({named}, {participant}), ({anonymous}, {participant})");
        }

        await migrator.MigrateAsync();

        await using var check = await world.Data.Db.CreateDbContextAsync();
        Assert.Equal(participant, await check.QaQuestions.Where(q => q.Id == named).Select(q => q.ParticipantId).SingleAsync());
        var stored = await check.QaQuestions.SingleAsync(q => q.Id == anonymous);
        Assert.Null(stored.ParticipantId);
        Assert.Equal(0, stored.AskedAt.Ticks % TimeSpan.TicksPerMinute);
        Assert.Equal(1, stored.Votes);
        Assert.Equal(2, await check.QaVotes.Select(v => v.VoterTag).Distinct().CountAsync());
        // The database itself now refuses a nameless question that leads to a participant.
        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            check.QaQuestions.Where(q => q.Id == anonymous).ExecuteUpdateAsync(q => q.SetProperty(x => x.ParticipantId, participant)));
        Assert.Equal(Npgsql.PostgresErrorCodes.CheckViolation, refused.SqlState);
    }

    /// <summary>A bytea value as to_jsonb writes it, without the \x: what would appear in another row holding the same bytes.</summary>
    private static string Hex(JsonElement value) => value.GetString()!.TrimStart('\\', 'x');

    /// <summary>Every row of the tables that could tie a question to a person, as JSON (bytea as \x hex, times as ISO 8601).</summary>
    private static async Task<List<(string Table, string Json)>> DumpAsync(TestData data)
    {
        var rows = new List<(string, string)>();
        await using var db = await data.Db.CreateDbContextAsync();
        // One connection throughout, so that the time zone holds for every query.
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlAsync($"SET TIME ZONE 'UTC'");
        foreach (var (table, query) in DumpedTables)
            rows.AddRange((await db.Database.SqlQuery<string>(query).ToListAsync()).Select(json => (table, json)));
        return rows;
    }
}
