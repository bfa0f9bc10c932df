using Events.Shared.Calendar;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using IcalCalendar = Ical.Net.Calendar;
using IcalEvent = Ical.Net.CalendarComponents.CalendarEvent;
using IcalProperty = Ical.Net.CalendarProperty;

namespace Events.Server.Calendar;

/// <summary>
/// Whole iCalendar objects, built with Ical.Net: published calendars (downloads and subscription feeds, METHOD:PUBLISH)
/// and e-mailed invitations (METHOD:REQUEST or CANCEL). What Ical.Net gets wrong is put right in
/// <see cref="IcalNetFixes"/> and <see cref="CalendarTimeZones"/>.
/// <para>
/// Choices, and why:
/// UID is "{side event id}@events". The id is a random UUID, globally unique on its own; the suffix is fixed rather
/// than the request's host so that a download, a subscription, a personal feed and an invitation mail all carry the
/// same UID whatever address they were fetched from, and a calendar updates one event instead of showing two.
/// Times are written in the convening's own zone (TZID plus a VTIMEZONE), so that calendars show "09:00 New York"
/// as the programme does and keep it right across daylight-saving changes; a time that falls in the repeated hour
/// of an autumn change is written in UTC instead, because calendars disagree on which of the two it would mean.
/// DTSTAMP of a published calendar is the event's last update, so the same data always gives the same bytes (and
/// the same ETag); invitations are stamped with the time they are sent.
/// </para>
/// </summary>
public static class CalendarDocuments
{
    public const string ProductId = "-//Events//Events calendar 1.0//EN";

    /// <summary>
    /// A calendar to download or subscribe to (METHOD:PUBLISH): one event, a programme, or a participant's own feed.
    /// Events may come from convenings in different zones; each zone gets its VTIMEZONE.
    /// </summary>
    /// <param name="calendarName">Shown by calendar apps as the subscribed calendar's name (NAME, X-WR-CALNAME).</param>
    /// <param name="organiserEmail">
    /// The no-reply address for ORGANIZER, whose common name (CN) is the proposing organisation. iTIP's PUBLISH
    /// (RFC 5546 §3.2.1) expects an ORGANIZER, and its value must be a calendar address, a mailto: URI (RFC 5545
    /// §3.8.4.3): a CN alone is not allowed. So without an address the property is left out rather than written with
    /// a made-up one.
    /// </param>
    /// <param name="refreshInterval">How often subscribers should poll (REFRESH-INTERVAL, X-PUBLISHED-TTL); null for none.</param>
    public static string ForPublication(string calendarName, IEnumerable<CalendarEvent> events, string? organiserEmail = null,
        TimeSpan? refreshInterval = null)
    {
        var list = events.ToList();
        var calendar = NewCalendar("PUBLISH");
        calendar.AddProperty("NAME", IcalNetFixes.Text(calendarName));
        calendar.AddProperty("X-WR-CALNAME", IcalNetFixes.Text(calendarName));
        var zones = list.Select(e => e.TimeZone).Distinct().ToList();
        if (zones.Count == 1) calendar.AddProperty("X-WR-TIMEZONE", zones[0]);
        if (refreshInterval is { } interval)
        {
            var duration = Duration.FromTimeSpanExact(interval).ToString() ?? throw new InvalidOperationException("No duration.");
            var refresh = new IcalProperty("REFRESH-INTERVAL", duration);
            refresh.AddParameter("VALUE", "DURATION");
            calendar.AddProperty(refresh);
            calendar.AddProperty("X-PUBLISHED-TTL", duration);
        }
        AddTimeZones(calendar, list);
        foreach (var e in list)
            calendar.Events.Add(Event(e, stampedAt: e.UpdatedAtUtc, organiserEmail, attendee: null, cancelled: e.Cancelled));
        return Serialize(calendar);
    }

