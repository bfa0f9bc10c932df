using System.Text.Json;
using Events.Shared.QandA;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Events.Tests.QandA;

/// <summary>
/// Durability: 50 questions are acknowledged, the server process is killed (SIGKILL: no shutdown code runs) and started
/// again on the same database and port. Every acknowledged question is there, and the Node clients that stayed connected
/// reconnect by themselves, join again and hold all 50 again; live messages flow again afterwards.
/// </summary>
public sealed class QaRestartTests
{
    [Fact]
    public async Task Every_acknowledged_question_survives_a_kill_and_connected_clients_resynchronise()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var dataDirectory = Path.Combine(TestPostgres.RunDirectory, "qa-restart-" + Guid.NewGuid().ToString("N")[..8]);
        var port = ServerProcess.FreePort();
        // Fifty questions in a few seconds from one address (this machine): above the default per-address limit.
        string[] arguments = [$"--ConnectionStrings:Events={connectionString}", $"--Events:DataDirectory={dataDirectory}", "--Events:Qa:QuestionsPerAddressPerMinute=100"];
        ServerProcess? server = await ServerProcess.StartAsync(arguments, port: port);
        var clients = new List<NodeQaClient>();
        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var people = await QaPeople.CreateAsync(connectionString);
            await people.ConfigureAsync(open: true, codeAccess: true);
            var code = await people.World.CodeAsync();
            var amina = await people.PersonAsync("Amina Participant");

            // Watching: a signed-in participant, the moderator, and a code-holder.
            var participant = await NodeQaClient.StartAsync(server.BaseUrl, people.EventId, amina.Email, QaPeople.Password);
            var moderator = await NodeQaClient.StartAsync(server.BaseUrl, people.EventId, people.Organiser.Email, QaPeople.Password);
            var watcher = await NodeQaClient.StartAsync(server.BaseUrl, people.EventId, code: code);
            clients.AddRange([participant, moderator, watcher]);
            // And a phone's browser on the participant page (the page's own script is the SignalR client).
            var phone = await (await browser.NewContextAsync()).NewPageAsync();
            await phone.GotoAsync($"{server.BaseUrl}/qa/{people.EventId}?code={code}");
            await Assertions.Expect(phone.Locator("#qa-app")).ToHaveAttributeAsync("data-joins", "1");

            // 50 questions from ten code-holders, five each (the rate limit's allowance per minute), all at once.
            var askers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => NodeQaClient.StartAsync(server.BaseUrl, people.EventId, code: code)));
            clients.AddRange(askers);
            var acknowledged = await Task.WhenAll(askers.SelectMany((asker, a) => Enumerable.Range(0, 5).Select(async q =>
            {
                var result = await asker.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, $"Question {a}.{q} before the restart"));
                Assert.True(result.GetProperty("ok").GetBoolean(), result.GetProperty("error").GetString());
                return result.GetProperty("question").GetProperty("id").GetGuid();
            })));
            Assert.Equal(50, acknowledged.Distinct().Count());
            await watcher.WaitForAsync(_ => watcher.Messages(QaClientMethods.QuestionAdded).Count() == 50, TimeSpan.FromSeconds(20));

            await server.KillAsync();
            await server.DisposeAsync();
            server = null;
            Assert.Equal(50, await people.World.Data.QueryAsync(db => db.QaQuestions.CountAsync(q => acknowledged.Contains(q.Id))));

            var joinsBefore = clients.ToDictionary(c => c, c => c.JoinCount);
            server = await ServerProcess.StartAsync(arguments, port: port);

            // Each client notices, reconnects, joins again and gets every question back in its snapshot.
            foreach (var client in new[] { participant, moderator, watcher })
            {
                await client.WaitForAsync(l => l.GetProperty("type").GetString() == "state" && l.GetProperty("state").GetString() == "reconnected", TimeSpan.FromSeconds(60));
                await client.WaitForAsync(_ => client.JoinCount > joinsBefore[client], TimeSpan.FromSeconds(30));
                var snapshot = client.LastSnapshot;
                var ids = snapshot.GetProperty("questions").EnumerateArray().Select(q => q.GetProperty("id").GetGuid()).ToHashSet();
                Assert.True(acknowledged.All(ids.Contains), $"{ids.Count} of 50 questions after the restart");
            }
            Assert.Equal(50, moderator.LastSnapshot.GetProperty("counts").GetProperty("published").GetInt32());
            await Assertions.Expect(phone.Locator("#qa-app")).ToHaveAttributeAsync("data-joins", new System.Text.RegularExpressions.Regex("^[2-9]$"), new() { Timeout = 60000 });
            await Assertions.Expect(phone.Locator("#qa-app")).ToHaveAttributeAsync("data-connection", "live");
            await Assertions.Expect(phone.GetByTestId("qa-question")).ToHaveCountAsync(50);

            // Live again: a question asked after the restart reaches the reconnected clients.
            var asker = askers[0];
            await asker.WaitForAsync(_ => asker.JoinCount > joinsBefore[asker], TimeSpan.FromSeconds(60));
            var after = await NodeQaClient.StartAsync(server.BaseUrl, people.EventId, code: code);
            clients.Add(after);
            var asked = await after.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, "After the restart"));
            var afterId = asked.GetProperty("question").GetProperty("id").GetGuid();
            foreach (var client in new[] { participant, moderator, watcher, asker })
                await client.WaitForMessageAsync(QaClientMethods.QuestionAdded, q => q.GetProperty("id").GetGuid() == afterId);
            await Assertions.Expect(phone.GetByTestId("qa-question")).ToHaveCountAsync(51);
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync();
            await browser.DisposeAsync();
            playwright.Dispose();
            if (server is not null) await server.DisposeAsync();
        }
    }
}
