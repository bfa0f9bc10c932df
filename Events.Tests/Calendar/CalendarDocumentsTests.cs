using System.Globalization;
using System.Text;
using Events.Server.Calendar;
using Events.Shared.Calendar;
using Events.Shared.Convenings;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using IcalCalendar = Ical.Net.Calendar;
using IcalEvent = Ical.Net.CalendarComponents.CalendarEvent;
using CalendarEvent = Events.Shared.Calendar.CalendarEvent;

namespace Events.Tests.Calendar;

/// <summary>The calendars Ical.Net builds for us, with data built in memory, checked byte by byte and through ical.js.</summary>
public sealed class CalendarDocumentsTests
{
    /// <summary>Every character class that has broken calendar writers: escapes, quotes, all three newlines, a control character, multi-octet scripts and an emoji sequence.</summary>
    public const string Hostile = "Comma, semicolon; backslash \\ colon: quote \" caret ^ CRLF\r\nCR\rLF\nbell\u0007 tab\there 🎉👩🏽‍💻 حقوق المرأة 妇女权利 end";

    private const string NoReply = "no-reply@events.example.org";
    private static readonly DateTimeOffset Updated = new(2027, 2, 1, 12, 30, 15, TimeSpan.Zero);

    /// <summary>Exactly <paramref name="length"/> UTF-16 characters of hostile text, never ending in half a surrogate pair.</summary>
    public static string HostileText(int length)
    {
        var runes = (Hostile + " ").EnumerateRunes().ToArray();
        var text = new StringBuilder();
        for (var i = 0; text.Length + runes[i % runes.Length].Utf16SequenceLength <= length; i++)
            text.Append(runes[i % runes.Length].ToString());
        return text.Append('x', length - text.Length).ToString();
    }

    /// <summary>What a parser gives back for text we were given: newlines as LF, other control characters gone.</summary>
    public static string Normal(string text) =>
        new(text.Replace("\r\n", "\n").Replace('\r', '\n').Where(c => c is '\n' or '\t' || !char.IsControl(c)).ToArray());

    private static CalendarEvent Event(string zone, DateOnly day, TimeOnly start, TimeSpan? length = null, string title = "An event") =>
        Event(zone, ConveningClock.ToUtc(day, start, zone), length, title);

    private static CalendarEvent Event(string zone, DateTimeOffset startUtc, TimeSpan? length = null, string title = "An event") => new()
    {
        Id = Guid.NewGuid(),
        Title = title,
        StartsAtUtc = startUtc,
        EndsAtUtc = startUtc + (length ?? TimeSpan.FromHours(1)),
        TimeZone = zone,
        UpdatedAtUtc = Updated,
        Organiser = "Women's Rights Action Network",
        Sequence = 0,
    };

    /// <summary>The physical lines of the SUMMARY of a one-event calendar titled <paramref name="title"/>, each with its CRLF.</summary>
    private static string SummaryLines(string title)
    {
        var ics = CalendarDocuments.ForPublication("A", [Event("Europe/London", new DateOnly(2027, 6, 1), new TimeOnly(14, 0), title: title)]);
        var lines = ics.Split("\r\n");
        var first = Array.FindIndex(lines, l => l.StartsWith("SUMMARY:", StringComparison.Ordinal));
        var count = 1 + lines.Skip(first + 1).TakeWhile(l => l.StartsWith(' ')).Count();
        return string.Concat(lines.Skip(first).Take(count).Select(l => l + "\r\n"));
    }

    [Fact]
    public void Text_is_escaped_as_RFC_5545_says()
    {
        Assert.Equal("SUMMARY:" + @"a\\b\,c\;d\ne\nf\ng:h""i" + "\r\n", SummaryLines("a\\b,c;d\r\ne\rf\ng:h\"i"));
        Assert.Equal("SUMMARY:bell\r\n", SummaryLines("be\u0007ll\u0000\u0085"));
        var invitation = CalendarDocuments.ForInvitation(Event("Europe/London", new DateOnly(2027, 6, 1), new TimeOnly(14, 0)), NoReply,
            new CalendarAttendee("a@example.org", "Org \"x\" ^ \r\n; a:b, c"), Updated);
        Assert.Contains(";CN=\"Org ^'x^' ^^ ^n; a:b, c\"", IcsAssert.Lines(invitation, "ATTENDEE").Single());
    }

