using System.Text.Json;
using Events.Server.Email;
using Events.Shared.Registrations;
using Events.Shared.SideEvents;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Events.Tests.Registrations;

public sealed class RegistrationRuleTests
{
    /// <summary>A scheduled side event with the given capacity, its organiser, and the registration service.</summary>
    internal static async Task<(TestData Data, Guid EventId, Guid Organiser, RegistrationServices Registrations, TestMailbox Mailbox)>
        ScheduledEventAsync(int capacity, RegistrationMode mode = RegistrationMode.Open)
    {
        var data = await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Org", "Organiser");
        var (slug, room, _) = await data.AddConveningAsync(organiser, startsOn: new DateOnly(2030, 3, 4));
        var id = await data.AddAcceptedEventAsync(slug, organiser, organiser, "Rush hour", capacity);
        var scheduled = await data.Workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = id, RoomId = room, Day = new(2030, 3, 5), Start = new(10, 0), End = new(11, 0) });
        Assert.True(scheduled.Succeeded, scheduled.Error);
        var (registrations, mailbox) = await TestRegistrations.CreateAsync(data);
        if (mode != RegistrationMode.Open) Assert.True((await registrations.Desk.UpdateSettingsAsync(organiser, id, new RegistrationSettings(mode, false))).Succeeded);
        return (data, id, organiser, registrations, mailbox);
    }

    [Fact]
    public async Task Five_hundred_people_registering_at_once_for_a_hundred_seats_give_exactly_100_confirmed_and_400_waitlisted()
    {
        var (data, id, _, registrations, _) = await ScheduledEventAsync(capacity: 100);
        var users = await TestRegistrations.AddUsersAsync(data, 500);

        var outcomes = await Task.WhenAll(users.Select(u => Task.Run(() => registrations.Participants.RegisterAsync(u, id))));

        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Message));
        Assert.Equal(100, outcomes.Count(o => o.Status == RegistrationStatus.Confirmed));
        Assert.Equal(400, outcomes.Count(o => o.Status == RegistrationStatus.Waitlisted));
        await using var db = await data.Db.CreateDbContextAsync();
        var stored = db.Registrations.Where(r => r.SideEventId == id);
        Assert.Equal(100, await stored.CountAsync(r => r.Status == "confirmed"));
        Assert.Equal(500, await stored.Select(r => r.UserId).Distinct().CountAsync());
        Assert.Equal(100, await stored.Where(r => r.Status == "confirmed").Select(r => r.CheckInCode).Distinct().CountAsync());
    }

    [Fact]
    public async Task One_person_submitting_twenty_times_at_once_ends_with_one_registration()
    {
        var (data, id, _, registrations, mailbox) = await ScheduledEventAsync(capacity: 10);
        var user = await data.AddUserAsync("Double Clicker");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => registrations.Participants.RegisterAsync(user, id))));

        Assert.All(outcomes, o => Assert.Equal(RegistrationStatus.Confirmed, o.Status));
        Assert.Single(outcomes.Select(o => o.RegistrationId).Distinct());
        await using var db = await data.Db.CreateDbContextAsync();
        Assert.Equal(1, await db.Registrations.CountAsync(r => r.SideEventId == id));
        Assert.Single(await mailbox.ListAsync());
    }

    [Fact]
    public async Task Cancelling_a_confirmed_seat_promotes_exactly_the_earliest_waitlisted_person_once()
    {
        var (data, id, _, registrations, mailbox) = await ScheduledEventAsync(capacity: 2);
        var users = await TestRegistrations.AddUsersAsync(data, 5);
        var outcomes = new List<RegistrationOutcome>();
        foreach (var u in users) outcomes.Add(await registrations.Participants.RegisterAsync(u, id)); // in order: 2 confirmed, then waitlist 3, 4, 5

        var cancelled = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => registrations.Participants.CancelAsync(users[0], outcomes[0].RegistrationId!.Value))));

        Assert.All(cancelled, c => Assert.Equal(RegistrationStatus.Cancelled, c.Status));
        await using var db = await data.Db.CreateDbContextAsync();
        var statuses = await db.Registrations.Where(r => r.SideEventId == id).ToDictionaryAsync(r => r.UserId!.Value, r => r.Status);
        Assert.Equal(["cancelled", "confirmed", "confirmed", "waitlisted", "waitlisted"], users.Select(u => statuses[u]));
        var promotionMails = (await mailbox.ListAsync()).Where(m => m.Subject.StartsWith("A seat is yours")).ToList();
        var promoted = Assert.Single(promotionMails);
        Assert.Equal(await db.Users.Where(u => u.Id == users[2]).Select(u => u.Email).SingleAsync(), promoted.To);
        var attachment = Assert.Single(promoted.Attachments);
        Assert.Equal("invite.ics", attachment.FileName);
    }

    [Fact]
    public async Task Approval_mode_holds_requests_until_the_organiser_approves_or_declines_with_a_message()
    {
        var (data, id, organiser, registrations, mailbox) = await ScheduledEventAsync(capacity: 1, RegistrationMode.Approval);
        var (a, b, c) = (await data.AddUserAsync("A"), await data.AddUserAsync("B"), await data.AddUserAsync("C"));
        var ra = await registrations.Participants.RegisterAsync(a, id);
        var rb = await registrations.Participants.RegisterAsync(b, id);
        var rc = await registrations.Participants.RegisterAsync(c, id);
        Assert.All(new[] { ra, rb, rc }, r => Assert.Equal(RegistrationStatus.Pending, r.Status));

        Assert.False((await registrations.Desk.DecideAsync(a, ra.RegistrationId!.Value, true, null)).Succeeded); // a participant cannot approve
        Assert.True((await registrations.Desk.DecideAsync(organiser, ra.RegistrationId!.Value, true, null)).Succeeded);
        Assert.True((await registrations.Desk.DecideAsync(organiser, rb.RegistrationId!.Value, true, null)).Succeeded);
        Assert.True((await registrations.Desk.DecideAsync(organiser, rc.RegistrationId!.Value, false, "The room is for government delegates only.")).Succeeded);

        var mine = (await registrations.Queries.MineAsync(c)).Single();
        Assert.Equal(RegistrationStatus.Declined, mine.Status);
        Assert.Equal("The room is for government delegates only.", mine.DecisionMessage);
        Assert.Equal(RegistrationStatus.Confirmed, (await registrations.Queries.MineAsync(a)).Single().Status);
        Assert.Equal(RegistrationStatus.Waitlisted, (await registrations.Queries.MineAsync(b)).Single().Status); // full: approved onto the waitlist
        Assert.Contains(await mailbox.ListAsync(), m => m.Subject.StartsWith("Registration declined") && m.TextBody.Contains("government delegates only"));
    }

    [Fact]
    public async Task Invitation_mode_needs_a_valid_personal_link_that_works_once()
    {
        var (data, id, organiser, registrations, mailbox) = await ScheduledEventAsync(capacity: 10, RegistrationMode.Invitation);
        var guest = await data.AddUserAsync("Guest");
        var other = await data.AddUserAsync("Other");

        Assert.Contains("by invitation only", (await registrations.Participants.RegisterAsync(guest, id)).Message);
        Assert.True((await registrations.Desk.InviteAsync(organiser, id, ["guest@example.org"])).Succeeded);
        var invitation = (await mailbox.ListAsync()).Single(m => m.Subject.StartsWith("Invitation")).TextBody;
        // The invitation comes from the convening's organising body (or its organisers), never an organiser's own name.
        Assert.Matches(@"^Hello,\n\n(The organisers of .+ invite|.+ invites) you to “", invitation);
        var link = invitation.Split('\n').Single(l => l.Contains("invitation="));
        var token = link[(link.IndexOf("invitation=", StringComparison.Ordinal) + "invitation=".Length)..].Trim();

        Assert.False((await registrations.Participants.RegisterAsync(guest, id, token[..^2] + "xy")).Succeeded); // tampered
        await using var db = await data.Db.CreateDbContextAsync();
        Assert.Equal(0, await db.Registrations.CountAsync());
        var ok = await registrations.Participants.RegisterAsync(guest, id, token);
        Assert.Equal(RegistrationStatus.Confirmed, ok.Status);
        Assert.Contains("not valid", (await registrations.Participants.RegisterAsync(other, id, token)).Message); // used once
        Assert.Equal(1, await db.Registrations.CountAsync());
        Assert.Contains("not a valid e-mail address", (await registrations.Desk.InviteAsync(organiser, id, ["ok@example.org", "not an address"])).Error);
    }

    [Fact]
    public async Task Cancelled_and_past_events_refuse_registration_and_store_nothing()
    {
        var (data, id, organiser, registrations, _) = await ScheduledEventAsync(capacity: 10);
        var user = await data.AddUserAsync("Late");
        Assert.True((await data.Workflow.CancelAsync(organiser, id, "Speakers could not travel")).Succeeded);
        Assert.Contains("has been cancelled", (await registrations.Participants.RegisterAsync(user, id)).Message);

        var past = (await TestRegistrations.CreateAsync(data, new FixedClock(new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero)))).Service;
        var (slug, room, _) = await data.AddConveningAsync(organiser, startsOn: new DateOnly(2030, 3, 4));
        var other = await data.AddAcceptedEventAsync(slug, organiser, organiser, "Over");
        await data.Workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = other, RoomId = room, Day = new(2030, 3, 5), Start = new(10, 0), End = new(11, 0) });
        Assert.Contains("is over", (await past.Participants.RegisterAsync(user, other)).Message);
        Assert.Contains("no such event", (await registrations.Participants.RegisterAsync(user, Guid.NewGuid())).Message);
        await using var db = await data.Db.CreateDbContextAsync();
        Assert.Equal(0, await db.Registrations.CountAsync());
    }

    [Fact]
    public async Task Check_in_marks_attendance_once_and_a_second_scan_says_when()
    {
        var (data, id, organiser, registrations, _) = await ScheduledEventAsync(capacity: 10);
        var user = await data.AddUserAsync("Amina Yusuf");
        var stranger = await data.AddUserAsync("Stranger");
        await registrations.Participants.RegisterAsync(user, id);
        var code = (await registrations.Queries.MineAsync(user)).Single().CheckInCode!;

        Assert.False((await registrations.Desk.CheckInAsync(stranger, id, code)).Succeeded);
        Assert.Contains("No registration with this code", (await registrations.Desk.CheckInAsync(organiser, id, "ZZZZZZZZ")).Message);
        var first = await registrations.Desk.CheckInAsync(organiser, id, code.ToLowerInvariant().Insert(4, "-"));
        Assert.True(first.Succeeded, first.Message);
        Assert.StartsWith("Amina Yusuf checked in at", first.Message);
        var second = await registrations.Desk.CheckInAsync(organiser, id, code);
        Assert.False(second.Succeeded);
        Assert.Equal($"Amina Yusuf is already checked in at {first.At:HH:mm}.", second.Message);
        Assert.Equal(1, (await registrations.Queries.FiguresAsync(organiser, id))!.CheckedIn);
    }

    [Fact]
    public async Task Attendee_lists_are_private_by_default_and_public_lists_name_only_consenting_confirmed_people()
    {
        var (data, id, organiser, registrations, _) = await ScheduledEventAsync(capacity: 10);
        var consenting = await data.AddUserAsync("Ana Consenting");
        var defender = await data.AddUserAsync("Hidden Defender");
        await registrations.Profiles.SaveProfileAsync(consenting, new ParticipantProfileForm { ConsentPublishName = true });
        await registrations.Profiles.SaveProfileAsync(defender, new ParticipantProfileForm { StakeholderGroup = StakeholderGroup.HumanRightsDefender });
        await registrations.Participants.RegisterAsync(consenting, id);
        await registrations.Participants.RegisterAsync(defender, id);

        Assert.Null(await registrations.Queries.PublicAttendeesAsync(id));
        Assert.Empty(await registrations.Queries.AttendeesAsync(defender, id)); // another participant sees nobody
        Assert.True((await registrations.Desk.UpdateSettingsAsync(organiser, id, new RegistrationSettings(RegistrationMode.Open, AttendeeListPublic: true))).Succeeded);
        Assert.Equal(["Ana Consenting"], await registrations.Queries.PublicAttendeesAsync(id));
        Assert.Equal(2, (await registrations.Queries.AttendeesAsync(organiser, id)).Count);
    }

    [Fact]
    public async Task Oversized_profile_fields_are_refused_and_nothing_is_saved()
    {
        var data = await TestData.CreateAsync();
        var (registrations, _) = await TestRegistrations.CreateAsync(data);
        var user = await data.AddUserAsync("P");
        var result = await registrations.Profiles.SaveProfileAsync(user, new ParticipantProfileForm { Organisation = new string('x', 10_000) });
        Assert.Contains("at most 200 characters", result.Error);
        await using var db = await data.Db.CreateDbContextAsync();
        Assert.Equal(0, await db.ParticipantProfiles.CountAsync());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
