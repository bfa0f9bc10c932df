using Bunit;
using Events.Client.SideEvents;
using Events.Shared.SideEvents;
using Microsoft.AspNetCore.Components;

namespace Events.Tests.SideEvents;

/// <summary>
/// A side event's history as "My proposals" writes it on every row (inline, not a component):
/// closed and empty until opened, opening asks the page to load it, then it lists who did what and when.
/// </summary>
public sealed class EventHistoryTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public void Opening_the_history_asks_for_it_and_the_entries_are_listed_once_loaded()
    {
        var opened = 0;
        var onOpen = EventCallback.Factory.Create(this, () => opened++);

        var closed = _context.Render(EventHistory.Of(null, onOpen));
        var details = closed.Find("details.event-history");
        Assert.Equal("history", details.QuerySelector("summary")!.TextContent);
        Assert.Empty(closed.FindAll("li"));
        details.TriggerEvent("ontoggle", EventArgs.Empty);
        Assert.Equal(1, opened);

        var loaded = _context.Render(EventHistory.Of(
        [
            new HistoryEntry(new DateTimeOffset(2027, 3, 1, 9, 30, 0, TimeSpan.FromHours(-5)), "Amina Diallo", "accepted", null),
            new HistoryEntry(new DateTimeOffset(2027, 3, 2, 16, 0, 0, TimeSpan.Zero), null, "cancelled", "<script>alert(1)</script>"),
        ], onOpen));
        var items = loaded.FindAll("li").Select(li => li.TextContent).ToList();
        Assert.Equal(["2027-03-01 14:30 UTC: accepted by Amina Diallo", "2027-03-02 16:00 UTC: cancelled — <script>alert(1)</script>"], items);
        Assert.Empty(loaded.FindAll("script"));
    }
}
