namespace Events.Client.Convenings;

/// <summary>
/// A click (or Enter) on the room × time grid, with the free place it landed on: the <c>data-slot</c> ("room:slot") of
/// the nearest button, or null for a click anywhere else. Made in the browser by Events.Client.lib.module.js.
/// </summary>
public sealed class SlotPickEventArgs : EventArgs
{
    public string? Slot { get; set; }
}
