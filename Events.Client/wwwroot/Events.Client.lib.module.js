// Blazor runs this module's afterWebStarted once blazor.web.js has started (a JavaScript initializer of Events.Client).
// "slotpick" is a click on the organiser's room × time grid that says which free place it landed on (SlotPickEventArgs),
// so that the grid needs one event handler on the server instead of one per place.
export function afterWebStarted(blazor) {
    blazor.registerCustomEventType('slotpick', {
        browserEventName: 'click',
        createEventArgs: event => ({
            slot: event.target instanceof Element ? event.target.closest('[data-slot]')?.getAttribute('data-slot') ?? null : null,
        }),
    });
}
