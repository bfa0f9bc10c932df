using System.Globalization;
using Events.Shared.Convenings;

namespace Events.Shared.Calendar;

/// <summary>
/// Addresses of the calendar downloads and feeds, and "add to calendar" links for Google Calendar and Outlook.
/// Google and Outlook get UTC times, so the link is right whatever zone the person's calendar is set to.
/// </summary>
public static class CalendarLinks
{
    // Long texts make links that browsers and the calendar sites refuse; the event page has the rest.
    public const int MaxDetailsLength = 1000;

    /// <summary>Said wherever an event under the Chatham House Rule is described: calendars, links, pages.</summary>
    public const string ChathamHouseNote =
        "This event is held under the Chatham House Rule: participants are free to use the information received, but " +
        "neither the identity nor the affiliation of the speaker(s), nor that of any other participant, may be revealed.";

    /// <summary>An absolute http(s) address, or null: the only kind of link a calendar gets from organiser-typed data.</summary>
    public static string? SafeWebUrl(string? url) =>
        !string.IsNullOrWhiteSpace(url) && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && !string.IsNullOrEmpty(uri.Host)
            ? uri.AbsoluteUri
            : null;

    public static string EventFilePath(Guid sideEventId) => $"/e/{sideEventId:D}/event.ics";

    /// <summary>The programme feed with the same query-string filters as the programme page (day, theme, format, room, org, q).</summary>
    public static string ProgrammeFeedPath(string slug, ProgrammeFilter filter)
    {
        var query = new List<string>();
        if (filter.Day is { } d) query.Add("day=" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("theme", filter.Theme);
        Add("format", filter.Format);
        if (filter.RoomId is { } r) query.Add("room=" + r.ToString("D"));
        Add("org", filter.Organisation);
        Add("q", filter.Query);
        var path = $"/c/{Uri.EscapeDataString(slug)}/calendar.ics";
        return query.Count == 0 ? path : path + "?" + string.Join("&", query);

        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) query.Add(name + "=" + Uri.EscapeDataString(value.Trim()));
        }
    }

    /// <summary>Reads the programme filters from a query string the way the programme page does; unreadable values are ignored.</summary>
    public static ProgrammeFilter ParseProgrammeFilter(Func<string, string?> query)
    {
        static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        return new ProgrammeFilter(
            DateOnly.TryParseExact(query("day"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null,
            Blank(query("theme")),
            Blank(query("format")),
            Guid.TryParse(query("room"), out var room) ? room : null,
            Blank(query("org")),
            Blank(query("q")) is { } q ? q[..Math.Min(q.Length, 200)] : null);
    }

    /// <summary>The webcal:// form of a feed's http(s) address: calendar apps open it as a subscription.</summary>
    public static string Webcal(Uri feed) => "webcal://" + feed.Authority + feed.PathAndQuery;

    /// <summary>Google Calendar's "create event" page, filled in.</summary>
    public static string Google(string title, DateTimeOffset startsAtUtc, DateTimeOffset endsAtUtc, string? details, string? location,
        string? timeZone = null)
    {
        var link = "https://calendar.google.com/calendar/render?action=TEMPLATE"
                   + "&text=" + Uri.EscapeDataString(title)
                   + "&dates=" + GoogleTime(startsAtUtc) + "/" + GoogleTime(endsAtUtc);
        if (Shorten(details) is { } d) link += "&details=" + Uri.EscapeDataString(d);
        if (!string.IsNullOrWhiteSpace(location)) link += "&location=" + Uri.EscapeDataString(location.Trim());
        // ctz only chooses the zone Google shows the times in; the times themselves are UTC.
        if (!string.IsNullOrWhiteSpace(timeZone)) link += "&ctz=" + Uri.EscapeDataString(timeZone);
        return link;
    }

    /// <summary>Outlook on the web's "new event" page, filled in (outlook.live.com for personal accounts, outlook.office.com for work ones).</summary>
    public static string Outlook(string title, DateTimeOffset startsAtUtc, DateTimeOffset endsAtUtc, string? details, string? location,
        bool work = false)
    {
        var link = $"https://{(work ? "outlook.office.com" : "outlook.live.com")}/calendar/0/deeplink/compose?path=%2Fcalendar%2Faction%2Fcompose&rru=addevent"
                   + "&subject=" + Uri.EscapeDataString(title)
                   + "&startdt=" + Uri.EscapeDataString(IsoUtc(startsAtUtc))
                   + "&enddt=" + Uri.EscapeDataString(IsoUtc(endsAtUtc));
        if (Shorten(details) is { } d) link += "&body=" + Uri.EscapeDataString(d);
        if (!string.IsNullOrWhiteSpace(location)) link += "&location=" + Uri.EscapeDataString(location.Trim());
        return link;
    }

    /// <summary>Subscribes Google Calendar to a feed (it fetches the feed itself, from Google's servers).</summary>
    public static string GoogleSubscribe(Uri feed) => "https://calendar.google.com/calendar/render?cid=" + Uri.EscapeDataString(Webcal(feed));

    /// <summary>Subscribes Outlook on the web to a feed.</summary>
    public static string OutlookSubscribe(Uri feed, string name) =>
        "https://outlook.live.com/calendar/0/addfromweb?url=" + Uri.EscapeDataString(feed.AbsoluteUri) + "&name=" + Uri.EscapeDataString(name);

    /// <summary>
    /// The text for a link's details: the event page and the webcast first and the abstract last, so that shortening
    /// a long abstract never loses the links or the Chatham House Rule note.
    /// </summary>
    public static string LinkDetails(Uri? pageUrl, string? webcastUrl, bool chathamHouse, string? abstractText)
    {
        var parts = new List<string>();
        var links = new List<string>();
        if (pageUrl is not null) links.Add($"Details: {pageUrl.AbsoluteUri}");
        if (SafeWebUrl(webcastUrl) is { } webcast) links.Add($"Webcast: {webcast}");
        if (links.Count > 0) parts.Add(string.Join("\n", links));
        if (chathamHouse) parts.Add(ChathamHouseNote);
        if (!string.IsNullOrWhiteSpace(abstractText)) parts.Add(abstractText.Trim());
        return string.Join("\n\n", parts);
    }

    /// <summary>"Room, Venue, Address", skipping what is missing; null when nothing is known.</summary>
    public static string? Location(string? room, string? venue, string? address)
    {
        var parts = new[] { room, venue, address }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()).ToList();
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    public static string GoogleTime(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string IsoUtc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? Shorten(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        if (text.Length <= MaxDetailsLength) return text;
        var cut = MaxDetailsLength - 1;
        if (char.IsLowSurrogate(text[cut])) cut--; // never leave half an emoji
        return text[..cut] + "…";
    }
}
