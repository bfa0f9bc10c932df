namespace Events.Shared.Calendar;

/// <summary>How an invitation mail's calendar asks the recipient's calendar to act (RFC 5546, iTIP).</summary>
public enum InvitationMethod
{
    /// <summary>Add or update the event.</summary>
    Request,
    /// <summary>Remove the event (it was cancelled, or the recipient is no longer registered).</summary>
    Cancel,
}

/// <summary>
/// Whole iCalendar objects: published calendars (downloads and subscription feeds, METHOD:PUBLISH) and e-mailed
/// invitations (METHOD:REQUEST or CANCEL).
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
public static class IcsDocument
{
    public const string ProductId = "-//Events//Events calendar 1.0//EN";

    public const string ChathamHouseNote =
        "This event is held under the Chatham House Rule: participants are free to use the information received, but " +
        "neither the identity nor the affiliation of the speaker(s), nor that of any other participant, may be revealed.";

    /// <summary>
    /// A calendar to download or subscribe to (METHOD:PUBLISH): one event, a programme, or a participant's own feed.
    /// Events may come from convenings in different zones; each zone gets its VTIMEZONE.
    /// </summary>
    /// <param name="calendarName">Shown by calendar apps as the subscribed calendar's name.</param>
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
        var writer = new IcsWriter();
        writer.Begin("VCALENDAR")
            .Property("VERSION", "2.0")
            .Property("PRODID", ProductId)
            .Property("CALSCALE", "GREGORIAN")
            .Property("METHOD", "PUBLISH")
            .Text("NAME", calendarName)
            .Text("X-WR-CALNAME", calendarName);
        var zones = list.Select(e => e.TimeZone).Distinct().ToList();
        if (zones.Count == 1) writer.Text("X-WR-TIMEZONE", zones[0]);
        if (refreshInterval is { } interval)
        {
            var duration = Duration(interval);
            writer.Property("REFRESH-INTERVAL", ";VALUE=DURATION", duration).Property("X-PUBLISHED-TTL", duration);
        }
        WriteTimeZones(writer, list);
        foreach (var e in list)
            WriteEvent(writer, e, stampedAt: e.UpdatedAtUtc, organiserEmail, attendee: null, cancelled: e.Cancelled);
        return writer.End("VCALENDAR").ToString();
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
        var writer = new IcsWriter();
        writer.Begin("VCALENDAR")
            .Property("VERSION", "2.0")
            .Property("PRODID", ProductId)
            .Property("CALSCALE", "GREGORIAN")
            .Property("METHOD", m == InvitationMethod.Cancel ? "CANCEL" : "REQUEST");
        WriteTimeZones(writer, [e]);
        WriteEvent(writer, e, stampedAt: now, organiserEmail, attendee, cancelled: e.Cancelled || m == InvitationMethod.Cancel);
        return writer.End("VCALENDAR").ToString();
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
        if (SafeWebUrl(e.WebcastUrl) is { } webcast) parts.Add($"Webcast: {webcast}");
        parts.Add($"Organised by {e.Organiser.Trim()}.");
        if (e.ChathamHouse) parts.Add(ChathamHouseNote);
        if (e.PageUrl is { } page) parts.Add($"Details: {page.AbsoluteUri}");
        return string.Join("\n\n", parts);
    }

    /// <summary>The title, marked when cancelled: some calendars ignore STATUS:CANCELLED and would otherwise show it as on.</summary>
    public static string Summary(CalendarEvent e) => e.Cancelled ? $"Cancelled: {e.Title}" : e.Title;

    /// <summary>An absolute http(s) address, or null: the only kind of link a calendar gets from organiser-typed data.</summary>
    public static string? SafeWebUrl(string? url) =>
        !string.IsNullOrWhiteSpace(url) && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && !string.IsNullOrEmpty(uri.Host)
            ? uri.AbsoluteUri
            : null;

    private static void WriteTimeZones(IcsWriter writer, IReadOnlyList<CalendarEvent> events)
    {
        foreach (var zoneEvents in events.GroupBy(e => e.TimeZone))
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneEvents.Key);
            var years = zoneEvents.SelectMany(e => new[] { e.StartsAtUtc, e.EndsAtUtc }).Select(t => TimeZoneInfo.ConvertTime(t, zone).Year).ToList();
            IcsTimeZones.Write(writer, zoneEvents.Key, zone, years.Min(), years.Max());
        }
    }

    private static void WriteEvent(IcsWriter w, CalendarEvent e, DateTimeOffset stampedAt, string? organiserEmail, CalendarAttendee? attendee,
        bool cancelled)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(e.TimeZone);
        w.Begin("VEVENT")
            .Property("UID", Uid(e.Id))
            .Property("DTSTAMP", IcsWriter.UtcDateTime(stampedAt))
            .Property("LAST-MODIFIED", IcsWriter.UtcDateTime(e.UpdatedAtUtc));
        WriteTime(w, "DTSTART", e.StartsAtUtc, e.TimeZone, zone);
        WriteTime(w, "DTEND", e.EndsAtUtc, e.TimeZone, zone);
        w.Property("SEQUENCE", e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Property("STATUS", cancelled ? "CANCELLED" : "CONFIRMED")
            .Text("SUMMARY", Summary(e with { Cancelled = cancelled }))
            .Text("DESCRIPTION", Description(e with { Cancelled = cancelled }))
            .Text("LOCATION", e.Location);
        var themes = e.Themes.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => IcsWriter.EscapeText(t.Trim())).ToList();
        if (themes.Count > 0) w.Property("CATEGORIES", string.Join(",", themes));
        if (e.PageUrl is { } page) w.Property("URL", ";VALUE=URI", page.AbsoluteUri);
        if (!string.IsNullOrWhiteSpace(organiserEmail))
            w.Property("ORGANIZER", ";CN=" + IcsWriter.QuoteParameter(e.Organiser.Trim()), MailTo(organiserEmail));
        if (attendee is not null)
        {
            // RSVP=FALSE: the recipient registered already; the mail informs, it does not ask for an answer.
            var name = string.IsNullOrWhiteSpace(attendee.Name) ? "" : ";CN=" + IcsWriter.QuoteParameter(attendee.Name.Trim());
            w.Property("ATTENDEE", $"{name};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE", MailTo(attendee.Email));
        }
        w.Property("TRANSP", "OPAQUE").End("VEVENT");
    }

    private static void WriteTime(IcsWriter w, string name, DateTimeOffset utc, string tzid, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        // A wall-clock time in the repeated hour of an autumn change means its first occurrence by RFC 5545 §3.3.5,
        // but parsers disagree (ical.js and libical take the standard-time one), so such a time is written in UTC.
        if (OccursTwice(zone, utc, local))
            w.Property(name, IcsWriter.UtcDateTime(utc));
        else
            w.Property(name, ";TZID=" + TzidParameter(tzid), IcsWriter.LocalDateTime(local.DateTime));
    }

    /// <summary>
    /// Whether the wall-clock time of <paramref name="utc"/> also names another instant: it does when an offset in force
    /// within a day of it maps the same wall-clock time to an instant that really has that offset. Worked out from the
    /// offsets rather than TimeZoneInfo.IsAmbiguousTime, which misses some changes (Morocco's Ramadan hour on Linux).
    /// </summary>
    private static bool OccursTwice(TimeZoneInfo zone, DateTimeOffset utc, DateTimeOffset local)
    {
        foreach (var offset in new[] { zone.GetUtcOffset(utc.AddDays(-1)), zone.GetUtcOffset(utc.AddDays(1)) })
        {
            if (offset == local.Offset) continue;
            var other = new DateTimeOffset(local.DateTime - offset, TimeSpan.Zero);
            if (zone.GetUtcOffset(other) == offset) return true;
        }
        return false;
    }

    // IANA names are letters, digits, '/', '_', '+' and '-', none of which need quoting; quote anything else.
    private static string TzidParameter(string tzid) =>
        tzid.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '+' or '-') ? tzid : IcsWriter.QuoteParameter(tzid);

    // A mailto URI: the address is percent-encoded where a URI needs it, so a stray ':' or ';' cannot break the line.
    private static string MailTo(string email) => "mailto:" + Uri.EscapeDataString(email.Trim()).Replace("%40", "@");

    // RFC 5545 DURATION for whole hours, minutes or seconds: PT1H, PT30M, PT90S.
    private static string Duration(TimeSpan interval) =>
        interval.TotalSeconds % 3600 == 0 ? $"PT{(long)interval.TotalHours}H"
        : interval.TotalSeconds % 60 == 0 ? $"PT{(long)interval.TotalMinutes}M"
        : $"PT{(long)interval.TotalSeconds}S";
}
