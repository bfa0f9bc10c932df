using Events.Shared.Registrations;
using Events.Shared.SideEvents;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Events.Tests.Registrations;

/// <summary>Registration for a convening as a whole (a three-day dialogue), beside registration for single side events.</summary>
public sealed class ConveningRegistrationTests
{
    [Fact]
    public async Task A_convening_takes_registrations_only_once_opened_with_its_own_capacity_waitlist_and_mails()
    {
        var data = await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Org", "Organiser");
        var (slug, room, _) = await data.AddConveningAsync(organiser, timeZone: "Europe/London", startsOn: new DateOnly(2030, 2, 11), days: 3);
        Guid conveningId;
        await using (var db = await data.Db.CreateDbContextAsync())
            conveningId = await db.Convenings.Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync();
        var (registrations, mailbox) = await TestRegistrations.CreateAsync(data);
        var users = await TestRegistrations.AddUsersAsync(data, 3);

        Assert.Contains("not open", (await registrations.Participants.RegisterAsync(users[0], conveningId)).Message);
        Assert.True((await registrations.Desk.UpdateSettingsAsync(organiser, conveningId, new RegistrationSettings(RegistrationMode.Open, false, Enabled: true, Capacity: 2))).Succeeded);
        var outcomes = new List<RegistrationOutcome>();
        foreach (var u in users) outcomes.Add(await registrations.Participants.RegisterAsync(u, conveningId));
        Assert.Equal([RegistrationStatus.Confirmed, RegistrationStatus.Confirmed, RegistrationStatus.Waitlisted], outcomes.Select(o => o.Status));

        // A side event of the same convening counts its seats on its own.
        var sideEvent = await data.AddAcceptedEventAsync(slug, organiser, organiser, "Working group A", capacity: 5);
        await data.Workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = sideEvent, RoomId = room, Day = new(2030, 2, 12), Start = new(11, 30), End = new(13, 0) });
        Assert.Equal(RegistrationStatus.Confirmed, (await registrations.Participants.RegisterAsync(users[2], sideEvent)).Status);

        await registrations.Participants.CancelAsync(users[0], outcomes[0].RegistrationId!.Value);
        var mine = await registrations.Queries.MineAsync(users[2]);
        Assert.Equal(2, mine.Count);
        var whole = mine.Single(m => m.SideEventId == conveningId);
        Assert.Equal(RegistrationStatus.Confirmed, whole.Status);
        Assert.Equal($"/c/{slug}", whole.PagePath);
        Assert.Equal((2, 0), ((await registrations.Queries.FiguresAsync(organiser, conveningId))!.Confirmed, (await registrations.Queries.FiguresAsync(organiser, conveningId))!.Waitlisted));

        var promotion = (await mailbox.ListAsync()).Single(m => m.Subject == "A seat is yours: Test convening");
        var ics = await mailbox.FindAttachmentAsync(promotion.Id, 0);
        var text = System.Text.Encoding.UTF8.GetString(ics!.Content);
        Assert.Contains("DTSTART;TZID=Europe/London:20300211T000000", text);
        Assert.Contains("DTEND;TZID=Europe/London:20300214T000000", text);
        Assert.Contains($"URL:https://events.example.org/c/{slug}", text.Replace("\r\n ", ""));
        // Check-in works for the convening too.
        var code = whole.CheckInCode!;
        Assert.True((await registrations.Desk.CheckInAsync(organiser, conveningId, code)).Succeeded);
    }
}