    [Fact]
    public void A_line_of_exactly_75_octets_stays_whole_and_one_more_octet_folds()
    {
        // "SUMMARY:" is 8 octets.
        Assert.Equal("SUMMARY:" + new string('a', 67) + "\r\n", SummaryLines(new string('a', 67)));
        Assert.Equal("SUMMARY:" + new string('a', 67) + "\r\n a\r\n", SummaryLines(new string('a', 68)));
        // A continuation line holds the space and 74 octets.
        Assert.Equal("SUMMARY:" + new string('a', 67) + "\r\n " + new string('a', 74) + "\r\n a\r\n", SummaryLines(new string('a', 67 + 74 + 1)));
    }

    [Theory]
    [InlineData("a")]         // 1 octet
    [InlineData("é")]         // 2 octets
    [InlineData("妇")]        // 3 octets
    [InlineData("🎉")]        // 4 octets (a surrogate pair in .NET)
    [InlineData("حق 🎉a")]    // mixed
    [InlineData("👩🏽‍💻")]   // an emoji sequence of 4 code points
    public void Folding_never_splits_a_character_whatever_the_length(string unit)
    {
        for (var count = 0; count <= 120; count++)
        {
            var text = string.Concat(Enumerable.Repeat(unit, count)) + "x";
            var written = SummaryLines(text);
            var bytes = Encoding.UTF8.GetBytes(written);
            var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
            var physical = written.Split("\r\n")[..^1];
            Assert.EndsWith("\r\n", written);
            foreach (var line in physical)
            {
                var octets = Encoding.UTF8.GetBytes(line);
                Assert.True(octets.Length <= 75, $"{octets.Length} octets");
                Assert.Equal(line, strict.GetString(octets));
            }
            Assert.All(physical.Skip(1), line => Assert.StartsWith(" ", line));
            Assert.Equal("SUMMARY:" + text, IcsAssert.Unfold(written).TrimEnd('\r', '\n'));
            Assert.Equal(bytes.Length, Encoding.UTF8.GetByteCount(written));
        }
    }

