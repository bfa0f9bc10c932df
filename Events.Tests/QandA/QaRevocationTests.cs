using System.Text.Json;
using Events.Shared.QandA;
using Events.Tests.Accounts;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Events.Tests.QandA;

/// <summary>
/// Stale grants, replayed against the real server with @microsoft/signalr clients that stay connected: when code access
/// is turned off, a new code issued, an organiser removed or the Moderator role taken away, the affected connections are
/// told at once and receive nothing more, while everyone else carries on.
/// </summary>
public sealed class QaRevocationTests(AccountJourneyFixture fixture) : IClassFixture<AccountJourneyFixture>
{
    private string BaseUrl => fixture.Server.BaseUrl;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

    private static bool Ok(JsonElement result) => result.GetProperty("ok").GetBoolean();

    private static Task<JsonElement> RevokedAsync(NodeQaClient client, Guid eventId) =>
        client.WaitForMessageAsync(QaClientMethods.AccessRevoked, m => m.GetProperty("sideEventId").GetGuid() == eventId, TimeSpan.FromSeconds(15));

    private static bool Received(NodeQaClient client, Guid questionId) =>
        client.Messages(QaClientMethods.QuestionAdded).Concat(client.Messages(QaClientMethods.QuestionUpdated))
            .Any(q => q.GetProperty("id").GetGuid() == questionId);

