using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Events.Server.QandA;
using Events.Shared.QandA;
using Events.Tests.Accounts;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Events.Tests.QandA;

/// <summary>
/// Ballot stuffing and flooding, replayed against the real server through @microsoft/signalr clients: made-up
/// participant keys, bursts of questions, and new keys to get round the limits.
/// </summary>
public sealed class QaFloodTests(AccountJourneyFixture fixture) : IClassFixture<AccountJourneyFixture>
{
    private string BaseUrl => fixture.Server.BaseUrl;

    private static bool Ok(JsonElement result) => result.GetProperty("ok").GetBoolean();
    private static string? Error(JsonElement result) => result.GetProperty("error").GetString();

    [Fact]
    public async Task Twenty_five_made_up_keys_cannot_vote_or_ask_and_an_issued_key_can()
    {
        var people = await QaPeople.CreateAsync(fixture.ConnectionString);
        await people.ConfigureAsync(open: true, codeAccess: true);
        var code = await people.World.CodeAsync();
        var amina = await people.PersonAsync("Amina Participant");
        await using var asker = await NodeQaClient.StartAsync(BaseUrl, people.EventId, amina.Email, QaPeople.Password);
        var questionId = (await asker.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, "Vote for me", Anonymous: false)))
            .GetProperty("question").GetProperty("id").GetGuid();

        // The attack: 25 code-holders, each with a key it made up (what the old pages accepted), and one with a forged signature.
        var madeUp = Enumerable.Range(0, 25).Select(_ => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32)))
            .Append($"v1.{WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24))}.{WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16))}").ToList();
        var stuffers = await Task.WhenAll(madeUp.Select(key => NodeQaClient.StartAsync(BaseUrl, people.EventId, code: code, key: key)));
        try
        {
            foreach (var stuffer in stuffers)
            {
                // They can read (the code lets them in), but not vote or ask.
                Assert.True(Ok(stuffer.Lines.Single(l => l.GetProperty("type").GetString() == "joined").GetProperty("result")));
                Assert.False(stuffer.LastSnapshot.GetProperty("caller").GetProperty("canVote").GetBoolean());
                var vote = await stuffer.InvokeAsync(QaHubMethods.Vote, new VoteRequest(questionId));
                Assert.False(Ok(vote));
                Assert.Equal("Your Q&A key was not issued by this site, so you cannot ask or vote. Reload the Q&A page to get one.", Error(vote));
            }
            Assert.False(Ok(await stuffers[0].InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, "Spam"))));
        }
        finally
        {
            foreach (var stuffer in stuffers) await stuffer.DisposeAsync();
        }
        Assert.Equal(0, await people.World.Data.QueryAsync(db => db.QaQuestions.Where(q => q.Id == questionId).Select(q => q.Votes).SingleAsync()));
        Assert.Equal(1, await people.World.Data.QueryAsync(db => db.QaQuestions.CountAsync(q => q.SideEventId == people.EventId)));

        // A code-holder with a key from the server votes, once.
        await using var honest = await NodeQaClient.StartAsync(BaseUrl, people.EventId, code: code);
        Assert.True(Ok(await honest.InvokeAsync(QaHubMethods.Vote, new VoteRequest(questionId))));
        Assert.Equal(1, await people.World.Data.QueryAsync(db => db.QaQuestions.Where(q => q.Id == questionId).Select(q => q.Votes).SingleAsync()));
    }

    [Fact]
    public async Task A_burst_of_twelve_questions_lets_five_through_and_new_keys_do_not_get_round_the_address_limit()
    {
        var people = await QaPeople.CreateAsync(fixture.ConnectionString);
        await people.ConfigureAsync(open: true, codeAccess: true);
        var code = await people.World.CodeAsync();
        Task<int> CountAsync() => people.World.Data.QueryAsync(db => db.QaQuestions.CountAsync(q => q.SideEventId == people.EventId));

        // Twelve at once from one code-holder: the limit is five a minute.
        await using var first = await NodeQaClient.StartAsync(BaseUrl, people.EventId, code: code);
        var burst = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => first.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, $"Burst {i}"))));
        Assert.Equal(QaLimits.QuestionsPerMinute, burst.Count(Ok));
        Assert.All(burst.Where(r => !Ok(r)), r => Assert.Equal(QaFloodGuard.TooManyQuestions, Error(r)));
        Assert.Equal(QaLimits.QuestionsPerMinute, await CountAsync());

        // A new key each time the limit bites: each key gets its five, but the address stops at thirty a minute.
        var limit = new QaFloodLimits().QuestionsPerAddressPerMinute;
        var keys = new List<NodeQaClient>();
        try
        {
            var refusals = new List<string?>();
            // Five keys fill the address's thirty with the first five questions; the sixth key gets none.
            for (var k = 0; k < limit / QaLimits.QuestionsPerMinute; k++)
            {
                var client = await NodeQaClient.StartAsync(BaseUrl, people.EventId, code: code);
                keys.Add(client);
                for (var i = 0; i < QaLimits.QuestionsPerMinute; i++)
                {
                    var result = await client.InvokeAsync(QaHubMethods.Ask, new AskRequest(people.EventId, $"Key {k} question {i}"));
                    if (!Ok(result)) refusals.Add(Error(result));
                }
            }
            Assert.Equal(limit, await CountAsync());
            Assert.NotEmpty(refusals);
            Assert.All(refusals, r => Assert.Equal(QaFloodGuard.TooManyFromAddress, r));
        }
        finally
        {
            foreach (var client in keys) await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_key_endpoint_issues_a_key_once_and_replaces_a_made_up_one()
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false });
        var issued = await http.GetAsync(BaseUrl + QaHub.ParticipantKeyPath);
        Assert.Equal(HttpStatusCode.NoContent, issued.StatusCode);
        var cookie = Assert.Single(issued.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(QaHub.ParticipantKeyCookie + "=v1.", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        var pair = cookie.Split(';')[0];

        // Presenting it again keeps it; a made-up one is replaced.
        var again = new HttpRequestMessage(HttpMethod.Get, BaseUrl + QaHub.ParticipantKeyPath) { Headers = { { "Cookie", pair } } };
        var kept = await http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NoContent, kept.StatusCode);
        Assert.False(kept.Headers.Contains("Set-Cookie"));
        var madeUp = new HttpRequestMessage(HttpMethod.Get, BaseUrl + QaHub.ParticipantKeyPath) { Headers = { { "Cookie", $"{QaHub.ParticipantKeyCookie}={new string('a', 43)}" } } };
        var replaced = await http.SendAsync(madeUp);
        Assert.NotEqual(pair, Assert.Single(replaced.Headers.GetValues("Set-Cookie")).Split(';')[0]);
    }
}

