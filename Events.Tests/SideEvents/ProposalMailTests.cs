using System.Globalization;
using Events.Server.CoSponsors;
using Events.Server.Email;
using Events.Server.SideEvents;
using Events.Shared.Convenings;
using Events.Shared.CoSponsors;
using Events.Shared.SideEvents;
using Events.Shared.Site;
using Events.Tests.CoSponsors;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Events.Tests.SideEvents;

/// <summary>
/// The workflow's mails, read from the development mailbox: the proposer hears of each decision and slot (the deadline on
/// the convening's clock), the organisers of each new proposal and co-sponsor answer, and invitations name the
/// organising body rather than an organiser's account.
/// </summary>
public sealed class ProposalMailTests
{
    private static async Task<string> EmailOfAsync(TestData data, Guid userId)
    {
        await using var db = await data.Db.CreateDbContextAsync();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.Email!).SingleAsync();
    }

    [Fact]
    public async Task The_proposer_hears_of_each_decision_and_slot_and_the_organisers_of_each_new_proposal()
    {
        var data = await TestData.CreateAsync();
        var mailbox = TestRegistrations.MailboxOf(data.Services);
        var workflow = data.Workflow;
        var organiser = await data.AddUserAsync("Olga Private-Name", "Organiser");
        var proposer = await data.AddUserAsync("Pat Proposer");
        var (slug, room, _) = await data.AddConveningAsync(organiser, timeZone: "America/New_York", startsOn: new DateOnly(2030, 3, 4));
        await using (var db = await data.Db.CreateDbContextAsync())
            await db.Convenings.Where(c => c.Slug == slug).ExecuteUpdateAsync(s => s.SetProperty(c => c.OrganisingOrganisation, "UN Women"));
        var organiserEmail = await EmailOfAsync(data, organiser);
        var proposerEmail = await EmailOfAsync(data, proposer);

        async Task<Guid> ProposeAsync(string title)
        {
            var proposed = await workflow.ProposeAsync(proposer, slug, new ProposalForm { Title = title, ProposingOrganisation = "Defenders Network" }, submit: true);
            Assert.True(proposed.Succeeded, proposed.Error);
            return proposed.Id!.Value;
        }

        var accepted = await ProposeAsync("Reprisals and the UN");
        var toOrganiser = Assert.Single(await mailbox.ListAsync(), m => m.To == organiserEmail);
        Assert.Equal("New proposal: “Reprisals and the UN”", toOrganiser.Subject);
        Assert.Contains($"https://events.example.org/organise/{slug}", toOrganiser.TextBody);

        Assert.True((await workflow.ReviewAsync(organiser, accepted, SideEventStatus.Accepted, null)).Succeeded);
        var acceptance = (await mailbox.ListAsync()).First(m => m.To == proposerEmail);
        Assert.Equal("Accepted: “Reprisals and the UN”", acceptance.Subject);
        Assert.StartsWith("Dear Pat Proposer,", acceptance.TextBody);
        Assert.Contains("UN Women accepted your proposal", acceptance.TextBody);
        Assert.DoesNotContain("Olga", acceptance.TextBody); // the organising body speaks, not the organiser's account

        Assert.True((await workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = accepted, RoomId = room, Day = new(2030, 3, 5), Start = new(10, 0), End = new(11, 15) })).Succeeded);
        var offer = (await mailbox.ListAsync()).First(m => m.To == proposerEmail);
        Assert.Equal("A slot for “Reprisals and the UN”: please answer", offer.Subject);
        Assert.Contains("Tuesday 5 March 2030, 10:00–11:15 (America/New_York)", offer.TextBody);
        DateTime due;
        await using (var db = await data.Db.CreateDbContextAsync())
            due = await db.SideEvents.Where(e => e.Id == accepted).Select(e => e.SlotResponseDue!.Value).SingleAsync();
        var dueInNewYork = ConveningClock.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)), "America/New_York");
        Assert.Contains($"by {dueInNewYork.ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture)} (America/New_York)", offer.TextBody);

        Assert.True((await workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = accepted, RoomId = room, Day = new(2030, 3, 6), Start = new(14, 0), End = new(15, 0), Reason = "The room is needed for a plenary." })).Succeeded);
        var moved = (await mailbox.ListAsync()).First(m => m.To == proposerEmail);
        Assert.Equal("New time for “Reprisals and the UN”", moved.Subject);
        Assert.Contains("Wednesday 6 March 2030, 14:00–15:00 (America/New_York)", moved.TextBody);
        Assert.Contains("The room is needed for a plenary.", moved.TextBody);

        var declined = await ProposeAsync("Declined one");
        Assert.True((await workflow.ReviewAsync(organiser, declined, SideEventStatus.Declined, "The programme is full.")).Succeeded);
        var decline = (await mailbox.ListAsync()).First(m => m.To == proposerEmail);
        Assert.Equal("Not accepted: “Declined one”", decline.Subject);
        Assert.Contains("Their reason: The programme is full.", decline.TextBody);

        var waitlisted = await ProposeAsync("Waiting one");
        Assert.True((await workflow.ReviewAsync(organiser, waitlisted, SideEventStatus.Waitlisted, null)).Succeeded);
        Assert.Equal("On the waiting list: “Waiting one”", (await mailbox.ListAsync()).First(m => m.To == proposerEmail).Subject);

        // One mail per change: three proposals to the organiser, five decisions and slots to the proposer.
        var all = await mailbox.ListAsync();
        Assert.Equal(3, all.Count(m => m.To == organiserEmail));
        Assert.Equal(5, all.Count(m => m.To == proposerEmail));
        // A refused change sends nothing.
        Assert.False((await workflow.ReviewAsync(organiser, declined, SideEventStatus.Accepted, null)).Succeeded);
        Assert.Equal(all.Count, (await mailbox.ListAsync()).Count);
    }

    [Fact]
    public async Task Organisers_hear_of_each_co_sponsor_answer_with_the_regional_groups_still_missing_and_invitations_name_the_organising_body()
    {
        var kit = await CoSponsorKit.CreateAsync();
        await kit.UpdateConveningAsync(s => s.SetProperty(c => c.OrganisingOrganisation, "UN Women"));
        var links = kit.Links;
        var organiserEmail = await EmailOfAsync(kit.Data, kit.Organiser);
        // The kit's mail sender keeps every mail the app's outbox sends.
        IEnumerable<Events.Shared.Email.OutgoingMail> AnswersToOrganiser() => kit.Mail.Sent.Where(m => m.To == organiserEmail && m.Subject.Contains("co-sponsoring"));

        var (_, kenya) = await kit.InviteStateAsync("KEN");
        var invitation = kit.Mail.Sent.Last();
        Assert.Contains("UN Women, on behalf of", invitation.TextBody);
        Assert.DoesNotContain("Olga", invitation.TextBody);
        Assert.Equal("UN Women", (await links.OpenAsync(kenya))!.InvitedBy); // the focal point's page says who invites

        Assert.True((await links.ConfirmAsync(kenya, CoSponsorKit.Confirmation("Kenya"))).Succeeded);
        var confirmed = Assert.Single(AnswersToOrganiser());
        Assert.Equal("Kenya confirmed co-sponsoring “Women's leadership in climate action”", confirmed.Subject);
        Assert.Contains("UN regional groups without a confirmed State yet: Asia-Pacific States, Eastern European States, Latin American and Caribbean States, Western European and other States.", confirmed.TextBody);
        Assert.Contains($"/organise/{kit.Slug}/events/{kit.EventId}/cosponsors", confirmed.TextBody);

        var (_, france) = await kit.InviteStateAsync("FRA");
        Assert.True((await links.DeclineAsync(france, new DeclineForm { Reason = "Not this year." })).Succeeded);
        var declined = AnswersToOrganiser().Last();
        Assert.Equal("France declined co-sponsoring “Women's leadership in climate action”", declined.Subject);
        Assert.Contains("without a confirmed State yet: Asia-Pacific States, Eastern European States, Latin American and Caribbean States, Western European and other States.", declined.TextBody);
    }
}
