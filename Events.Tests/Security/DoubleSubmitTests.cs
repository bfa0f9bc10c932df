using System.Net;
using Events.Tests.Infrastructure;

namespace Events.Tests.Security;

/// <summary>Finding 12: the same proposal form posted five times at once creates one proposal.</summary>
public sealed class DoubleSubmitTests
{
    [Fact]
    public async Task Five_concurrent_posts_of_the_same_proposal_form_create_one_proposal()
    {
        await using var kit = await SecurityKit.CreateAsync();
        var (userId, _, client) = await kit.SignedInAsync("Proposer");
        var form = await client.GetDocumentAsync($"/c/{kit.Slug}/propose");
        var fields = form.QuerySelectorAll("form[data-enhance], form").First(f => f.QuerySelector("input[name=_handler][value=propose]") is not null)
            .QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        Assert.True(Guid.TryParse(fields["Input.SubmissionKey"], out _));
        fields["Input.Title"] = "Protecting defenders online";
        fields["Input.ProposingOrganisation"] = "Women's Rights Action Network";
        fields["Submit"] = "true";

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            client.PostAsync($"/c/{kit.Slug}/propose", new FormUrlEncodedContent(fields))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Equal(1, await kit.Data.ScalarAsync<int>("SELECT count(*) FROM side_events WHERE proposer_user_id = @userId", new { userId }));
        Assert.Equal(1, await kit.Data.ScalarAsync<int>(
            "SELECT count(*) FROM side_event_history h JOIN side_events e ON e.id = h.side_event_id WHERE e.proposer_user_id = @userId", new { userId }));

        // A second proposal from a freshly opened form is a new proposal.
        var again = await client.PostFormAsync($"/c/{kit.Slug}/propose", "propose", new Dictionary<string, string>
            { ["Input.Title"] = "A second event", ["Input.ProposingOrganisation"] = "Women's Rights Action Network", ["Submit"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(2, await kit.Data.ScalarAsync<int>("SELECT count(*) FROM side_events WHERE proposer_user_id = @userId", new { userId }));
    }
}