    /// <summary>
    /// The calendar attached to an invitation mail to one recipient. iTIP wants an ORGANIZER and the ATTENDEE on
    /// REQUEST and CANCEL, so both are required here; the attendee is the mail's own recipient, so nothing private
    /// about anyone else is written. <paramref name="method"/> defaults to CANCEL for a cancelled event, else REQUEST.
    /// </summary>
    public static string ForInvitation(CalendarEvent e, string organiserEmail, CalendarAttendee attendee, DateTimeOffset now,
        InvitationMethod? method = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organiserEmail);
        ArgumentException.ThrowIfNullOrWhiteSpace(attendee.Email);
        var m = method ?? (e.Cancelled ? InvitationMethod.Cancel : InvitationMethod.Request);
        var calendar = NewCalendar(m == InvitationMethod.Cancel ? "CANCEL" : "REQUEST");
        AddTimeZones(calendar, [e]);
        calendar.Events.Add(Event(e, stampedAt: now, organiserEmail, attendee, cancelled: e.Cancelled || m == InvitationMethod.Cancel));
        return Serialize(calendar);
    }

    /// <summary>The UID every calendar object of this side event carries.</summary>
    public static string Uid(Guid sideEventId) => $"{sideEventId:D}@events";

    /// <summary>The DESCRIPTION text: cancellation notice, abstract, webcast, organiser, Chatham House note, page link.</summary>
    public static string Description(CalendarEvent e)
    {
        var parts = new List<string>();
        if (e.Cancelled)
            parts.Add(string.IsNullOrWhiteSpace(e.CancellationReason) ? "This event has been cancelled." : $"This event has been cancelled. {e.CancellationReason.Trim()}");
        if (!string.IsNullOrWhiteSpace(e.Abstract)) parts.Add(e.Abstract.Trim());
        if (CalendarLinks.SafeWebUrl(e.WebcastUrl) is { } webcast) parts.Add($"Webcast: {webcast}");
        parts.Add($"Organised by {e.Organiser.Trim()}.");
        if (e.ChathamHouse) parts.Add(CalendarLinks.ChathamHouseNote);
        if (e.PageUrl is { } page) parts.Add($"Details: {page.AbsoluteUri}");
        return string.Join("\n\n", parts);
    }

    /// <summary>The title, marked when cancelled: some calendars ignore STATUS:CANCELLED and would otherwise show it as on.</summary>
    public static string Summary(CalendarEvent e) => e.Cancelled ? $"Cancelled: {e.Title}" : e.Title;

    private static IcalCalendar NewCalendar(string method) =>
        new() { ProductId = ProductId, Version = "2.0", Scale = "GREGORIAN", Method = method };

    private static string Serialize(IcalCalendar calendar) =>
        IcalNetFixes.Refold(new CalendarSerializer().SerializeToString(calendar)
                            ?? throw new InvalidOperationException("Ical.Net wrote nothing."));

    private static void AddTimeZones(IcalCalendar calendar, IReadOnlyList<CalendarEvent> events)
    {
        foreach (var zoneEvents in events.GroupBy(e => e.TimeZone))
        {
            var instants = zoneEvents.SelectMany(e => new[] { e.StartsAtUtc, e.EndsAtUtc }).ToList();
            calendar.AddTimeZone(CalendarTimeZones.For(zoneEvents.Key, instants.Min(), instants.Max()));
        }
    }

    private static IcalEvent Event(CalendarEvent e, DateTimeOffset stampedAt, string? organiserEmail, CalendarAttendee? attendee, bool cancelled)
    {
        var shown = e with { Cancelled = cancelled };
        var calendarEvent = new IcalEvent
        {
            Uid = Uid(e.Id),
            DtStamp = Utc(stampedAt),
            LastModified = Utc(e.UpdatedAtUtc),
            DtStart = CalendarTimeZones.Time(e.StartsAtUtc, e.TimeZone),
            DtEnd = CalendarTimeZones.Time(e.EndsAtUtc, e.TimeZone),
            Sequence = e.Sequence,
            Status = cancelled ? "CANCELLED" : "CONFIRMED",
            Summary = IcalNetFixes.Text(Summary(shown)),
            Description = IcalNetFixes.Text(Description(shown)),
            Transparency = "OPAQUE",
        };
        if (e.Location is { } location) calendarEvent.Location = IcalNetFixes.Text(location);
        var themes = e.Themes.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => IcalNetFixes.Text(t.Trim())).ToList();
        if (themes.Count > 0) calendarEvent.Categories = themes;
        if (e.PageUrl is { } page) calendarEvent.Url = page;
        if (!string.IsNullOrWhiteSpace(organiserEmail))
            calendarEvent.Organizer = new Organizer(MailTo(organiserEmail)) { CommonName = IcalNetFixes.ParameterValue(e.Organiser.Trim()) };
        if (attendee is not null)
        {
            // RSVP=FALSE: the recipient registered already; the mail informs, it does not ask for an answer.
            var person = new Attendee(MailTo(attendee.Email)) { Role = "REQ-PARTICIPANT", ParticipationStatus = "ACCEPTED", Rsvp = false };
            if (!string.IsNullOrWhiteSpace(attendee.Name)) person.CommonName = IcalNetFixes.ParameterValue(attendee.Name.Trim());
            calendarEvent.Attendees.Add(person);
        }
        return calendarEvent;
    }

    private static CalDateTime Utc(DateTimeOffset instant) => new(instant.UtcDateTime, hasTime: true);

    // A mailto URI: the address is percent-encoded where a URI needs it, so a stray ':' or ';' cannot break the line.
    private static string MailTo(string email) =>
        "mailto:" + Uri.EscapeDataString(email.Trim()).Replace("%40", "@", StringComparison.Ordinal);
}
