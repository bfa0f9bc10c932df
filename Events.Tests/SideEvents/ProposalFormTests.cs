using System.Net;
using Dapper;
using Events.Shared.SideEvents;
using Events.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Events.Tests.SideEvents;

/// <summary>The proposal pages over HTTP: what the form posts is what gets stored, and drafts can be edited until reviewed.</summary>
public sealed class ProposalFormTests
{
    [Fact]
    public async Task A_proposal_posted_through_the_form_keeps_its_speakers_and_can_be_edited_until_it_is_reviewed()
    {
        await using var app = await EventsAppFactory.CreateAsync();
        app.CreateClient();
        var data = await TestData.ForAsync(app.ConnectionString);
        var organiser = await data.AddUserAsync("Org", "Organiser");
        var (slug, _, _) = await data.AddConveningAsync(organiser);
        var proposer = await data.AddWithPasswordAsync("Priya Proposer", "a long enough passphrase");
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await client.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = proposer.Email, ["Input.Password"] = "a long enough passphrase" });

        var posted = await client.PostFormAsync($"/c/{slug}/propose", "propose", new Dictionary<string, string>
        {
            ["Input.Title"] = "Care work counts", ["Input.ProposingOrganisation"] = "FEMNET", ["Input.CapacityText"] = "",
            ["Input.Speakers[0].Name"] = "Amina Yusuf", ["Input.Speakers[0].IsModerator"] = "true",
            ["Input.Speakers[1].Name"] = "Hidden Defender", ["Input.Speakers[1].WithholdName"] = "true", ["Submit"] = "false",
        });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var id = await data.ScalarAsync<Guid>("SELECT id FROM side_events WHERE title = 'Care work counts'");
        Assert.Equal("draft", await data.ScalarAsync<string>("SELECT status FROM side_events WHERE id = @id", new { id }));
        await using (var db = await data.Connections.OpenAsync())
        {
            var speakers = (await db.QueryAsync<(string Name, string Role, bool PublishName)>("SELECT name, role, publish_name FROM speakers WHERE side_event_id = @id ORDER BY sort_order", new { id })).ToList();
            Assert.Equal([("Amina Yusuf", "moderator", true), ("Hidden Defender", "speaker", false)], speakers);
        }

        var edit = await client.GetDocumentAsync($"/my/proposals/{id}/edit");
        Assert.Equal("Care work counts", edit.QuerySelector("input[name='Input.Title']")!.GetAttribute("value"));
        var saved = await client.PostFormAsync($"/my/proposals/{id}/edit", "edit-proposal", new Dictionary<string, string>
        {
            ["Input.Title"] = "Care work counts, and pays", ["Input.ProposingOrganisation"] = "FEMNET", ["Input.CapacityText"] = "60",
            ["Input.Speakers[0].Name"] = "Amina Yusuf", ["Submit"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(("Care work counts, and pays", "submitted", 60), (
            await data.ScalarAsync<string>("SELECT title FROM side_events WHERE id = @id", new { id }),
            await data.ScalarAsync<string>("SELECT status FROM side_events WHERE id = @id", new { id }),
            await data.ScalarAsync<int>("SELECT capacity FROM side_events WHERE id = @id", new { id })));
        Assert.Equal(1, await data.ScalarAsync<int>("SELECT count(*) FROM speakers WHERE side_event_id = @id", new { id }));

        var bad = await client.PostFormAsync($"/my/proposals/{id}/edit", "edit-proposal", new Dictionary<string, string>
        {
            ["Input.Title"] = new string('t', 5000), ["Input.ProposingOrganisation"] = "FEMNET", ["Input.CapacityText"] = "sixty", ["Submit"] = "false",
        });
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("title can be at most 200 characters", html);
        Assert.Contains("whole number", html);
        Assert.Equal("Care work counts, and pays", await data.ScalarAsync<string>("SELECT title FROM side_events WHERE id = @id", new { id }));

        Assert.True((await data.Workflow.ReviewAsync(organiser, id, SideEventStatus.Accepted, null)).Succeeded);
        Assert.Contains("cannot be edited any more", await client.GetStringAsync($"/my/proposals/{id}/edit"));
        Assert.Contains("can be edited", (await data.Workflow.UpdateProposalAsync(proposer.Id, id, new ProposalForm { Title = "x", ProposingOrganisation = "y" }, false)).Error);
    }
}
