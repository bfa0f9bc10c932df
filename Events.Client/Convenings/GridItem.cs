namespace Events.Client.Convenings;

/// <summary>
/// An event on the grid at the convening's wall-clock times (Kind Unspecified, never converted by the browser).
/// Without a room it goes in a "Room to be announced" column. Href makes the title a link.
/// </summary>
public sealed record GridItem(Guid Id, string Title, DateTime Start, DateTime End, Guid? RoomId, bool Cancelled = false, string? Href = null);
