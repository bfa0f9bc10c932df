using Events.Server.QandA;
using Events.Shared.QandA;
using Microsoft.EntityFrameworkCore;

namespace Events.Tests.QandA;

/// <summary>
/// Askers and their own questions: they cannot vote for them, and they can withdraw them, anonymous ones included,
/// without the database learning who asked.
/// </summary>
public sealed class QaWithdrawalTests
{
    [Fact]
    public async Task An_asker_withdraws_an_anonymous_question_and_it_leaves_no_row_vote_or_participant_behind()
    {
        var world = await QaWorld.CreateAsync();
        await world.ConfigureAsync(open: true);
        var amina = QaIdentity.Account(await world.ParticipantAsync("Amina"));
        var bruno = QaIdentity.Account(await world.ParticipantAsync("Bruno"));
        var aminaGrant = await world.AdmitAsync(amina);
        var brunoGrant = await world.AdmitAsync(bruno);
        var asked = (await world.Qa.AskAsync(aminaGrant, amina, new AskRequest(world.EventId, "Which States retaliated?", Anonymous: true, ClientRequestId: Guid.NewGuid()))).Question!;
        Assert.True((await world.Qa.VoteAsync(brunoGrant, bruno, asked.Id, vote: true)).Ok);
        var participantsBefore = await world.Data.QueryAsync(db => db.QaParticipants.CountAsync());

        // She sees it as hers, and cannot vote for it; Bruno sees it as not his.
        Assert.Equal([asked.Id], (await world.Qa.JoinAsync(new JoinRequest(world.EventId), amina)).Snapshot!.MyQuestions!);
        Assert.Empty((await world.Qa.JoinAsync(new JoinRequest(world.EventId), bruno)).Snapshot!.MyQuestions!);
        var ownVote = await world.Qa.VoteAsync(aminaGrant, amina, asked.Id, vote: true);
        Assert.False(ownVote.Ok);
        Assert.Equal("You asked this question, so you cannot vote for it.", ownVote.Error);

        // Nobody else withdraws it: not another participant, not a moderator through this method.
        Assert.Equal("You can withdraw only a question you asked in this Q&A.", (await world.Qa.WithdrawAsync(brunoGrant, bruno, asked.Id)).Error);
        var organiser = QaIdentity.Account(world.Organiser);
        Assert.False((await world.Qa.WithdrawAsync(await world.AdmitAsync(organiser), organiser, asked.Id)).Ok);

        var withdrawn = await world.Qa.WithdrawAsync(aminaGrant, amina, asked.Id);
        Assert.True(withdrawn.Ok, withdrawn.Error);
        Assert.Equal(0, await world.Data.QueryAsync(db => db.QaQuestions.CountAsync(q => q.Id == asked.Id)));
        Assert.Equal(0, await world.Data.QueryAsync(db => db.QaVotes.CountAsync(v => v.QuestionId == asked.Id)));
        // Withdrawing wrote nothing that ties her to the question: no participant row was made for it.
        Assert.Equal(participantsBefore, await world.Data.QueryAsync(db => db.QaParticipants.CountAsync()));
        var removal = world.Notifier.Sent.Last(m => m.Method == QaClientMethods.QuestionRemoved);
        Assert.Contains(asked.Id.ToString(), removal.Json);
        Assert.True(long.Parse(System.Text.Json.JsonDocument.Parse(removal.Json).RootElement.GetProperty("revision").ToString()) > asked.Revision);
        Assert.DoesNotContain(world.Notifier.Sent, m => m.Json.Contains("Amina"));
        Assert.Empty((await world.Qa.JoinAsync(new JoinRequest(world.EventId), bruno)).Snapshot!.Questions);
        Assert.False((await world.Qa.WithdrawAsync(aminaGrant, amina, asked.Id)).Ok); // gone: a second try finds nothing
    }

    [Fact]
    public async Task A_code_holder_withdraws_a_waiting_question_and_named_ones_are_recognised_through_the_participant()
    {
        var world = await QaWorld.CreateAsync();
        await world.ConfigureAsync(open: true, preModeration: true, codeAccess: true);
        var code = await world.CodeAsync();
        var browser = world.NewBrowser();
        var other = world.NewBrowser();
        var grant = await world.AdmitAsync(browser, code: code);
        var otherGrant = await world.AdmitAsync(other, code: code);
        var waiting = (await world.Qa.AskAsync(grant, browser, new AskRequest(world.EventId, "Anonymous and waiting", ClientRequestId: Guid.NewGuid()))).Question!;
        var named = (await world.Qa.AskAsync(grant, browser, new AskRequest(world.EventId, "Under my name", Anonymous: false, Name: "Rosa"))).Question!;
        Assert.Equal(QuestionStates.Pending, waiting.State);

        Assert.Equal(new[] { waiting.Id, named.Id }.Order(), (await world.Qa.JoinAsync(new JoinRequest(world.EventId, code), browser)).Snapshot!.MyQuestions!.Order());
        Assert.False((await world.Qa.WithdrawAsync(otherGrant, other, named.Id)).Ok);
        Assert.True((await world.Qa.WithdrawAsync(grant, browser, waiting.Id)).Ok);
        Assert.Equal([named.Id], (await world.Qa.JoinAsync(new JoinRequest(world.EventId, code), browser)).Snapshot!.MyPendingQuestions.Select(q => q.Id));
        Assert.Equal(0, (await world.Data.QueryAsync(db => db.QaQuestions.CountAsync(q => q.Id == waiting.Id))));
        Assert.Contains(world.Notifier.Sent, m => m.Method == QaClientMethods.CountsChanged && m.Json.Contains("\"pending\":1"));
    }

    [Fact]
    public async Task A_question_being_answered_or_answered_stays()
    {
        var world = await QaWorld.CreateAsync();
        await world.ConfigureAsync(open: true);
        var amina = QaIdentity.Account(await world.ParticipantAsync("Amina"));
        var grant = await world.AdmitAsync(amina);
        var first = (await world.Qa.AskAsync(grant, amina, new AskRequest(world.EventId, "First"))).Question!;
        Assert.True((await world.ModerateAsync(world.Organiser, first.Id, ModerationActions.Highlight)).Ok);
        var refused = await world.Qa.WithdrawAsync(grant, amina, first.Id);
        Assert.Equal("This question is being answered or has been answered, so it can no longer be withdrawn.", refused.Error);
        Assert.True((await world.ModerateAsync(world.Organiser, first.Id, ModerationActions.MarkAnswered)).Ok);
        Assert.False((await world.Qa.WithdrawAsync(grant, amina, first.Id)).Ok);
        Assert.Equal(1, await world.Data.QueryAsync(db => db.QaQuestions.CountAsync(q => q.Id == first.Id)));
    }
}
