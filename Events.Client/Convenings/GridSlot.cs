namespace Events.Client.Convenings;

/// <summary>A free place on the grid that an organiser picked.</summary>
public sealed record GridSlot(Guid RoomId, DateOnly Day, TimeOnly Start);
