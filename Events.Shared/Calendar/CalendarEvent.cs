namespace Events.Shared.Calendar;

/// <summary>
/// What a calendar may say about one side event. Everything here is public: whoever builds it leaves out what the
/// public must not see (attendees, withheld speakers, unconfirmed co-sponsors), and the writer adds nothing else.
/// </summary>
public sealed record CalendarEvent
{
    public required Guid Id { get; init; }
    public required string Title { get; init; }
    public required DateTimeOffset StartsAtUtc { get; init; }
    public required DateTimeOffset EndsAtUtc { get; init; }
    /// <summary>The convening's IANA zone: times are written in it, with a matching VTIMEZONE.</summary>
    public required string TimeZone { get; init; }
    public bool Cancelled { get; init; }
    /// <summary>Why it was cancelled, shown at the top of the description.</summary>
    public string? CancellationReason { get; init; }
    /// <summary>side_events.sequence: raised with every change of time, place or status.</summary>
    public int Sequence { get; init; }
    /// <summary>side_events.updated_at: the DTSTAMP and LAST-MODIFIED of published calendars.</summary>
    public required DateTimeOffset UpdatedAtUtc { get; init; }
    /// <summary>The abstract as plain text (Markdown already turned into text by the caller).</summary>
    public string? Abstract { get; init; }
    /// <summary>Only absolute http(s) addresses are written; anything else is left out.</summary>
    public string? WebcastUrl { get; init; }
    public bool ChathamHouse { get; init; }
    public string? RoomName { get; init; }
    public string? VenueName { get; init; }
    public string? VenueAddress { get; init; }
    /// <summary>The proposing organisation: the ORGANIZER's common name.</summary>
    public required string Organiser { get; init; }
    public IReadOnlyList<string> Themes { get; init; } = [];
    /// <summary>The absolute address of the event's public page (/e/{id}).</summary>
    public Uri? PageUrl { get; init; }

    /// <summary>"Room, Venue, Address", skipping what is missing.</summary>
    public string? Location => CalendarLinks.Location(RoomName, VenueName, VenueAddress);
}

/// <summary>The recipient of an e-mailed invitation (METHOD:REQUEST or CANCEL).</summary>
public sealed record CalendarAttendee(string Email, string? Name = null);
