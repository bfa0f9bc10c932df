using Microsoft.AspNetCore.Components;

namespace Events.Client.Convenings;

/// <summary>
/// <c>@onslotpick</c>: one handler on the organiser's grid for all its free places. A handler on each of the hundreds
/// of places would keep a delegate, a callback and a renderer entry per place in the server's memory for every open
/// workspace. Razor finds custom events only on a class named EventHandlers.
/// </summary>
[EventHandler("onslotpick", typeof(SlotPickEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
public static class EventHandlers
{
}
