namespace Events.Client.Convenings;

/// <summary>Which way the rooms run in the grid.</summary>
public enum GridRooms { AsColumns, AsRows }