    [Fact]
    public void A_lone_surrogate_becomes_U_FFFD_and_the_line_stays_valid_UTF_8()
    {
        var written = SummaryLines("broken \uD83D text \uDC00 end");
        Assert.Equal("SUMMARY:broken \uFFFD text \uFFFD end\r\n", written);
        Assert.Equal(written, new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Encoding.UTF8.GetBytes(written)));
    }

    /// <summary>
    /// What Ical.Net 5.2.4 writes on its own for the faults IcalNetFixes puts right. When one of these starts failing,
    /// Ical.Net has fixed it and the matching fix can go.
    /// </summary>
    [Fact]
    public void Ical_Net_alone_writes_control_characters_drops_quotes_in_parameters_and_splits_emoji_when_folding()
    {
        var calendar = new IcalCalendar();
        calendar.Events.Add(new IcalEvent
        {
            Uid = "fault@events",
            DtStamp = new CalDateTime(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
            Summary = "a\u0007b\u0001c" + string.Concat(Enumerable.Repeat("👩🏽‍💻", 30)),
            Organizer = new Organizer("mailto:" + NoReply) { CommonName = "Amina \"Participant\"" },
        });
        var raw = new CalendarSerializer().SerializeToString(calendar)!;
        Assert.Contains('\u0007', raw);                                              // not allowed in TEXT
        Assert.Contains("CN=Amina Participant:", raw);                               // the quotes are gone
        Assert.Contains(raw.Split("\r\n"), line => line.Length > 0 && char.IsHighSurrogate(line[^1])); // half an emoji per line

        var fixedIcs = IcalNetFixes.Refold(raw);
        Assert.DoesNotContain(fixedIcs.Split("\r\n"), line => line.Length > 0 && char.IsHighSurrogate(line[^1]));
        Assert.Equal(IcsAssert.Unfold(raw), IcsAssert.Unfold(fixedIcs));
        Assert.Equal("bell ", IcalNetFixes.Text("bell\u0007 "));
        Assert.Equal("Amina ^'Participant^'", IcalNetFixes.ParameterValue("Amina \"Participant\""));
    }

    /// <summary>
    /// Ical.Net's own VTIMEZONE turns a zone's recent changes into yearly rules, which Morocco's Ramadan changes do not
    /// follow: ical.js then reads some 2027–2028 times an hour off, even against the tz database Ical.Net itself used.
    /// CalendarTimeZones writes each change instead.
    /// </summary>
    [Fact]
    public async Task Ical_Net_own_time_zone_is_wrong_for_Casablanca_and_ours_is_right()
    {
        const string zone = "Africa/Casablanca";
        var first = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var events = Enumerable.Range(0, 2 * 365 * 24 / 13).Select(i => Event(zone, first.AddHours(13 * i))).ToList();

        var tzdb = NodaTime.DateTimeZoneProviders.Tzdb[zone];
        var theirs = new IcalCalendar();
        theirs.AddTimeZone(VTimeZone.FromDateTimeZone(zone, first.UtcDateTime, includeHistoricalData: true));
        var unambiguous = events.Where(e => tzdb.MapLocal(NodaTime.Instant.FromDateTimeOffset(e.StartsAtUtc).InZone(tzdb).LocalDateTime).Count == 1).ToList();
        foreach (var e in unambiguous)
        {
            var local = NodaTime.Instant.FromDateTimeOffset(e.StartsAtUtc).InZone(tzdb).LocalDateTime.ToDateTimeUnspecified();
            theirs.Events.Add(new IcalEvent { Uid = CalendarDocuments.Uid(e.Id), DtStart = new CalDateTime(local, zone, hasTime: true) });
        }
        var parsedTheirs = await IcsJs.ParseAsync(new CalendarSerializer().SerializeToString(theirs)!);
        var wrong = unambiguous.Count(e => parsedTheirs.Event(e.Id).Dtstart!.Utc is not { } utc
                                           || DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture) != e.StartsAtUtc);
        Assert.True(wrong > 0, $"Ical.Net's VTIMEZONE for Casablanca (tz database {NodaTime.DateTimeZoneProviders.Tzdb.VersionId}) now reads back right: "
                               + "Ical.Net fixed it, or this tz database has no Ramadan changes in 2027–2028.");

        var ours = await IcsJs.ParseAsync(CalendarDocuments.ForPublication(zone, events));
        Assert.All(events, e => Assert.Equal(e.StartsAtUtc, ours.Event(e.Id).Dtstart!.UtcInstant));
    }

    [Fact]
    public async Task Every_text_field_survives_hostile_data_and_1000_character_titles_through_ical_js()
    {
        var title = HostileText(1000);
        Assert.Equal(1000, title.Length);
        var confirmed = Event("America/New_York", new DateOnly(2027, 3, 15), new TimeOnly(9, 0), title: title) with
        {
            Abstract = Hostile + "\n\nSecond paragraph: " + Hostile,
            WebcastUrl = "https://webcast.example.org/live?a=1,2;b=3",
            ChathamHouse = true,
            RoomName = "Room " + Hostile,
            VenueName = "Venue " + Hostile,
            VenueAddress = "405 East 42nd Street, New York; NY\r\n10017",
            Organiser = "Org " + Hostile,
            Themes = ["Climate, justice; now", "Finance \\ tax", Hostile],
            PageUrl = new Uri("https://events.example.org/e/1234"),
            Sequence = 7,
        };
        var cancelled = Event("Europe/London", new DateOnly(2027, 3, 29), new TimeOnly(9, 0), title: Hostile) with
        {
            Cancelled = true,
            CancellationReason = "Reason: " + Hostile,
            Organiser = Hostile,
            Sequence = 3,
        };

        var ics = CalendarDocuments.ForPublication("Calendar " + Hostile, [confirmed, cancelled], NoReply);
        IcsAssert.WellFormed(ics);
        var parsed = await IcsJs.ParseAsync(ics);

        Assert.Equal(("2.0", CalendarDocuments.ProductId, "GREGORIAN", "PUBLISH"), (parsed.Version, parsed.Prodid, parsed.Calscale, parsed.Method));
        Assert.Equal(Normal("Calendar " + Hostile), parsed.Name);
        Assert.Equal(Normal("Calendar " + Hostile), parsed.WrCalname);
        Assert.Null(parsed.WrTimezone); // two zones

        var c = parsed.Event(confirmed.Id);
        Assert.Equal($"{confirmed.Id:D}@events", c.Uid);
        Assert.Equal(Normal(title), c.Summary);
        Assert.Equal(Normal(CalendarDocuments.Description(confirmed)), c.Description);
        Assert.Contains(Normal(Hostile) + "\n\nSecond paragraph: " + Normal(Hostile), c.Description);
        Assert.Contains("Webcast: https://webcast.example.org/live?a=1,2;b=3", c.Description);
        Assert.Contains(CalendarLinks.ChathamHouseNote, c.Description);
        Assert.Contains("Details: https://events.example.org/e/1234", c.Description);
        Assert.Equal(Normal($"Room {Hostile}, Venue {Hostile}, 405 East 42nd Street, New York; NY\r\n10017"), c.Location);
        Assert.Equal(["Climate, justice; now", "Finance \\ tax", Normal(Hostile)], c.Categories);
        Assert.Equal("https://events.example.org/e/1234", c.Url);
        Assert.Equal(7, c.Sequence);
        Assert.Equal("CONFIRMED", c.Status);
        Assert.Equal("mailto:" + NoReply, c.Organizer!.Value);
        Assert.Equal(Normal("Org " + Hostile), c.Organizer.Param("cn"));
        Assert.Empty(c.Attendees);
        Assert.Equal("2027-02-01T12:30:15.000Z", c.Dtstamp!.Utc);
        Assert.Equal("2027-02-01T12:30:15.000Z", c.LastModified!.Utc);

        var x = parsed.Event(cancelled.Id);
        Assert.Equal("CANCELLED", x.Status);
        Assert.Equal("Cancelled: " + Normal(Hostile), x.Summary);
        Assert.StartsWith("This event has been cancelled. Reason: " + Normal(Hostile), x.Description);
        Assert.Equal(Normal(Hostile), x.Organizer!.Param("cn"));
        Assert.Equal(3, x.Sequence);
        Assert.Null(x.Location);
        Assert.Empty(x.Categories);
        Assert.DoesNotContain(CalendarLinks.ChathamHouseNote, x.Description);
    }

    [Fact]
    public async Task Times_cross_daylight_saving_changes_in_New_York_and_London()
    {
        var events = new[]
        {
            Event("America/New_York", new DateOnly(2027, 3, 12), new TimeOnly(9, 0)),  // EST, before the 14 March change
            Event("America/New_York", new DateOnly(2027, 3, 15), new TimeOnly(9, 0)),  // EDT, after it
            Event("America/New_York", new DateOnly(2027, 11, 8), new TimeOnly(9, 0)),  // EST again after 7 November
            Event("Europe/London", new DateOnly(2027, 3, 26), new TimeOnly(9, 0)),     // GMT, before the 28 March change
            Event("Europe/London", new DateOnly(2027, 3, 29), new TimeOnly(9, 0)),     // BST
            Event("Europe/London", new DateOnly(2027, 11, 1), new TimeOnly(9, 0)),     // GMT after 31 October
            // Across the change itself: 01:00–04:00 on 14 March is two hours long in New York.
            Event("America/New_York", new DateOnly(2027, 3, 14), new TimeOnly(1, 0), TimeSpan.FromHours(2)),
        };
        var parsed = await IcsJs.ParseAsync(CalendarDocuments.ForPublication("DST", events));

        string[] expectedUtc =
        [
            "2027-03-12T14:00:00.000Z", "2027-03-15T13:00:00.000Z", "2027-11-08T14:00:00.000Z",
            "2027-03-26T09:00:00.000Z", "2027-03-29T08:00:00.000Z", "2027-11-01T09:00:00.000Z", "2027-03-14T06:00:00.000Z",
        ];
        for (var i = 0; i < events.Length; i++)
        {
            var e = parsed.Event(events[i].Id);
            Assert.Equal(expectedUtc[i], e.Dtstart!.Utc);
            Assert.Equal(events[i].TimeZone, e.Dtstart.Tzid);
            Assert.Equal(events[i].TimeZone, e.Dtstart.Zone); // resolved through our VTIMEZONE, not a built-in
            Assert.Equal(events[i].EndsAtUtc, e.Dtend!.UtcInstant);
        }
        Assert.Equal("2027-03-15T09:00:00", parsed.Event(events[1].Id).Dtstart!.Local);
        Assert.Equal("2027-03-14T04:00:00", parsed.Event(events[6].Id).Dtend!.Local);

        var newYork = parsed.Timezones.Single(z => z.Tzid == "America/New_York");
        Assert.Equal(
        [
            new ParsedObservance("standard", "2026-11-01T02:00:00", "-0400", "-0500"),
            new ParsedObservance("daylight", "2027-03-14T02:00:00", "-0500", "-0400"),
            new ParsedObservance("standard", "2027-11-07T02:00:00", "-0400", "-0500"),
        ], newYork.Observances.OrderBy(o => o.Dtstart));
        var london = parsed.Timezones.Single(z => z.Tzid == "Europe/London");
        Assert.Equal(
        [
            new ParsedObservance("standard", "2026-10-25T02:00:00", "+0100", "+0000"),
            new ParsedObservance("daylight", "2027-03-28T01:00:00", "+0000", "+0100"),
            new ParsedObservance("standard", "2027-10-31T02:00:00", "+0100", "+0000"),
        ], london.Observances.OrderBy(o => o.Dtstart));
    }

    [Fact]
    public async Task Times_in_the_repeated_autumn_hour_are_written_in_UTC_and_read_back_exactly()
    {
        // 01:30 happens twice on 7 November 2027 in New York (EDT, then EST) and on 31 October 2027 in London.
        var events = new[]
        {
            Event("America/New_York", new DateTimeOffset(2027, 11, 7, 5, 30, 0, TimeSpan.Zero), TimeSpan.FromHours(1)),
            Event("America/New_York", new DateTimeOffset(2027, 11, 7, 4, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(3)),
            Event("Europe/London", new DateTimeOffset(2027, 10, 31, 0, 30, 0, TimeSpan.Zero), TimeSpan.FromHours(1)),
        };
        var ics = CalendarDocuments.ForPublication("Autumn", events);
        var parsed = await IcsJs.ParseAsync(ics);

        foreach (var e in events)
        {
            Assert.Equal(e.StartsAtUtc, parsed.Event(e.Id).Dtstart!.UtcInstant);
            Assert.Equal(e.EndsAtUtc, parsed.Event(e.Id).Dtend!.UtcInstant);
        }
        Assert.Contains("DTSTART:20271107T053000Z", IcsAssert.Lines(ics, "DTSTART"));
        Assert.Contains("DTEND:20271107T063000Z", IcsAssert.Lines(ics, "DTEND"));
        Assert.Contains("DTSTART;TZID=America/New_York:20271107T000000", IcsAssert.Lines(ics, "DTSTART"));
        Assert.Contains("DTSTART:20271031T003000Z", IcsAssert.Lines(ics, "DTSTART"));
    }

    [Theory]
    [InlineData("America/New_York")]
    [InlineData("Europe/London")]
    [InlineData("Europe/Zurich")]       // Geneva
    [InlineData("Australia/Sydney")]    // daylight saving across the new year
    [InlineData("America/Sao_Paulo")]   // no daylight saving since 2019
    [InlineData("Asia/Kolkata")]        // +05:30
    [InlineData("Asia/Kathmandu")]      // +05:45
    [InlineData("Pacific/Chatham")]     // +12:45 / +13:45
    [InlineData("America/St_Johns")]    // -03:30 / -02:30
    [InlineData("Africa/Casablanca")]   // suspends its offset during Ramadan
    [InlineData("Asia/Tokyo")]
    [InlineData("UTC")]
    public async Task Every_hour_of_two_years_reads_back_as_the_same_instant(string zone)
    {
        // An event starting every 13 hours from January 2027 to the end of 2028: every hour of the day, in every period
        // between two changes.
        var first = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var events = Enumerable.Range(0, 2 * 365 * 24 / 13).Select(i => Event(zone, first.AddHours(13 * i), TimeSpan.FromMinutes(90))).ToList();
        var ics = CalendarDocuments.ForPublication(zone, events);
        IcsAssert.WellFormed(ics);
        var parsed = await IcsJs.ParseAsync(ics);

        Assert.Equal(zone, parsed.WrTimezone);
        Assert.Equal(zone, parsed.Timezones.Single().Tzid);
        var byUid = parsed.Events.ToDictionary(e => e.Uid!);
        foreach (var e in events)
        {
            var p = byUid[CalendarDocuments.Uid(e.Id)];
            Assert.Equal(e.StartsAtUtc, p.Dtstart!.UtcInstant);
            Assert.Equal(e.EndsAtUtc, p.Dtend!.UtcInstant);
            if (p.Dtstart.Tzid is not null)
            {
                var local = TimeZoneInfo.ConvertTime(e.StartsAtUtc, TimeZoneInfo.FindSystemTimeZoneById(zone));
                Assert.Equal(local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), p.Dtstart.Local);
            }
        }
    }

    [Fact]
    public async Task Invitations_are_REQUEST_or_CANCEL_with_organiser_and_the_one_attendee()
    {
        var e = Event("America/New_York", new DateOnly(2027, 3, 15), new TimeOnly(9, 0), title: "Invited; event") with { Sequence = 2 };
        var now = new DateTimeOffset(2027, 3, 1, 8, 0, 0, TimeSpan.Zero);
        var attendee = new CalendarAttendee("amina.participant@example.org", "Amina \"Participant\", Esq.");

        var request = CalendarDocuments.ForInvitation(e, NoReply, attendee, now);
        IcsAssert.WellFormed(request);
        var r = await IcsJs.ParseAsync(request);
        Assert.Equal("REQUEST", r.Method);
        var re = r.Event(e.Id);
        Assert.Equal(("CONFIRMED", 2, "Invited; event"), (re.Status, re.Sequence, re.Summary));
        Assert.Equal("2027-03-01T08:00:00.000Z", re.Dtstamp!.Utc);
        Assert.Equal("mailto:" + NoReply, re.Organizer!.Value);
        Assert.Equal("mailto:amina.participant@example.org", re.Attendees.Single().Value);
        Assert.Equal("Amina \"Participant\", Esq.", re.Attendees.Single().Param("cn"));
        Assert.Equal("FALSE", re.Attendees.Single().Param("rsvp"));

        var cancel = await IcsJs.ParseAsync(CalendarDocuments.ForInvitation(e, NoReply, attendee, now, InvitationMethod.Cancel));
        Assert.Equal("CANCEL", cancel.Method);
        Assert.Equal("CANCELLED", cancel.Event(e.Id).Status);
        Assert.Equal(re.Uid, cancel.Event(e.Id).Uid);

        // A cancelled event gets CANCEL without being asked.
        var cancelledEvent = await IcsJs.ParseAsync(CalendarDocuments.ForInvitation(e with { Cancelled = true, Sequence = 3 }, NoReply, attendee, now));
        Assert.Equal(("CANCEL", "CANCELLED", 3), (cancelledEvent.Method, cancelledEvent.Event(e.Id).Status, cancelledEvent.Event(e.Id).Sequence));
    }

    [Fact]
    public void Published_calendars_are_the_same_bytes_for_the_same_data_and_need_an_address_for_ORGANIZER()
    {
        var e = Event("Europe/London", new DateOnly(2027, 6, 1), new TimeOnly(14, 0));
        Assert.Equal(CalendarDocuments.ForPublication("A", [e], NoReply), CalendarDocuments.ForPublication("A", [e], NoReply));
        Assert.Contains("DTSTAMP:20270201T123015Z", IcsAssert.Lines(CalendarDocuments.ForPublication("A", [e]), "DTSTAMP"));
        Assert.Empty(IcsAssert.Lines(CalendarDocuments.ForPublication("A", [e]), "ORGANIZER"));
        Assert.Equal($"ORGANIZER;CN=Women's Rights Action Network:mailto:{NoReply}", IcsAssert.Lines(CalendarDocuments.ForPublication("A", [e], NoReply), "ORGANIZER").Single());
        Assert.Empty(IcsAssert.Lines(CalendarDocuments.ForPublication("A", [e], NoReply), "ATTENDEE"));
    }

    [Fact]
    public async Task An_empty_calendar_is_still_a_valid_calendar()
    {
        var ics = CalendarDocuments.ForPublication("Nothing yet", []);
        IcsAssert.WellFormed(ics);
        var parsed = await IcsJs.ParseAsync(ics);
        Assert.Empty(parsed.Events);
        Assert.Empty(parsed.Timezones);
    }
}
