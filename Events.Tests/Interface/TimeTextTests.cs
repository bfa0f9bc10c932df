using System.Text.RegularExpressions;
using Events.Server.SideEvents;
using Events.Shared.Site;

namespace Events.Tests.Interface;

/// <summary>
/// The one time formatter: 24-hour, day before month, English names, and the mails and histories that go through it
/// on the convening's clock.
/// </summary>
public sealed class TimeTextTests
{
    private static readonly DateTimeOffset At = new(2027, 3, 9, 14, 30, 5, TimeSpan.FromHours(-4));

    [Fact]
    public void The_short_forms_are_24_hour_with_the_day_before_the_month()
    {
        Assert.Equal("9 March", TimeText.DayMonth(new DateOnly(2027, 3, 9)));
        Assert.Equal("9 Mar 2027", TimeText.ShortDate(At));
        Assert.Equal("9 Mar 2027 14:30", TimeText.ShortMoment(At));
        Assert.Equal("Tue 9 Mar 2027 14:30", TimeText.ShortDayAndTime(At));
        // Stamps are written in UTC whatever the offset they are given.
        Assert.Equal("2027-03-09 18:30:05", TimeText.StampSeconds(At));
    }

    [Fact]
    public void A_proposer_mail_writes_the_slot_and_its_deadline_on_the_convening_clock_through_TimeText()
    {
        // 23:00–00:30 in New York (EST) is 04:00–05:30 UTC the next day; the deadline 16:00 UTC is 12:00 in New York (EDT by then).
        var facts = new ProposalMailFacts(Guid.NewGuid(), "Late session", "Org", "CSW71", "csw71", "UN Women", "America/New_York",
            new DateTimeOffset(2027, 3, 10, 4, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 3, 10, 5, 30, 0, TimeSpan.Zero), "Room 1",
            new DateTimeOffset(2027, 3, 20, 16, 0, 0, TimeSpan.Zero), null);

        var mail = ProposerMailText.Compose("p@example.org", "Pat", facts, ProposerMailKind.SlotOffered, "https://events.example.org/my/proposals");

        Assert.Contains("Tuesday 9 March 2027, 23:00 – Wednesday 10 March 2027, 00:30 (America/New_York), Room 1", mail.TextBody);
        Assert.Contains("by Saturday 20 March 2027, 12:00 (America/New_York)", mail.TextBody);
        Assert.DoesNotMatch(new Regex(@"\b(AM|PM)\b"), mail.TextBody);
    }
}
