namespace Events.Server.Calendar;

/// <summary>
/// A row of <c>calendar_removals</c>: a side event that left the public programme (its row deleted, or taken out of the
/// schedule), as it last was. Feeds keep it as STATUS:CANCELLED for <see cref="CalendarFeeds.RemovalsKeptFor"/>, so
/// that subscribed calendars take it out instead of keeping a copy that the feed no longer mentions. Written by the
/// database's trigger, so that every way of removing an event counts.
/// </summary>
public class CalendarRemoval
{
    public Guid SideEventId { get; set; }

    public Guid ConveningId { get; set; }

    public string Title { get; set; } = null!;

    /// <summary>The proposing organisation, as the ORGANIZER's name.</summary>
    public string Organiser { get; set; } = null!;

    public DateTime StartsAt { get; set; }

    public DateTime EndsAt { get; set; }

    /// <summary>One more than the event's last SEQUENCE: the removal is a change calendars must take.</summary>
    public int Sequence { get; set; }

    public DateTime RemovedAt { get; set; }
}
