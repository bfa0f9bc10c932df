using Events.Shared.Convenings;
using Events.Shared.SideEvents;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Events.Tests.SideEvents;

public sealed class ProposalWorkflowTests
{
    [Fact]
    public async Task A_proposal_goes_from_draft_to_scheduled_and_every_step_is_in_the_history()
    {
        var data = await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Olga Organiser", "Organiser");
        var proposer = await data.AddUserAsync("Priya Proposer");
        var (slug, room, _) = await data.AddConveningAsync(organiser);

        var draft = await data.Workflow.ProposeAsync(proposer, slug, new ProposalForm { Title = "Care economy", ProposingOrganisation = "FEMNET" }, submit: false);
        var id = draft.Id!.Value;
        Assert.Empty(await data.Workflow.ForConveningAsync(organiser, slug)); // drafts are the proposer's own business
        Assert.True((await data.Workflow.SubmitAsync(proposer, id)).Succeeded);
        Assert.True((await data.Workflow.ReviewAsync(organiser, id, SideEventStatus.Waitlisted, null)).Succeeded);
        Assert.True((await data.Workflow.ReviewAsync(organiser, id, SideEventStatus.Accepted, null)).Succeeded);
        Assert.True((await data.Workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = id, RoomId = room, Day = new(2027, 3, 9), Start = new(10, 0), End = new(11, 0) })).Succeeded);
        var offered = (await data.Workflow.MyProposalsAsync(proposer)).Single();
        Assert.Equal(SlotResponse.Pending, offered.SlotResponse);
        Assert.True((await data.Workflow.RespondToSlotAsync(proposer, id, accept: false, "We need the afternoon: our minister lands at noon.")).Succeeded);
        Assert.Equal(SlotResponse.ChangeRequested, (await data.Workflow.ForConveningAsync(organiser, slug)).Single().SlotResponse);
        var moved = await data.Workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = id, RoomId = room, Day = new(2027, 3, 9), Start = new(15, 0), End = new(16, 0), Reason = "Moved at the proposer's request" });
        Assert.True(moved.Succeeded);
        Assert.True((await data.Workflow.RespondToSlotAsync(proposer, id, accept: true, null)).Succeeded);

        var history = await data.Workflow.HistoryAsync(proposer, id);
        Assert.Equal(["drafted", "submitted", "waitlisted", "accepted", "scheduled", "change requested", "rescheduled", "slot accepted"], history.Select(h => h.Action));
        Assert.Equal("Priya Proposer", history[0].Actor);
        Assert.Equal("Olga Organiser", history[3].Actor);
        Assert.Contains("15:00–16:00 in Conference Room 1", history[6].Detail);
        await using var db = await data.Db.CreateDbContextAsync();
        Assert.Equal(2, await db.SideEvents.Where(e => e.Id == id).Select(e => e.Sequence).SingleAsync());

        Assert.True((await data.Workflow.CancelAsync(organiser, id, "The room is closed for repairs")).Succeeded);
        Assert.Equal(3, await db.SideEvents.Where(e => e.Id == id).Select(e => e.Sequence).SingleAsync());
        Assert.False((await data.Workflow.ReviewAsync(organiser, id, SideEventStatus.Accepted, null)).Succeeded);
    }

    [Fact]
    public async Task Declining_needs_a_reason_and_a_declined_proposal_cannot_be_scheduled()
    {
        var data = await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Org", "Organiser");
        var (slug, room, _) = await data.AddConveningAsync(organiser);
        var id = (await data.Workflow.ProposeAsync(organiser, slug, new ProposalForm { Title = "T", ProposingOrganisation = "O" }, submit: true)).Id!.Value;

        Assert.Contains("reason", (await data.Workflow.ReviewAsync(organiser, id, SideEventStatus.Declined, " ")).Error);
        Assert.True((await data.Workflow.ReviewAsync(organiser, id, SideEventStatus.Declined, "Outside the session's theme")).Succeeded);
        var schedule = await data.Workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = id, RoomId = room, Day = new(2027, 3, 9), Start = new(10, 0), End = new(11, 0) });
        Assert.Contains("Only an accepted side event", schedule.Error);
    }

    [Fact]
    public async Task Proposers_see_only_their_own_proposals_and_cannot_review_or_schedule()
    {
        var data = await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Org", "Organiser");
        var alice = await data.AddUserAsync("Alice");
        var bob = await data.AddUserAsync("Bob");
        var (slug, room, _) = await data.AddConveningAsync(organiser);
        var alices = (await data.Workflow.ProposeAsync(alice, slug, new ProposalForm { Title = "Alice's", ProposingOrganisation = "A" }, submit: true)).Id!.Value;
        await data.Workflow.ProposeAsync(bob, slug, new ProposalForm { Title = "Bob's", ProposingOrganisation = "B" }, submit: true);

        Assert.Equal(["Alice's"], (await data.Workflow.MyProposalsAsync(alice)).Select(p => p.Title));
        Assert.Empty(await data.Workflow.ForConveningAsync(alice, slug));
        Assert.Empty(await data.Workflow.HistoryAsync(bob, alices));
        Assert.Contains("Only the convening's organisers", (await data.Workflow.ReviewAsync(alice, alices, SideEventStatus.Accepted, null)).Error);
        Assert.Contains("Only the convening's organisers", (await data.Workflow.ScheduleAsync(bob, new ScheduleForm { SideEventId = alices, RoomId = room, Day = new(2027, 3, 9), Start = new(10, 0), End = new(11, 0) })).Error);
        Assert.Contains("Only the proposer", (await data.Workflow.SubmitAsync(bob, alices)).Error);
        Assert.Null(await data.ConveningAdmin.FindForOrganiserAsync(alice, slug));
        Assert.Equal(2, (await data.Workflow.CountsAsync(organiser, slug)).Submitted);
    }
}
