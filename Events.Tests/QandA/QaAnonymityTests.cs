using System.Text;
using Events.Shared.QandA;
using Events.Tests.Accounts;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Events.Tests.QandA;

/// <summary>
/// An anonymous question's whole life (asked, queued, approved, voted, edited, starred, highlighted, answered, archived,
/// restored, exported), recorded from the side of a participant and of a moderator: every raw frame their hub connections
/// receive (browsers and Node clients), every page they load, the moderators' CSV export and the server's log. None of it
/// may contain the author's name, e-mail address, account id or participant id.
/// </summary>
public sealed class QaAnonymityTests(AccountJourneyFixture fixture) : IClassFixture<AccountJourneyFixture>
{
    private string Url(string path) => fixture.Server.BaseUrl + path;

    private Task<IPage> LogInAsync(IBrowserContext context, string email) =>
        Infrastructure.Browser.LogInAsync(context, fixture.Server.BaseUrl, email, QaPeople.Password);

    /// <summary>Everything a browser page receives over its WebSockets, and its HTML whenever asked.</summary>
    private sealed class Recording(string who)
    {
        private readonly StringBuilder _text = new();
        public string Who { get; } = who;
        public int Frames { get; private set; }
        public void Add(string what) { lock (_text) { _text.AppendLine(what); Frames++; } }
        public string Text { get { lock (_text) return _text.ToString(); } }