/// <summary>The per-address limits on voters and keys, with small limits, through the service the hub uses.</summary>
public sealed class QaAddressLimitTests
{
    [Fact]
    public async Task One_address_gives_a_question_only_so_many_voters_and_gets_only_so_many_keys()
    {
        var world = await QaWorld.CreateAsync(limits: new QaFloodLimits { VotersPerAddressPerQuestion = 3, KeysPerAddressPerMinute = 3 });
        await world.ConfigureAsync(open: true, codeAccess: true);
        var code = await world.CodeAsync();
        var amina = await world.ParticipantAsync("Amina");
        var question = await world.AskAsync(amina, "Popular?");
        const string farm = "203.0.113.50", elsewhere = "198.51.100.7";

        var farmVotes = new List<VoteResult>();
        var voters = new List<(QaGrant, QaIdentity)>();
        for (var i = 0; i < 5; i++)
        {
            var browser = world.NewBrowser();
            var grant = await world.AdmitAsync(browser, code: code, address: farm);
            voters.Add((grant, browser));
            farmVotes.Add(await world.Qa.VoteAsync(grant, browser, question.Id, vote: true));
        }
        Assert.Equal(3, farmVotes.Count(v => v.Ok));
        Assert.All(farmVotes.Skip(3), v => Assert.Equal(QaFloodGuard.TooManyVoters, v.Error));
        // A voter already counted may take the vote back and give it again; other addresses are not held up.
        var (firstGrant, firstBrowser) = voters[0];
        Assert.True((await world.Qa.VoteAsync(firstGrant, firstBrowser, question.Id, vote: false)).Ok);
        Assert.True((await world.Qa.VoteAsync(firstGrant, firstBrowser, question.Id, vote: true)).Ok);
        var outsider = world.NewBrowser();
        Assert.True((await world.Qa.VoteAsync(await world.AdmitAsync(outsider, code: code, address: elsewhere), outsider, question.Id, vote: true)).Ok);
        Assert.Equal(4, await world.Data.QueryAsync(db => db.QaQuestions.Where(q => q.Id == question.Id).Select(q => q.Votes).SingleAsync()));

        // Keys: three a minute per address; a key the server issued is kept rather than replaced.
        var keys = Enumerable.Range(0, 4).Select(_ => world.Qa.NewParticipantKey(null, farm)).ToList();
        Assert.Equal(3, keys.Count(k => k is not null));
        Assert.Null(keys[3]);
        Assert.All(keys.Take(3), k => Assert.True(world.Secret.IssuedParticipantKey(k)));
        Assert.NotNull(world.Qa.NewParticipantKey("made-up-key-of-enough-length-to-look-real", elsewhere));
        Assert.Null(world.Qa.NewParticipantKey(keys[0], elsewhere));
        Assert.False(world.Secret.IssuedParticipantKey(keys[0]![..^2] + "AA"));
    }
}
