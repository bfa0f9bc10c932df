using System.Net;
using AngleSharp.Html.Parser;
using Events.Shared.SideEvents;
using Events.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Events.Tests.QandA;

/// <summary>
/// /qa/{id} for a visitor without access: the title only of events whose own page is public; for events of private
/// convenings, unreviewed proposals and ids that are no event at all, one and the same neutral page.
/// </summary>
public sealed class QaPageDisclosureTests(AccountJourneyFixture fixture) : IClassFixture<AccountJourneyFixture>
{
    [Fact]
    public async Task A_stranger_sees_the_title_of_a_public_event_only_and_cannot_tell_a_private_one_from_none()
    {
        var people = await QaPeople.CreateAsync(fixture.ConnectionString);
        var data = people.World.Data;
        const string proposalTitle = "Unreviewed: the names of our partners in the field";
        var proposal = await data.Workflow.ProposeAsync(people.Organiser.Id, people.Slug,
            new ProposalForm { Title = proposalTitle, ProposingOrganisation = "A network at risk" }, submit: true);
        Assert.True(proposal.Succeeded, proposal.Error);
        const string privateTitle = "Closed dialogue with defenders from the region";
        var (privateSlug, room, _) = await data.AddConveningAsync(people.Organiser.Id, startsOn: new DateOnly(2030, 3, 4));
        var privateEvent = await QaWorld.ScheduledEventAsync(data, privateSlug, people.Organiser.Id, room, privateTitle);
        await data.QueryAsync(db => db.Convenings.Where(c => c.Slug == privateSlug).ExecuteUpdateAsync(c => c.SetProperty(x => x.Visibility, "invitation")));
        await people.World.ConfigureAsync(open: true, codeAccess: true, eventId: privateEvent);
        var privateCode = await data.QueryAsync(db => db.QaSessions.Where(s => s.SideEventId == privateEvent).Select(s => s.Code).SingleAsync());

        using var http = new HttpClient();
        async Task<(HttpStatusCode Status, string Body, string Neutral)> VisitAsync(string path, Guid id)
        {
            var response = await http.GetAsync(fixture.Server.BaseUrl + path);
            var body = await response.Content.ReadAsStringAsync();
            var page = await new HtmlParser().ParseDocumentAsync(body);
            // What the visitor is shown, with the address's own id taken out.
            var shown = page.Title + "\n" + (page.QuerySelector(".qa") ?? page.QuerySelector("main"))!.OuterHtml;
            return (response.StatusCode, body, shown.Replace(id.ToString(), "{id}"));
        }

        var publicPage = await VisitAsync($"/qa/{people.EventId}", people.EventId);
        Assert.Contains("Defenders at risk: reprisals and the UN", publicPage.Body);

        var nowhere = Guid.NewGuid();
        var none = await VisitAsync($"/qa/{nowhere}", nowhere);
        var ofProposal = await VisitAsync($"/qa/{proposal.Id}", proposal.Id!.Value);
        var ofPrivate = await VisitAsync($"/qa/{privateEvent}", privateEvent);
        Assert.DoesNotContain(proposalTitle, ofProposal.Body);
        Assert.DoesNotContain(privateTitle, ofPrivate.Body);
        Assert.Equal(none.Status, ofProposal.Status);
        Assert.Equal(none.Status, ofPrivate.Status);
        Assert.Equal(none.Neutral, ofProposal.Neutral);
        Assert.Equal(none.Neutral, ofPrivate.Neutral);
        Assert.Contains("enter the event's Q&amp;A code", none.Neutral);

        // The projector view says no more.
        var presentPrivate = await VisitAsync($"/qa/{privateEvent}/present", privateEvent);
        var presentNone = await VisitAsync($"/qa/{nowhere}/present", nowhere);
        Assert.DoesNotContain(privateTitle, presentPrivate.Body);
        Assert.Equal(presentNone.Neutral, presentPrivate.Neutral);

        // With the event's code, the title is there: the code is the grant.
        var withCode = await VisitAsync($"/qa/{privateEvent}?code={privateCode}", privateEvent);
        Assert.Contains(privateTitle, withCode.Body);
    }
}
