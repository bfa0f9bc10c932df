using System.Text.Json;
using Events.Shared.QandA;
using Events.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Events.Tests.QandA;

/// <summary>
/// The hub at /hubs/qa spoken to directly by Node.js clients using @microsoft/signalr (tools/node/qa-driver.mjs), against
/// the real server: signed in through the login form, or as a code-holder with only a participant key.
/// </summary>
public sealed class QaHubTests(AccountJourneyFixture fixture) : IClassFixture<AccountJourneyFixture>
{
    private string BaseUrl => fixture.Server.BaseUrl;

    private static bool Ok(JsonElement result) => result.GetProperty("ok").GetBoolean();
    private static string? Error(JsonElement result) => result.GetProperty("error").GetString();

    [Fact]
    public async Task A_participant_asks_and_a_code_holder_sees_it_live_votes_once_and_everyone_sees_the_count()
    {
        var people = await QaPeople.CreateAsync(fixture.ConnectionString);
        await people.ConfigureAsync(open: true, codeAccess: true);
        var code = await people.World.CodeAsync();
        var amina = await people.PersonAsync("Amina Participant");

        await using var asker = await NodeQaClient.StartAsync(BaseUrl, people.EventId, amina.Email, QaPeople.Password);
        await using var codeHolder = await NodeQaClient.StartAsync(BaseUrl, people.EventId, code: code.ToLowerInvariant());
        var askerSnapshot = asker.LastSnapshot;
        Assert.True(askerSnapshot.GetProperty("caller").GetProperty("canAsk").GetBoolean());
        Assert.True(askerSnapshot.GetProperty("caller").GetProperty("signedIn").GetBoolean());
        Assert.Equal("Amina Participant", askerSnapshot.GetProperty("caller").GetProperty("displayName").GetString());
        Assert.False(codeHolder.LastSnapshot.GetProperty("caller").GetProperty("signedIn").GetBoolean());
        Assert.Equal(JsonValueKind.Null, codeHolder.LastSnapshot.GetProperty("session").GetProperty("code").ValueKind); // only moderators get the code

        var asked = await asker.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, "How are reprisals documented?", Anonymous: false));
        Assert.True(Ok(asked), Error(asked));
        var questionId = asked.GetProperty("question").GetProperty("id").GetGuid();
        Assert.Equal("Amina Participant", asked.GetProperty("question").GetProperty("authorName").GetString());

        var seen = await codeHolder.WaitForMessageAsync(QaClientMethods.QuestionAdded, q => q.GetProperty("id").GetGuid() == questionId);
        Assert.Equal("How are reprisals documented?", seen.GetProperty("text").GetString());

        var vote = await codeHolder.InvokeAsync(QaHubMethods.Vote, new VoteRequest(questionId));
        Assert.True(Ok(vote), Error(vote));
        Assert.Equal(1, vote.GetProperty("votes").GetInt32());
        var again = await codeHolder.InvokeAsync(QaHubMethods.Vote, new VoteRequest(questionId));
        Assert.False(Ok(again));
        Assert.Equal("You have already voted for this question.", Error(again));
        Assert.Equal(1, again.GetProperty("votes").GetInt32());
        await asker.WaitForMessageAsync(QaClientMethods.QuestionUpdated, q => q.GetProperty("id").GetGuid() == questionId && q.GetProperty("votes").GetInt32() == 1);

        // A code-holder asks too (anonymously, the default), identified by the participant key alone.
        var anonymous = await codeHolder.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, "A question from the back row"));
        Assert.True(Ok(anonymous), Error(anonymous));
        Assert.Equal(JsonValueKind.Null, anonymous.GetProperty("question").GetProperty("authorName").ValueKind);
        Assert.Equal(2, await people.World.Data.QueryAsync(db => db.QaQuestions.CountAsync(q => q.SideEventId == people.EventId)));
    }

    /// <summary>
    /// The hub's own notifier: participants are spread over slices of the room (each hears every question whatever its
    /// slice), and moderators' counts are read after the commit, exact after each change.
    /// </summary>
    [Fact]
    public async Task Every_participant_hears_each_question_and_moderators_hear_the_exact_counts_after_it()
    {
        var people = await QaPeople.CreateAsync(fixture.ConnectionString);
        await people.ConfigureAsync(open: true, codeAccess: true);
        var code = await people.World.CodeAsync();
        await using var moderator = await NodeQaClient.StartAsync(BaseUrl, people.EventId, people.Organiser.Email, QaPeople.Password);
        await using var first = await NodeQaClient.StartAsync(BaseUrl, people.EventId, code: code);
        await using var second = await NodeQaClient.StartAsync(BaseUrl, people.EventId, code: code);
        await using var third = await NodeQaClient.StartAsync(BaseUrl, people.EventId, code: code);

        var ids = new List<Guid>();
        foreach (var text in new[] { "Who funds the monitoring?", "When is the report due?" })
        {
            var asked = await first.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, text, ClientRequestId: Guid.NewGuid()));
            Assert.True(Ok(asked), Error(asked));
            ids.Add(asked.GetProperty("question").GetProperty("id").GetGuid());
        }
        foreach (var client in new[] { first, second, third, moderator })
            foreach (var id in ids)
                await client.WaitForMessageAsync(QaClientMethods.QuestionAdded, q => q.GetProperty("id").GetGuid() == id);
        var counts = await moderator.WaitForMessageAsync(QaClientMethods.CountsChanged, c => c.GetProperty("published").GetInt32() == 2);
        Assert.Equal(people.EventId, counts.GetProperty("sideEventId").GetGuid());
        Assert.Equal(0, counts.GetProperty("pending").GetInt32());

        Assert.True(Ok(await moderator.InvokeAsync(QaHubMethods.Moderate, new ModerateRequest(ids[0], ModerationActions.Hide, null))));
        await second.WaitForMessageAsync(QaClientMethods.QuestionRemoved, q => q.GetProperty("questionId").GetGuid() == ids[0]);
        counts = await moderator.WaitForMessageAsync(QaClientMethods.CountsChanged, c => c.GetProperty("hidden").GetInt32() == 1);
        Assert.Equal(1, counts.GetProperty("published").GetInt32());
        // Participants never get the moderators' counts.
        Assert.Empty(third.Messages(QaClientMethods.CountsChanged));
    }

    [Fact]
    public async Task A_participant_cannot_moderate_vote_twice_ask_in_another_events_qa_or_ask_when_closed()
    {
        var people = await QaPeople.CreateAsync(fixture.ConnectionString);
        await people.ConfigureAsync(open: true);
        var amina = await people.PersonAsync("Amina Participant");
        await using var participant = await NodeQaClient.StartAsync(BaseUrl, people.EventId, amina.Email, QaPeople.Password);
        await using var moderator = await NodeQaClient.StartAsync(BaseUrl, people.EventId, people.Organiser.Email, QaPeople.Password);
        Assert.True(moderator.LastSnapshot.GetProperty("caller").GetProperty("canModerate").GetBoolean());
        Assert.False(participant.LastSnapshot.GetProperty("caller").GetProperty("canModerate").GetBoolean());

        // Asked by the moderator: nobody votes for their own question.
        var asked = await moderator.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, "Is this recorded?"));
        var questionId = asked.GetProperty("question").GetProperty("id").GetGuid();
        Assert.Equal("You asked this question, so you cannot vote for it.", Error(await moderator.InvokeAsync(QaHubMethods.Vote, new VoteRequest(questionId))));

        // Cannot moderate or change the settings.
        foreach (var action in ModerationActions.All)
        {
            var refused = await participant.InvokeAsync(QaHubMethods.Moderate, new ModerateRequest(questionId, action, "Rewritten"));
            Assert.False(Ok(refused));
            Assert.Equal("Only the event's organisers and moderators can moderate its Q&A.", Error(refused));
        }
        var configure = await participant.InvokeAsync(QaHubMethods.Configure, new QaSettingsRequest(people.EventId, false, true, true));
        Assert.Equal("Only the event's organisers and moderators can moderate its Q&A.", Error(configure));
        Assert.Equal("Is this recorded?", await people.World.Data.QueryAsync(db => db.QaQuestions.Where(q => q.Id == questionId).Select(q => q.Text).SingleAsync()));

        // Cannot vote twice.
        Assert.True(Ok(await participant.InvokeAsync(QaHubMethods.Vote, new VoteRequest(questionId))));
        Assert.Equal("You have already voted for this question.", Error(await participant.InvokeAsync(QaHubMethods.Vote, new VoteRequest(questionId))));

        // Cannot ask into another event's Q&A, whether joined to this one or trying to join that one.
        var cross = await participant.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.OtherEventId, "Sneaking in"));
        Assert.Equal("Join this event's Q&A first.", Error(cross));
        var joinOther = await participant.InvokeAsync(QaHubMethods.Join, new JoinRequest(people.OtherEventId));
        Assert.False(Ok(joinOther));
        Assert.Equal("Only the event's confirmed participants can join this Q&A. If the organisers gave you a Q&A code, enter it.", Error(joinOther));
        Assert.Equal(0, await people.World.Data.QueryAsync(db => db.QaQuestions.CountAsync(q => q.SideEventId == people.OtherEventId)));

        // The moderator closes the Q&A: participants hear it, and a new question is refused with a clear message.
        Assert.True(Ok(await moderator.InvokeAsync(QaHubMethods.Configure, new QaSettingsRequest(people.EventId, IsOpen: false, PreModeration: false, CodeAccess: false))));
        var closedNotice = await participant.WaitForMessageAsync(QaClientMethods.SessionChanged, s => !s.GetProperty("isOpen").GetBoolean());
        Assert.Equal(JsonValueKind.Null, closedNotice.GetProperty("code").ValueKind);
        var closed = await participant.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, "One more?"));
        Assert.False(Ok(closed));
        Assert.Equal("Q&A for this event is closed: new questions are not being taken.", Error(closed));
        Assert.Equal(1, await people.World.Data.QueryAsync(db => db.QaQuestions.CountAsync(q => q.SideEventId == people.EventId)));
    }

    [Fact]
    public async Task Strangers_are_refused_and_bad_input_gets_clear_errors_and_stores_nothing()
    {
        var people = await QaPeople.CreateAsync(fixture.ConnectionString);
        await people.ConfigureAsync(open: true, codeAccess: false);
        var stranger = await people.PersonAsync("Not Registered", registered: false);
        var amina = await people.PersonAsync("Amina Participant");

        await using var strangerClient = await NodeQaClient.StartAsync(BaseUrl, people.EventId, stranger.Email, QaPeople.Password);
        var refusedJoin = strangerClient.Lines.Single(l => l.GetProperty("type").GetString() == "joined").GetProperty("result");
        Assert.False(Ok(refusedJoin));
        var strangerAsk = await strangerClient.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, "Let me in"));
        Assert.Equal("Join this event's Q&A first.", Error(strangerAsk));
        await using var wrongCode = await NodeQaClient.StartAsync(BaseUrl, people.EventId, code: "ZZZZZZ");
        Assert.StartsWith("This Q&A code is not valid for this event", Error(wrongCode.Lines.Single(l => l.GetProperty("type").GetString() == "joined").GetProperty("result")));

        await using var participant = await NodeQaClient.StartAsync(BaseUrl, people.EventId, amina.Email, QaPeople.Password);
        Assert.Equal("A question can be at most 500 characters; this one has 501. Shorten it and ask again.",
            Error(await participant.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, new string('x', 501)))));
        Assert.Equal("Write a question first.", Error(await participant.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, "   "))));
        Assert.Equal("Write a question first.", Error(await participant.InvokeAsync(QaHubMethods.Ask, new { sideEventId = people.EventId })));
        Assert.Equal("There is no such question in this Q&A.", Error(await participant.InvokeAsync(QaHubMethods.Vote, new VoteRequest(Guid.NewGuid()))));
        // A payload of the wrong shape is refused by the hub's binder, with a message naming the method.
        var wrongShape = await Assert.ThrowsAsync<InvalidOperationException>(() => participant.InvokeAsync(QaHubMethods.Ask, new { sideEventId = "not a guid", text = 5 }));
        Assert.Contains("Ask", wrongShape.Message);
        Assert.Equal(0, await people.World.Data.QueryAsync(db => db.QaQuestions.CountAsync(q => q.SideEventId == people.EventId)));

        // The rate limit: five a minute, then a clear refusal.
        for (var i = 1; i <= QaLimits.QuestionsPerMinute; i++)
            Assert.True(Ok(await participant.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, $"Question {i}"))));
        Assert.Equal("You have asked 5 questions in the last minute. Wait a moment before asking another.",
            Error(await participant.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, "Question 6"))));
        Assert.Equal(QaLimits.QuestionsPerMinute, await people.World.Data.QueryAsync(db => db.QaQuestions.CountAsync(q => q.SideEventId == people.EventId)));
    }
}
