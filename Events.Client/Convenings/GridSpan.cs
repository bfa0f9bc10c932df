namespace Events.Client.Convenings;

/// <summary>Whether the room × time grid shows one day on a time axis, or several days with each cell listing its events.</summary>
public enum GridSpan { Day, Week }
