using Events.Shared.Calendar;
using Events.Shared.Convenings;
using Microsoft.AspNetCore.WebUtilities;

namespace Events.Tests.Calendar;

public sealed class CalendarLinksTests
{
    private static readonly DateTimeOffset Start = new(2027, 3, 15, 13, 0, 0, TimeSpan.Zero); // 09:00 in New York
    private static readonly DateTimeOffset End = Start.AddMinutes(90);

    private static Dictionary<string, string> Query(string link)
    {
        var uri = new Uri(link);
        return QueryHelpers.ParseQuery(uri.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    [Fact]
    public void The_Google_link_carries_UTC_times_and_every_field_intact()
    {
        var link = CalendarLinks.Google(CalendarDocumentsTests.Hostile, Start, End, "Details & more?\nLine two #1", "Room 1, UNHQ; NY", "America/New_York");

        Assert.StartsWith("https://calendar.google.com/calendar/render?action=TEMPLATE&", link);
        var q = Query(link);
        Assert.Equal("TEMPLATE", q["action"]);
        Assert.Equal(CalendarDocumentsTests.Hostile, q["text"]);
        Assert.Equal("20270315T130000Z/20270315T143000Z", q["dates"]);
        Assert.Equal("Details & more?\nLine two #1", q["details"]);
        Assert.Equal("Room 1, UNHQ; NY", q["location"]);
        Assert.Equal("America/New_York", q["ctz"]);
    }

    [Fact]
    public void The_Outlook_links_carry_ISO_UTC_times_and_every_field_intact()
    {
        var personal = CalendarLinks.Outlook("Title & co", Start, End, "Body", "Room 1");
        Assert.StartsWith("https://outlook.live.com/calendar/0/deeplink/compose?", personal);
        var q = Query(personal);
        Assert.Equal(("Title & co", "2027-03-15T13:00:00Z", "2027-03-15T14:30:00Z", "Body", "Room 1"),
            (q["subject"], q["startdt"], q["enddt"], q["body"], q["location"]));
        Assert.StartsWith("https://outlook.office.com/calendar/0/deeplink/compose?", CalendarLinks.Outlook("T", Start, End, null, null, work: true));
        Assert.False(Query(CalendarLinks.Outlook("T", Start, End, null, null)).ContainsKey("body"));
    }

    [Fact]
    public void Long_details_are_shortened_without_splitting_an_emoji_and_links_come_first()
    {
        var details = CalendarLinks.LinkDetails(new Uri("https://events.example.org/e/1"), "https://webcast.example.org/x", true, new string('a', 995) + "🎉🎉🎉");
        Assert.StartsWith("Details: https://events.example.org/e/1\nWebcast: https://webcast.example.org/x\n\nThis event is held under the Chatham House Rule", details);

        var abstractOnly = new string('a', CalendarLinks.MaxDetailsLength - 2) + "🎉🎉";
        var q = Query(CalendarLinks.Google("T", Start, End, abstractOnly, null));
        Assert.True(q["details"].Length <= CalendarLinks.MaxDetailsLength);
        Assert.EndsWith("a…", q["details"]);
        Assert.DoesNotContain("javascript", CalendarLinks.LinkDetails(null, "javascript:alert(1)", false, null));
    }

    [Fact]
    public void Feed_addresses_keep_the_programme_filters_and_read_back_the_same()
    {
        var room = Guid.NewGuid();
        var filter = new ProgrammeFilter(new DateOnly(2027, 3, 15), "Climate & justice", "hybrid", room, "Women's Rights; Action #1", "100% a_b\\c");
        var path = CalendarLinks.ProgrammeFeedPath("csw71", filter);

        Assert.StartsWith("/c/csw71/calendar.ics?day=2027-03-15&theme=Climate%20%26%20justice&format=hybrid&room=", path);
        var q = QueryHelpers.ParseQuery(new Uri(new Uri("https://x.example"), path).Query);
        Assert.Equal(filter, CalendarLinks.ParseProgrammeFilter(name => q.TryGetValue(name, out var v) ? v.ToString() : null));
        Assert.Equal("/c/csw71/calendar.ics", CalendarLinks.ProgrammeFeedPath("csw71", ProgrammeFilter.None));
        Assert.Equal(ProgrammeFilter.None, CalendarLinks.ParseProgrammeFilter(name => name == "day" ? "not-a-day" : name == "room" ? "x" : "  "));
    }

    [Fact]
    public void Subscription_links_use_webcal_and_the_calendar_sites()
    {
        var feed = new Uri("https://events.example.org/c/csw71/calendar.ics?theme=Climate%20%26%20justice");
        Assert.Equal("webcal://events.example.org/c/csw71/calendar.ics?theme=Climate%20%26%20justice", CalendarLinks.Webcal(feed));
        Assert.Equal("webcal://localhost:5199/c/x/calendar.ics", CalendarLinks.Webcal(new Uri("http://localhost:5199/c/x/calendar.ics")));
        Assert.Equal(CalendarLinks.Webcal(feed), Query(CalendarLinks.GoogleSubscribe(feed))["cid"]);
        var outlook = Query(CalendarLinks.OutlookSubscribe(feed, "CSW71, side events"));
        Assert.Equal((feed.AbsoluteUri, "CSW71, side events"), (outlook["url"], outlook["name"]));
    }

    [Fact]
    public void Markdown_becomes_plain_text_with_safe_link_addresses_and_literal_HTML()
    {
        var text = CalendarText.FromMarkdown(
            "# Heading\n\nHello **bold** <script>alert(1)</script> [site](https://example.org/a) [bad](javascript:alert(2)) " +
            "![pixel](https://tracker.example.org/p.png)\n\n- one\n- two\n\n3. three\n4. four");

        Assert.Equal(
            "Heading\n\nHello bold <script>alert(1)</script> site (https://example.org/a) bad pixel\n\n• one\n• two\n\n3. three\n4. four",
            text);
        Assert.Equal("", CalendarText.FromMarkdown("  "));
    }
}
