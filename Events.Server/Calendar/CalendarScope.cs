using Events.Shared.Convenings;

namespace Events.Server.Calendar;

/// <summary>
/// What a built calendar depends on: the side events in it and their rooms, venues and convenings; for a programme
/// feed, its convening and filter (a change can bring a new event into it); for a personal feed, its owner.
/// </summary>
public sealed record CalendarScope(
    IReadOnlySet<Guid> Events, IReadOnlySet<Guid> Rooms, IReadOnlySet<Guid> Venues, IReadOnlySet<Guid> Convenings)
{
    public Guid? ProgrammeOf { get; init; }
    public ProgrammeFilter? Filter { get; init; }
    public Guid? Owner { get; init; }

    public static CalendarScope Of(IEnumerable<CalendarEntry> entries, params Guid[] convenings)
    {
        var list = entries.ToList();
        return new CalendarScope(
            list.Select(e => e.Event.Id).ToHashSet(),
            list.Where(e => e.RoomId is not null).Select(e => e.RoomId!.Value).ToHashSet(),
            list.Where(e => e.VenueId is not null).Select(e => e.VenueId!.Value).ToHashSet(),
            list.Select(e => e.ConveningId).Concat(convenings).ToHashSet());
    }
}
