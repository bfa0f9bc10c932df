using System.Net;
using Events.Shared.SideEvents;
using Events.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

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
        await using var db = await data.Db.CreateDbContextAsync();
        var id = await db.SideEvents.Where(e => e.Title == "Care work counts").Select(e => e.Id).SingleAsync();
        Assert.Equal("draft", await db.SideEvents.Where(e => e.Id == id).Select(e => e.Status).SingleAsync());
        var speakers = (await db.Speakers.Where(s => s.SideEventId == id).OrderBy(s => s.SortOrder).Select(s => new { s.Name, s.Role, s.PublishName }).ToListAsync())
            .Select(s => (s.Name, s.Role, s.PublishName)).ToList();
        Assert.Equal([("Amina Yusuf", "moderator", true), ("Hidden Defender", "speaker", false)], speakers);

        var edit = await client.GetDocumentAsync($"/my/proposals/{id}/edit");
        Assert.Equal("Care work counts", edit.QuerySelector("input[name='Input.Title']")!.GetAttribute("value"));
        var saved = await client.PostFormAsync($"/my/proposals/{id}/edit", "edit-proposal", new Dictionary<string, string>
        {
            ["Input.Title"] = "Care work counts, and pays", ["Input.ProposingOrganisation"] = "FEMNET", ["Input.CapacityText"] = "60",
            ["Input.Speakers[0].Name"] = "Amina Yusuf", ["Submit"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var edited = await db.SideEvents.AsNoTracking().Where(e => e.Id == id).Select(e => new { e.Title, e.Status, e.Capacity }).SingleAsync();
        Assert.Equal(("Care work counts, and pays", "submitted", (int?)60), (edited.Title, edited.Status, edited.Capacity));
        Assert.Equal(1, await db.Speakers.CountAsync(s => s.SideEventId == id));

        var bad = await client.PostFormAsync($"/my/proposals/{id}/edit", "edit-proposal", new Dictionary<string, string>
        {
            ["Input.Title"] = new string('t', 5000), ["Input.ProposingOrganisation"] = "FEMNET", ["Input.CapacityText"] = "sixty", ["Submit"] = "false",
        });
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("title can be at most 200 characters", html);
        Assert.Contains("whole number", html);
        Assert.Equal("Care work counts, and pays", await db.SideEvents.Where(e => e.Id == id).Select(e => e.Title).SingleAsync());

        Assert.True((await data.Workflow.ReviewAsync(organiser, id, SideEventStatus.Accepted, null)).Succeeded);
        Assert.Contains("cannot be edited any more", await client.GetStringAsync($"/my/proposals/{id}/edit"));
        Assert.Contains("can be edited", (await data.Workflow.UpdateProposalAsync(proposer.Id, id, new ProposalForm { Title = "x", ProposingOrganisation = "y" }, false)).Error);
    }
}