        public void Attach(IPage page) => page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) => Add(frame.Text ?? "");
        public async Task SnapshotAsync(IPage page) => Add(await page.ContentAsync());
    }

    [Fact]
    public async Task An_anonymous_questions_author_never_reaches_a_participant_or_a_moderator()
    {
        var people = await QaPeople.CreateAsync(fixture.ConnectionString);
        await people.ConfigureAsync(open: true, preModeration: true, codeAccess: true);
        var code = await people.World.CodeAsync();
        var author = await people.PersonAsync("Zainab Qadir");
        var observer = await people.PersonAsync("Bruno Observer");
        var named = await people.PersonAsync("Nadia Named");
        const string question = "Which States have not answered the Special Rapporteur's letters on reprisals?";

        var participantPage = new Recording("participant browser");
        var moderatorPage = new Recording("moderator browser");

        // The observer and the moderator, in browsers, recording frames and pages from the start.
        await using var observerContext = await fixture.Browser.NewContextAsync();
        var observerBrowser = await LogInAsync(observerContext, observer.Email);
        participantPage.Attach(observerBrowser);
        await observerBrowser.GotoAsync(Url($"/qa/{people.EventId}"));
        await Assertions.Expect(observerBrowser.Locator("#qa-app")).ToHaveAttributeAsync("data-connection", "live");

        await using var moderatorContext = await fixture.Browser.NewContextAsync();
        var moderatorBrowser = await LogInAsync(moderatorContext, people.Organiser.Email);
        moderatorPage.Attach(moderatorBrowser);
        await moderatorBrowser.GotoAsync(Url($"/qa/{people.EventId}/moderate"));
        await Assertions.Expect(moderatorBrowser.Locator("#qa-app")).ToHaveAttributeAsync("data-connection", "live");
        var presenter = await moderatorContext.NewPageAsync();
        moderatorPage.Attach(presenter);
        await presenter.GotoAsync(Url($"/qa/{people.EventId}/present"));

        // And as Node clients printing every raw frame: a signed-in participant, a code-holder, and the moderator.
        await using var participantNode = await NodeQaClient.StartAsync(fixture.Server.BaseUrl, people.EventId, observer.Email, QaPeople.Password, frames: true);
        await using var codeHolderNode = await NodeQaClient.StartAsync(fixture.Server.BaseUrl, people.EventId, code: code, frames: true);
        await using var moderatorNode = await NodeQaClient.StartAsync(fixture.Server.BaseUrl, people.EventId, people.Organiser.Email, QaPeople.Password, frames: true);

        // The author asks anonymously from a phone; a second participant asks under her name (to show the recording sees names).
        await using var authorContext = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        var authorPage = await LogInAsync(authorContext, author.Email);
        await authorPage.GotoAsync(Url($"/qa/{people.EventId}"));
        await Assertions.Expect(authorPage.Locator("#qa-app")).ToHaveAttributeAsync("data-connection", "live");
        await authorPage.GetByLabel("Your question").FillAsync(question);
        await authorPage.GetByRole(AriaRole.Button, new() { Name = "Ask" }).ClickAsync();
        await Assertions.Expect(authorPage.GetByTestId("qa-ask-message")).ToContainTextAsync("once a moderator approves it");
        await using var namedNode = await NodeQaClient.StartAsync(fixture.Server.BaseUrl, people.EventId, named.Email, QaPeople.Password);
        var namedAsk = await namedNode.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, "A question with my name on it", Anonymous: false));
        var namedId = namedAsk.GetProperty("question").GetProperty("id").GetGuid();

        var questionId = (await moderatorNode.WaitForMessageAsync(QaClientMethods.QuestionAdded, q => q.GetProperty("text").GetString() == question)).GetProperty("id").GetGuid();
        await moderatorPage.SnapshotAsync(moderatorBrowser);

        // Its life: approved, voted on, corrected, starred, highlighted, answered, archived, restored; and the named one approved.
        async Task ModerateAsync(Guid id, string action, string? text = null)
        {
            var result = await moderatorNode.InvokeAsync(QaHubMethods.Moderate, new ModerateRequest(id, action, text));
            Assert.True(result.GetProperty("ok").GetBoolean(), result.GetProperty("error").GetString());
        }
        await ModerateAsync(questionId, ModerationActions.Approve);
        await ModerateAsync(namedId, ModerationActions.Approve);
        await Assertions.Expect(observerBrowser.GetByTestId("qa-question").Filter(new() { HasText = question })).ToBeVisibleAsync();
        await participantPage.SnapshotAsync(observerBrowser);
        await observerBrowser.GetByTestId("qa-question").Filter(new() { HasText = question }).GetByTestId("qa-vote").ClickAsync();
        await codeHolderNode.InvokeAsync(QaHubMethods.Vote, new VoteRequest(questionId));
        await ModerateAsync(questionId, ModerationActions.Edit, question.Replace("letters", "communications"));
        await ModerateAsync(questionId, ModerationActions.Star);
        await ModerateAsync(questionId, ModerationActions.Highlight);
        await Assertions.Expect(presenter.GetByTestId("qa-present-now-text")).ToContainTextAsync("communications on reprisals");
        await moderatorPage.SnapshotAsync(presenter);
        await participantPage.SnapshotAsync(observerBrowser);
        await moderatorPage.SnapshotAsync(moderatorBrowser);
        await ModerateAsync(questionId, ModerationActions.MarkAnswered);
        await ModerateAsync(questionId, ModerationActions.Archive);
        await ModerateAsync(questionId, ModerationActions.Restore);
        await ModerateAsync(questionId, ModerationActions.Hide);
        await participantNode.WaitForMessageAsync(QaClientMethods.QuestionRemoved, r => r.GetProperty("questionId").GetGuid() == questionId);
        await moderatorNode.WaitForMessageAsync(QaClientMethods.QuestionUpdated, q => q.GetProperty("id").GetGuid() == questionId && q.GetProperty("state").GetString() == "hidden");
        await ModerateAsync(questionId, ModerationActions.Restore);
        await participantNode.WaitForMessageAsync(QaClientMethods.QuestionAdded, q => q.GetProperty("id").GetGuid() == questionId);

        // Fresh page loads and re-joins (snapshots) after all that, and the export.
        await observerBrowser.ReloadAsync();
        await Assertions.Expect(observerBrowser.GetByTestId("qa-question").Filter(new() { HasText = "communications on reprisals" })).ToBeVisibleAsync();
        await participantPage.SnapshotAsync(observerBrowser);
        await moderatorBrowser.ReloadAsync();
        await Assertions.Expect(moderatorBrowser.Locator("#qa-app")).ToHaveAttributeAsync("data-connection", "live");
        await moderatorPage.SnapshotAsync(moderatorBrowser);
        var export = await (await moderatorBrowser.APIRequest.GetAsync(Url($"/qa/{people.EventId}/questions.csv"))).TextAsync();
        Assert.Contains("Anonymous", export);
        Assert.Contains("communications on reprisals", export);
        moderatorPage.Add(export);
        await participantNode.InvokeAsync(QaHubMethods.Join, new JoinRequest(people.EventId));
        await moderatorNode.InvokeAsync(QaHubMethods.Join, new JoinRequest(people.EventId));

        var participantId = (await people.World.Data.QueryAsync(db => db.QaQuestions.Where(q => q.Id == questionId).Select(q => q.ParticipantId).SingleAsync())) ?? Guid.Empty;
        var forbidden = new[]
        {
            "Zainab", "Qadir", author.Email, author.Email.ToUpperInvariant(), author.Email.Split('@')[0],
            author.Id.ToString(), author.Id.ToString("N"), author.Id.ToString().ToUpperInvariant(),
            participantId.ToString(), participantId.ToString("N"),
        };
        var recordings = new[]
        {
            (participantPage.Who, participantPage.Text), (moderatorPage.Who, moderatorPage.Text),
            ("participant Node client", participantNode.RawOutput), ("code-holder Node client", codeHolderNode.RawOutput),
            ("moderator Node client", moderatorNode.RawOutput), ("server log", fixture.Server.Output),
        };
        // The recordings are real: they saw the question, its changes and the other participant's chosen name.
        foreach (var (who, text) in recordings.Where(r => r.Item1 != "server log"))
        {
            Assert.Contains("communications on reprisals", text);
            Assert.Contains("Nadia Named", text);
        }
        Assert.True(participantPage.Frames > 10 && moderatorPage.Frames > 10);
        foreach (var (who, text) in recordings)
            foreach (var secret in forbidden)
                Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"The {who} received \"{secret}\", which identifies the anonymous author.");
    }
}