    [Fact]
    public async Task Code_holders_stop_receiving_questions_when_code_access_is_turned_off_or_a_new_code_is_issued()
    {
        var people = await QaPeople.CreateAsync(fixture.ConnectionString);
        await people.ConfigureAsync(open: true, codeAccess: true);
        var code = await people.World.CodeAsync();
        var amina = await people.PersonAsync("Amina Participant");
        await using var moderator = await NodeQaClient.StartAsync(BaseUrl, people.EventId, people.Organiser.Email, QaPeople.Password);
        await using var participant = await NodeQaClient.StartAsync(BaseUrl, people.EventId, amina.Email, QaPeople.Password);
        await using var codeHolder = await NodeQaClient.StartAsync(BaseUrl, people.EventId, code: code);
        // And a phone's browser on the participant page, whose own script is the client.
        await using var phoneContext = await fixture.Browser.NewContextAsync();
        var phone = await phoneContext.NewPageAsync();
        await phone.GotoAsync($"{BaseUrl}/qa/{people.EventId}?code={code}");
        await Assertions.Expect(phone.Locator("#qa-app")).ToHaveAttributeAsync("data-connection", "live");

        // Before: the code-holder gets questions like everyone.
        var before = (await participant.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, "Before"))).GetProperty("question").GetProperty("id").GetGuid();
        await codeHolder.WaitForMessageAsync(QaClientMethods.QuestionAdded, q => q.GetProperty("id").GetGuid() == before);
        await Assertions.Expect(phone.GetByTestId("qa-question").Filter(new() { HasText = "Before" })).ToBeVisibleAsync();

        Assert.True(Ok(await moderator.InvokeAsync(QaHubMethods.Configure, new QaSettingsRequest(people.EventId, IsOpen: true, PreModeration: false, CodeAccess: false))));
        var revoked = await RevokedAsync(codeHolder, people.EventId);
        Assert.StartsWith("This Q&A code is not valid for this event", revoked.GetProperty("reason").GetString());
        // The page drops what it showed and says why.
        await Assertions.Expect(phone.Locator("#qa-app")).ToHaveAttributeAsync("data-connection", "refused");
        await Assertions.Expect(phone.GetByTestId("qa-refused")).ToContainTextAsync("This Q&A code is not valid for this event");
        await Assertions.Expect(phone.GetByTestId("qa-question")).ToHaveCountAsync(0);

        var after = (await participant.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, "After codes were turned off"))).GetProperty("question").GetProperty("id").GetGuid();
        await moderator.WaitForMessageAsync(QaClientMethods.QuestionAdded, q => q.GetProperty("id").GetGuid() == after);
        await participant.WaitForMessageAsync(QaClientMethods.QuestionAdded, q => q.GetProperty("id").GetGuid() == after);
        await Task.Delay(Settle);
        Assert.False(Received(codeHolder, after), "A code-holder received a question after code access was turned off.");
        Assert.Equal("Join this event's Q&A first.", (await codeHolder.InvokeAsync(QaHubMethods.Vote, new VoteRequest(before))).GetProperty("error").GetString());
        // The participant's connection was not touched.
        Assert.Empty(participant.Messages(QaClientMethods.AccessRevoked));

        // Codes on again; a new code sends the holders of the old one away, and the new one works.
        Assert.True(Ok(await moderator.InvokeAsync(QaHubMethods.Configure, new QaSettingsRequest(people.EventId, true, false, CodeAccess: true))));
        await using var oldCodeHolder = await NodeQaClient.StartAsync(BaseUrl, people.EventId, code: code);
        Assert.True(Ok(oldCodeHolder.Lines.Last(l => l.GetProperty("type").GetString() == "joined").GetProperty("result")));
        Assert.True(Ok(await moderator.InvokeAsync(QaHubMethods.Configure, new QaSettingsRequest(people.EventId, true, false, CodeAccess: true, NewCode: true))));
        await RevokedAsync(oldCodeHolder, people.EventId);
        var newCode = await people.World.CodeAsync();
        Assert.NotEqual(code, newCode);
        await using var newCodeHolder = await NodeQaClient.StartAsync(BaseUrl, people.EventId, code: newCode);

        var later = (await participant.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, "After the new code"))).GetProperty("question").GetProperty("id").GetGuid();
        await newCodeHolder.WaitForMessageAsync(QaClientMethods.QuestionAdded, q => q.GetProperty("id").GetGuid() == later);
        await Task.Delay(Settle);
        Assert.False(Received(oldCodeHolder, later), "A holder of the old code received a question after a new code was issued.");
    }

    [Fact]
    public async Task A_removed_co_organiser_and_a_moderator_who_lost_the_role_stop_receiving_pending_questions()
    {
        var people = await QaPeople.CreateAsync(fixture.ConnectionString);
        await people.ConfigureAsync(open: true, preModeration: true);
        var data = people.World.Data;
        var coOrganiser = await data.AddWithPasswordAsync("Cora Coorganiser", QaPeople.Password);
        Assert.True((await data.ConveningAdmin.AddOrganiserAsync(people.Organiser.Id, people.Slug, coOrganiser.Email)).Succeeded);
        var deskModerator = await data.AddWithPasswordAsync("Mo Moderator", QaPeople.Password);
        await data.GrantRoleAsync(deskModerator.Id, "Moderator");
        var amina = await people.PersonAsync("Amina Participant");

        await using var organiser = await NodeQaClient.StartAsync(BaseUrl, people.EventId, people.Organiser.Email, QaPeople.Password);
        await using var cora = await NodeQaClient.StartAsync(BaseUrl, people.EventId, coOrganiser.Email, QaPeople.Password);
        await using var mo = await NodeQaClient.StartAsync(BaseUrl, people.EventId, deskModerator.Email, QaPeople.Password);
        await using var participant = await NodeQaClient.StartAsync(BaseUrl, people.EventId, amina.Email, QaPeople.Password);
        Assert.True(cora.LastSnapshot.GetProperty("caller").GetProperty("canModerate").GetBoolean());
        Assert.True(mo.LastSnapshot.GetProperty("caller").GetProperty("canModerate").GetBoolean());

        var before = (await participant.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, "Waiting before"))).GetProperty("question").GetProperty("id").GetGuid();
        await cora.WaitForMessageAsync(QaClientMethods.QuestionAdded, q => q.GetProperty("id").GetGuid() == before);
        await mo.WaitForMessageAsync(QaClientMethods.QuestionAdded, q => q.GetProperty("id").GetGuid() == before);

        // The organiser removes Cora from the convening (the service behind the workspace's "Remove" button); an admin
        // takes the Moderator role from Mo (what the users page does in the database).
        Assert.True((await data.ConveningAdmin.RemoveOrganiserAsync(people.Organiser.Id, people.Slug, coOrganiser.Id)).Succeeded);
        Assert.StartsWith("You are no longer one of this event's moderators", (await RevokedAsync(cora, people.EventId)).GetProperty("reason").GetString());
        await data.QueryAsync(db => db.UserRoles.Where(r => r.UserId == deskModerator.Id).ExecuteDeleteAsync());
        await RevokedAsync(mo, people.EventId);

        var after = (await participant.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, "Waiting after"))).GetProperty("question").GetProperty("id").GetGuid();
        await organiser.WaitForMessageAsync(QaClientMethods.QuestionAdded, q => q.GetProperty("id").GetGuid() == after);
        await Task.Delay(Settle);
        Assert.False(Received(cora, after), "A removed co-organiser received a pending question.");
        Assert.False(Received(mo, after), "A former moderator received a pending question.");
        Assert.Empty(organiser.Messages(QaClientMethods.AccessRevoked));
        var refused = await cora.InvokeAsync(QaHubMethods.Moderate, new ModerateRequest(after, ModerationActions.Approve));
        Assert.False(Ok(refused));
        Assert.Equal("pending", await data.QueryAsync(db => db.QaQuestions.Where(q => q.Id == after).Select(q => q.State).SingleAsync()));

        // Joining again, they are refused: neither is a participant of the event.
        Assert.False(Ok(await cora.InvokeAsync(QaHubMethods.Join, new JoinRequest(people.EventId))));
    }
}
