using Events.Server.QandA;
using Events.Shared.QandA;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Events.Tests.QandA;

/// <summary>The Q&amp;A's rules against a real PostgreSQL, through the service the hub uses.</summary>
public sealed class QaRuleTests
{
    [Fact]
    public async Task A_question_is_stored_before_it_is_acknowledged_and_an_anonymous_one_carries_no_name_for_anyone()
    {
        var world = await QaWorld.CreateAsync();
        await world.ConfigureAsync(open: true);
        var amina = await world.ParticipantAsync("Amina Secret");

        var asked = await world.AskAsync(amina, "  How do you protect defenders who\r\nspeak here?  ");
        Assert.Equal("How do you protect defenders who\nspeak here?", asked.Text);
        Assert.Null(asked.AuthorName);
        Assert.Equal(QuestionStates.Published, asked.State);
        Assert.Equal(1, await world.Data.QueryAsync(db => db.QaQuestions.CountAsync(q => q.Id == asked.Id)));

        // Moderators get every question, and "Anonymous" too.
        var moderatorView = await world.Qa.JoinAsync(new JoinRequest(world.EventId), QaIdentity.Account(world.Organiser));
        var seen = Assert.Single(moderatorView.Snapshot!.Questions);
        Assert.Null(seen.AuthorName);
        Assert.Equal(1, moderatorView.Snapshot.Counts!.Published);
        foreach (var (_, json) in world.Notifier.Sent)
        {
            Assert.DoesNotContain("Amina", json);
            Assert.DoesNotContain(amina.ToString(), json);
        }
    }

