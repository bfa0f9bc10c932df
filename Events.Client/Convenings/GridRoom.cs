namespace Events.Client.Convenings;

/// <summary>A room of the grid. Detail (the venue, the seats) is shown under the name.</summary>
public sealed record GridRoom(Guid Id, string Name, string? Detail = null);