    [Fact]
    public async Task Asking_again_with_the_same_request_id_returns_the_stored_question_instead_of_a_copy()
    {
        var world = await QaWorld.CreateAsync();
        await world.ConfigureAsync(open: true);
        var amina = await world.ParticipantAsync("Amina");
        var identity = QaIdentity.Account(amina);
        var grant = await world.AdmitAsync(identity);
        var requestId = Guid.NewGuid();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            world.Qa.AskAsync(grant, identity, new AskRequest(world.EventId, "Who funds the shelters?", ClientRequestId: requestId))));
        var other = await world.Qa.AskAsync(grant, identity, new AskRequest(world.EventId, "Who funds the shelters?", ClientRequestId: Guid.NewGuid()));

        Assert.All(attempts, a => Assert.True(a.Ok, a.Error));
        Assert.Single(attempts.Select(a => a.Question!.Id).Distinct());
        Assert.NotEqual(attempts[0].Question!.Id, other.Question!.Id); // a new request id is a new question, even with the same words
        Assert.Equal(2, await world.Data.QueryAsync(db => db.QaQuestions.CountAsync(q => q.SideEventId == world.EventId)));
    }

    [Fact]
    public async Task A_retry_is_answered_with_its_question_even_after_the_limit_and_a_refused_question_stores_nothing()
    {
        var world = await QaWorld.CreateAsync();
        await world.ConfigureAsync(open: true, codeAccess: true);
        var browser = world.NewBrowser();
        var grant = await world.AdmitAsync(browser, code: await world.CodeAsync());
        var firstId = Guid.NewGuid();
        var first = await world.Qa.AskAsync(grant, browser, new AskRequest(world.EventId, "Question 1", ClientRequestId: firstId));
        var namedId = Guid.NewGuid();
        var named = await world.Qa.AskAsync(grant, browser, new AskRequest(world.EventId, "Question 2", Anonymous: false, Name: "Rosa", ClientRequestId: namedId));
        for (var i = 3; i <= QaLimits.QuestionsPerMinute; i++)
            Assert.True((await world.Qa.AskAsync(grant, browser, new AskRequest(world.EventId, $"Question {i}", ClientRequestId: Guid.NewGuid()))).Ok);

        // At the limit: a new question is refused and leaves no row; retries of stored ones still get them back.
        var refused = await world.Qa.AskAsync(grant, browser, new AskRequest(world.EventId, "One too many", ClientRequestId: Guid.NewGuid()));
        Assert.Equal(QaFloodGuard.TooManyQuestions, refused.Error);
        var retried = await world.Qa.AskAsync(grant, browser, new AskRequest(world.EventId, "Question 1", ClientRequestId: firstId));
        Assert.True(retried.Ok, retried.Error);
        Assert.Equal(first.Question!.Id, retried.Question!.Id);
        var namedAgain = await world.Qa.AskAsync(grant, browser, new AskRequest(world.EventId, "Question 2", Anonymous: false, Name: "Rosa", ClientRequestId: namedId));
        Assert.True(namedAgain.Ok, namedAgain.Error);
        Assert.Equal(named.Question!.Id, namedAgain.Question!.Id);
        Assert.Equal(QaLimits.QuestionsPerMinute, await world.Data.QueryAsync(db => db.QaQuestions.CountAsync(q => q.SideEventId == world.EventId)));
        Assert.Equal(0, await world.Data.QueryAsync(db => db.QaQuestions.CountAsync(q => q.Text == "One too many")));
    }

    [Fact]
    public async Task A_named_question_shows_the_account_name_and_loses_it_when_the_account_is_erased()
    {
        var world = await QaWorld.CreateAsync();
        await world.ConfigureAsync(open: true);
        var li = await world.ParticipantAsync("Li Named");
        var asked = await world.AskAsync(li, "Will the report be public?", anonymous: false);
        Assert.Equal("Li Named", asked.AuthorName);

        await world.Data.QueryAsync(db => db.Users.Where(u => u.Id == li).ExecuteDeleteAsync());

        var after = (await world.Qa.JoinAsync(new JoinRequest(world.EventId), QaIdentity.Account(world.Organiser))).Snapshot!.Questions.Single();
        Assert.Null(after.AuthorName);
        Assert.Equal("Will the report be public?", after.Text);
        Assert.Equal(0, await world.Data.QueryAsync(db => db.QaParticipants.CountAsync(p => p.UserId == li)));
    }

    [Fact]
    public async Task With_pre_moderation_a_question_waits_for_approval_and_only_then_reaches_participants()
    {
        var world = await QaWorld.CreateAsync();
        await world.ConfigureAsync(open: true, preModeration: true);
        var asker = await world.ParticipantAsync("Asker");
        var other = await world.ParticipantAsync("Other");

        var asked = await world.AskAsync(asker, "A question for the panel");
        Assert.Equal(QuestionStates.Pending, asked.State);
        var othersView = (await world.Qa.JoinAsync(new JoinRequest(world.EventId), QaIdentity.Account(other))).Snapshot!;
        Assert.Empty(othersView.Questions);
        var askersView = (await world.Qa.JoinAsync(new JoinRequest(world.EventId), QaIdentity.Account(asker))).Snapshot!;
        Assert.Empty(askersView.Questions);
        Assert.Equal(asked.Id, Assert.Single(askersView.MyPendingQuestions).Id);

        Assert.True((await world.ModerateAsync(world.Organiser, asked.Id, ModerationActions.Approve)).Ok);
        othersView = (await world.Qa.JoinAsync(new JoinRequest(world.EventId), QaIdentity.Account(other))).Snapshot!;
        var published = Assert.Single(othersView.Questions);
        Assert.Equal(QuestionStates.Published, published.State);
        Assert.True(published.Revision > asked.Revision);
    }

    [Fact]
    public async Task A_participant_votes_once_per_question_and_can_take_the_vote_back()
    {
        var world = await QaWorld.CreateAsync();
        await world.ConfigureAsync(open: true);
        var asker = await world.ParticipantAsync("Asker");
        var voter = await world.ParticipantAsync("Voter");
        var question = await world.AskAsync(asker, "Question to vote on");
        var identity = QaIdentity.Account(voter);
        var grant = await world.AdmitAsync(identity);

        var first = await world.Qa.VoteAsync(grant, identity, question.Id, vote: true);
        Assert.True(first.Ok);
        Assert.Equal(1, first.Votes);
        var second = await world.Qa.VoteAsync(grant, identity, question.Id, vote: true);
        Assert.False(second.Ok);
        Assert.Equal("You have already voted for this question.", second.Error);
        Assert.Equal(1, second.Votes);

        // Twenty votes at once from the same person still count once: the primary key decides.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => world.Qa.VoteAsync(grant, identity, question.Id, vote: true)));
        Assert.Equal(1, await world.Data.QueryAsync(db => db.QaQuestions.Where(q => q.Id == question.Id).Select(q => q.Votes).SingleAsync()));
        Assert.Equal(1, await world.Data.QueryAsync(db => db.QaVotes.CountAsync(v => v.QuestionId == question.Id)));

        var back = await world.Qa.VoteAsync(grant, identity, question.Id, vote: false);
        Assert.True(back.Ok);
        Assert.Equal(0, back.Votes);
        Assert.Contains(question.Id, world.Notifier.VotedQuestions);
    }

    [Fact]
    public async Task The_database_refuses_a_second_vote_even_without_the_service()
    {
        var world = await QaWorld.CreateAsync();
        await world.ConfigureAsync(open: true);
        var voter = await world.ParticipantAsync("Voter");
        var question = await world.AskAsync(await world.ParticipantAsync("Asker"), "Question");
        var grant = await world.AdmitAsync(QaIdentity.Account(voter));
        Assert.True((await world.Qa.VoteAsync(grant, QaIdentity.Account(voter), question.Id, vote: true)).Ok);
        var error = await Assert.ThrowsAsync<PostgresException>(() => world.Data.QueryAsync(db => db.Database.ExecuteSqlAsync(
            $"INSERT INTO qa_votes (question_id, voter_tag) SELECT question_id, voter_tag FROM qa_votes WHERE question_id = {question.Id}")));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
    }

    [Fact]
    public async Task Closed_qa_refuses_new_questions_with_a_clear_message_and_stores_nothing()
    {
        var world = await QaWorld.CreateAsync();
        await world.ConfigureAsync(open: false);
        var amina = await world.ParticipantAsync("Amina");
        var identity = QaIdentity.Account(amina);
        var join = await world.Qa.JoinAsync(new JoinRequest(world.EventId), identity);
        Assert.False(join.Snapshot!.Caller.CanAsk);
        Assert.Equal("Q&A for this event is closed: new questions are not being taken.", join.Snapshot.Caller.CannotAskReason);

        var result = await world.Qa.AskAsync(await world.AdmitAsync(identity), identity, new AskRequest(world.EventId, "Too late?"));
        Assert.False(result.Ok);
        Assert.Equal("Q&A for this event is closed: new questions are not being taken.", result.Error);
        Assert.Equal(0, await world.Data.QueryAsync(db => db.QaQuestions.CountAsync()));
        Assert.Equal(0, await world.Data.QueryAsync(db => db.QaParticipants.CountAsync()));
    }

    [Fact]
    public async Task Length_and_rate_limits_refuse_with_clear_errors_and_store_nothing()
    {
        var world = await QaWorld.CreateAsync();
        await world.ConfigureAsync(open: true);
        var amina = await world.ParticipantAsync("Amina");
        var identity = QaIdentity.Account(amina);
        var grant = await world.AdmitAsync(identity);

        // 500 characters as people count them: an emoji is one, although it takes two UTF-16 units.
        var fiveHundredEmoji = string.Concat(Enumerable.Repeat("🕊", 500));
        Assert.True((await world.Qa.AskAsync(grant, identity, new AskRequest(world.EventId, fiveHundredEmoji))).Ok);
        var tooLong = await world.Qa.AskAsync(grant, identity, new AskRequest(world.EventId, new string('a', 501)));
        Assert.False(tooLong.Ok);
        Assert.Equal("A question can be at most 500 characters; this one has 501. Shorten it and ask again.", tooLong.Error);
        var empty = await world.Qa.AskAsync(grant, identity, new AskRequest(world.EventId, "  \n\t "));
        Assert.Equal("Write a question first.", empty.Error);

        for (var i = 2; i <= QaLimits.QuestionsPerMinute; i++)
            Assert.True((await world.Qa.AskAsync(grant, identity, new AskRequest(world.EventId, $"Question {i}"))).Ok);
        var sixth = await world.Qa.AskAsync(grant, identity, new AskRequest(world.EventId, "One too many"));
        Assert.False(sixth.Ok);
        Assert.Equal("You have asked 5 questions in the last minute. Wait a moment before asking another.", sixth.Error);
        Assert.Equal(QaLimits.QuestionsPerMinute, await world.Data.QueryAsync(db => db.QaQuestions.CountAsync()));

        // Someone else is not held up by Amina's limit.
        var other = await world.ParticipantAsync("Other");
        Assert.True((await world.AskAsync(other, "My first question")).Id != Guid.Empty);
    }

    [Fact]
    public async Task The_rate_limit_holds_under_concurrent_asks_from_one_participant()
    {
        var world = await QaWorld.CreateAsync();
        await world.ConfigureAsync(open: true);
        var amina = await world.ParticipantAsync("Amina");
        var identity = QaIdentity.Account(amina);
        var grant = await world.AdmitAsync(identity);
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => world.Qa.AskAsync(grant, identity, new AskRequest(world.EventId, $"Burst {i}"))));
        Assert.Equal(QaLimits.QuestionsPerMinute, results.Count(r => r.Ok));
        Assert.Equal(QaLimits.QuestionsPerMinute, await world.Data.QueryAsync(db => db.QaQuestions.CountAsync()));
    }

    [Fact]
    public async Task A_participant_cannot_moderate_configure_join_another_event_or_ask_into_it()
    {
        var world = await QaWorld.CreateAsync();
        await world.ConfigureAsync(open: true);
        await world.ConfigureAsync(open: true, eventId: world.OtherEventId);
        var amina = await world.ParticipantAsync("Amina");
        var identity = QaIdentity.Account(amina);
        var question = await world.AskAsync(amina, "Mine");
        var grant = await world.AdmitAsync(identity);

        foreach (var action in ModerationActions.All)
        {
            var refused = await world.Qa.ModerateAsync(grant, identity, new ModerateRequest(question.Id, action, "changed"));
            Assert.False(refused.Ok);
            Assert.Equal("Only the event's organisers and moderators can moderate its Q&A.", refused.Error);
        }
        var configure = await world.Qa.ConfigureAsync(grant, identity, new QaSettingsRequest(world.EventId, false, true, true));
        Assert.Equal("Only the event's organisers and moderators can moderate its Q&A.", configure.Error);

        // Not registered for the other event: cannot join it, and a question aimed at it through this event's grant is refused.
        var (otherGrant, error) = await world.Qa.AdmitAsync(new JoinRequest(world.OtherEventId), identity);
        Assert.Null(otherGrant);
        Assert.Equal("Only the event's confirmed participants can join this Q&A. If the organisers gave you a Q&A code, enter it.", error);
        var crossAsk = await world.Qa.AskAsync(grant, identity, new AskRequest(world.OtherEventId, "Sneaking in"));
        Assert.False(crossAsk.Ok);
        Assert.Equal("Join this event's Q&A first.", crossAsk.Error);
        Assert.Equal(0, await world.Data.QueryAsync(db => db.QaQuestions.CountAsync(q => q.SideEventId == world.OtherEventId)));

        // Nothing changed.
        var unchanged = (await world.Qa.JoinAsync(new JoinRequest(world.EventId), identity)).Snapshot!;
        Assert.True(unchanged.Session.IsOpen);
        Assert.Equal(question.Revision, Assert.Single(unchanged.Questions).Revision);
    }

    [Fact]
    public async Task A_confirmed_registration_for_the_whole_convening_admits_to_each_events_qa_but_a_pending_one_does_not()
    {
        var world = await QaWorld.CreateAsync();
        var dialogue = await world.Data.AddUserAsync("Dialogue Participant");
        var waiting = await world.Data.AddUserAsync("Still Pending");
        await world.Data.QueryAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO registrations (convening_id, side_event_id, user_id, status, check_in_code)
            SELECT convening_id, NULL, {dialogue}, 'confirmed', 'CONV-0001' FROM side_events WHERE id = {world.EventId};
            INSERT INTO registrations (convening_id, side_event_id, user_id, status)
            SELECT convening_id, NULL, {waiting}, 'pending' FROM side_events WHERE id = {world.EventId};
            """));
        Assert.NotNull((await world.Qa.AdmitAsync(new JoinRequest(world.EventId), QaIdentity.Account(dialogue))).Grant);
        Assert.NotNull((await world.Qa.AdmitAsync(new JoinRequest(world.OtherEventId), QaIdentity.Account(dialogue))).Grant);
        Assert.Null((await world.Qa.AdmitAsync(new JoinRequest(world.EventId), QaIdentity.Account(waiting))).Grant);
    }

    [Fact]
    public async Task The_proposer_organisers_admins_and_site_moderators_moderate_and_see_the_code()
    {
        var world = await QaWorld.CreateAsync();
        var admin = await world.Data.AddUserAsync("Ada Admin", "Admin");
        var moderator = await world.Data.AddUserAsync("Mo Moderator", "Moderator");
        var stranger = await world.Data.AddUserAsync("Stranger");
        foreach (var user in new[] { world.Organiser, admin, moderator })
        {
            var snapshot = (await world.Qa.JoinAsync(new JoinRequest(world.EventId), QaIdentity.Account(user))).Snapshot!;
            Assert.True(snapshot.Caller.CanModerate);
            Assert.Matches("^[A-HJKMNP-Z2-9]{6}$", snapshot.Session.Code!);
        }
        var refused = await world.Qa.JoinAsync(new JoinRequest(world.EventId), QaIdentity.Account(stranger));
        Assert.False(refused.Ok);
    }

    [Fact]
    public async Task Only_one_question_is_highlighted_at_a_time_and_answering_clears_it()
    {
        var world = await QaWorld.CreateAsync();
        await world.ConfigureAsync(open: true);
        var amina = await world.ParticipantAsync("Amina");
        var a = await world.AskAsync(amina, "First");
        var b = await world.AskAsync(amina, "Second");

        Assert.True((await world.ModerateAsync(world.Organiser, a.Id, ModerationActions.Highlight)).Ok);
        Assert.True((await world.ModerateAsync(world.Organiser, b.Id, ModerationActions.Highlight)).Ok);
        var snapshot = (await world.Qa.JoinAsync(new JoinRequest(world.EventId), QaIdentity.Account(amina))).Snapshot!;
        Assert.Equal(b.Id, snapshot.Highlighted!.Id);
        Assert.Single(snapshot.Questions, q => q.Highlighted);

        // Concurrent highlights by two moderators end with exactly one.
        var moderator = await world.Data.AddUserAsync("Mo", "Moderator");
        await Task.WhenAll(world.ModerateAsync(world.Organiser, a.Id, ModerationActions.Highlight), world.ModerateAsync(moderator, b.Id, ModerationActions.Highlight));
        Assert.Equal(1, await world.Data.QueryAsync(db => db.QaQuestions.CountAsync(q => q.Highlighted)));

        var highlighted = await world.Data.QueryAsync(db => db.QaQuestions.Where(q => q.Highlighted).Select(q => q.Id).SingleAsync());
        Assert.True((await world.ModerateAsync(world.Organiser, highlighted, ModerationActions.MarkAnswered)).Ok);
        Assert.Equal(0, await world.Data.QueryAsync(db => db.QaQuestions.CountAsync(q => q.Highlighted)));
        var last = world.Notifier.Sent.Last(s => s.Method == QaClientMethods.HighlightChanged);
        Assert.Contains("\"question\":null", last.Json);

        // The database itself refuses a second highlight.
        await using var db = await world.Data.Db.CreateDbContextAsync();
        await db.QaQuestions.ExecuteUpdateAsync(q => q.SetProperty(x => x.State, QuestionStates.Published).SetProperty(x => x.Highlighted, false));
        await db.QaQuestions.Where(q => q.Id == a.Id).ExecuteUpdateAsync(q => q.SetProperty(x => x.Highlighted, true));
        var error = await Assert.ThrowsAsync<PostgresException>(() => db.QaQuestions.Where(q => q.Id == b.Id).ExecuteUpdateAsync(q => q.SetProperty(x => x.Highlighted, true)));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
    }

    [Fact]
    public async Task Moderators_hide_restore_star_archive_and_edit_with_the_edit_marked_and_counts_kept()
    {
        var world = await QaWorld.CreateAsync();
        await world.ConfigureAsync(open: true);
        var amina = await world.ParticipantAsync("Amina");
        var q = await world.AskAsync(amina, "Waht is the plan?");

        Assert.True((await world.ModerateAsync(world.Organiser, q.Id, ModerationActions.Edit, "What is the plan?")).Ok);
        Assert.True((await world.ModerateAsync(world.Organiser, q.Id, ModerationActions.Star)).Ok);
        Assert.True((await world.ModerateAsync(world.Organiser, q.Id, ModerationActions.Hide)).Ok);
        var hiddenFromParticipants = (await world.Qa.JoinAsync(new JoinRequest(world.EventId), QaIdentity.Account(amina))).Snapshot!;
        Assert.Empty(hiddenFromParticipants.Questions);
        Assert.True((await world.ModerateAsync(world.Organiser, q.Id, ModerationActions.Restore)).Ok);
        Assert.True((await world.ModerateAsync(world.Organiser, q.Id, ModerationActions.Archive)).Ok);
        var refused = await world.ModerateAsync(world.Organiser, q.Id, ModerationActions.Approve);
        Assert.Equal("Only a question waiting for approval can be approved.", refused.Error);
        var unknown = await world.ModerateAsync(world.Organiser, q.Id, "delete-everything");
        Assert.StartsWith("Unknown moderation action", unknown.Error);

        var snapshot = (await world.Qa.JoinAsync(new JoinRequest(world.EventId), QaIdentity.Account(world.Organiser))).Snapshot!;
        var final = Assert.Single(snapshot.Questions);
        Assert.Equal("What is the plan?", final.Text);
        Assert.True(final.Edited);
        Assert.True(final.Starred);
        Assert.Equal(QuestionStates.Archived, final.State);
        Assert.Equal(new QaCounts(world.EventId, 0, 0, 0, 0, 1), snapshot.Counts);
        // Participants heard: added, updated (edit, star), removed (hide), added (restore), removed (archive): the
        // notifier records the moderators' stream; the hub splits it per audience (HubQaNotifier).
        Assert.Contains(world.Notifier.Sent, s => s.Method == QaClientMethods.CountsChanged);
    }

    [Fact]
    public async Task Code_holders_without_an_account_join_only_while_code_access_is_on_and_vote_once_per_browser()
    {
        var world = await QaWorld.CreateAsync();
        await world.ConfigureAsync(open: true, codeAccess: false);
        var code = await world.CodeAsync();
        var browser = world.NewBrowser();

        var (refused, error) = await world.Qa.AdmitAsync(new JoinRequest(world.EventId, code), browser);
        Assert.Null(refused);
        Assert.StartsWith("This Q&A code is not valid for this event", error);
        Assert.Null((await world.Qa.FindByCodeAsync(code, null)).SideEventId);

        await world.ConfigureAsync(open: true, codeAccess: true);
        Assert.Equal(world.EventId, (await world.Qa.FindByCodeAsync(code.ToLowerInvariant(), null)).SideEventId);
        var grant = await world.AdmitAsync(browser, code: code.ToLowerInvariant());
        var named = await world.Qa.AskAsync(grant, browser, new AskRequest(world.EventId, "From the back row", Anonymous: false, Name: "  Rosa  "));
        Assert.True(named.Ok, named.Error);
        Assert.Equal("Rosa", named.Question!.AuthorName);
        Assert.False((await world.Qa.VoteAsync(grant, browser, named.Question.Id, true)).Ok); // one's own question
        var secondBrowser = world.NewBrowser();
        var secondGrant = await world.AdmitAsync(secondBrowser, code: code);
        Assert.True((await world.Qa.VoteAsync(secondGrant, secondBrowser, named.Question.Id, true)).Ok);
        Assert.False((await world.Qa.VoteAsync(secondGrant, secondBrowser, named.Question.Id, true)).Ok);
        var thirdBrowser = world.NewBrowser();
        Assert.True((await world.Qa.VoteAsync(await world.AdmitAsync(thirdBrowser, code: code), thirdBrowser, named.Question.Id, true)).Ok);
        Assert.Equal(2, await world.Data.QueryAsync(db => db.QaQuestions.Where(q => q.Id == named.Question.Id).Select(q => q.Votes).SingleAsync()));

        // The key itself is not stored; its hash differs per event.
        var stored = await world.Data.QueryAsync(db => db.QaParticipants.Where(p => p.BrowserKeyHash != null).Select(p => p.BrowserKeyHash!).FirstAsync());
        Assert.Contains(stored, new[] { browser.KeyHashFor(world.EventId), secondBrowser.KeyHashFor(world.EventId) }, new BytesComparer());
        Assert.NotEqual(browser.KeyHashFor(world.EventId), browser.KeyHashFor(world.OtherEventId));

        // A browser without a key can read with the code but not ask or vote.
        var keyless = await world.Qa.JoinAsync(new JoinRequest(world.EventId, code), QaIdentity.Nobody);
        Assert.True(keyless.Ok);
        Assert.False(keyless.Snapshot!.Caller.CanAsk);
        Assert.StartsWith("Your browser did not keep this site's Q&A cookie", keyless.Snapshot.Caller.CannotAskReason);

        // Once the organisers turn codes off, a connection admitted by code can no longer ask.
        await world.ConfigureAsync(open: true, codeAccess: false);
        var late = await world.Qa.AskAsync(grant, browser, new AskRequest(world.EventId, "Still here?"));
        Assert.False(late.Ok);
        Assert.StartsWith("This Q&A code is not valid", late.Error);
    }

    [Fact]
    public async Task Guessing_codes_is_slowed_down_per_address_without_holding_up_others()
    {
        var world = await QaWorld.CreateAsync();
        await world.ConfigureAsync(open: true, codeAccess: true);
        var code = await world.CodeAsync();
        var browser = world.NewBrowser();
        const string guesser = "203.0.113.7";

        for (var i = 0; i < QaCodeGuard.WrongCodesPerMinute; i++)
        {
            var (_, error) = await world.Qa.AdmitAsync(new JoinRequest(world.EventId, $"WRONG{i}"), browser, guesser);
            Assert.StartsWith("This Q&A code is not valid", error);
        }
        // Out of guesses: even the right code waits, through the hub and the pages alike.
        var (blocked, refusal) = await world.Qa.AdmitAsync(new JoinRequest(world.EventId, code), browser, guesser);
        Assert.Null(blocked);
        Assert.Equal(QaCodeGuard.Refusal, refusal);
        Assert.Equal(QaCodeGuard.Refusal, (await world.Qa.FindByCodeAsync(code, guesser)).Refusal);
        Assert.Equal(QaCodeGuard.Refusal, (await world.Qa.DescribeAsync(world.EventId, null, code, guesser))!.Reason);

        // Another address, and registered participants on the same one, are not affected.
        Assert.NotNull((await world.Qa.AdmitAsync(new JoinRequest(world.EventId, code), browser, "198.51.100.1")).Grant);
        var amina = await world.ParticipantAsync("Amina");
        Assert.NotNull((await world.Qa.AdmitAsync(new JoinRequest(world.EventId), QaIdentity.Account(amina), guesser)).Grant);
    }

    private sealed class BytesComparer : IEqualityComparer<byte[]?>
    {
        public bool Equals(byte[]? x, byte[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);
        public int GetHashCode(byte[]? obj) => obj?.Length ?? 0;
    }
}
