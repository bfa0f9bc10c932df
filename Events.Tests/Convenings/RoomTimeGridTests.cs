using Bunit;
using Events.Client.Convenings;
using Events.Shared.Convenings;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Events.Tests.Convenings;

/// <summary>The room × time grid rendered with bUnit: geometry, orientation, changeover, the current time, the keyboard.</summary>
public sealed class RoomTimeGridTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private static readonly DateOnly Monday = new(2027, 3, 8);
    private static readonly GridRoom Hall = new(Guid.Parse("00000000-0000-0000-0000-00000000000a"), "Hall A", "UNHQ");
    private static readonly GridRoom Annex = new(Guid.Parse("00000000-0000-0000-0000-00000000000b"), "Annex B", "UNHQ");
    private static readonly GridItem Opening = new(Guid.NewGuid(), "Opening: women human rights defenders online", At(9, 0), At(10, 15), Hall.Id, Href: "/e/opening");
    private static readonly GridItem Climate = new(Guid.NewGuid(), "تمكين المرأة الريفية في مواجهة تغير المناخ", At(9, 30), At(10, 0), Annex.Id, Href: "/e/climate");

    public Task InitializeAsync()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    /// <summary>An element's text with the parts of its spans separated by single spaces.</summary>
    private static string Text(AngleSharp.Dom.IElement element) =>
        string.Join(' ', element.Children.Length == 0 ? [element.TextContent.Trim()] : element.Children.Select(c => c.TextContent.Trim()));

    private static DateTime At(int hour, int minute, DateOnly? day = null) => (day ?? Monday).ToDateTime(new TimeOnly(hour, minute));

    private IRenderedComponent<RoomTimeGrid> Render(Action<ComponentParameterCollectionBuilder<RoomTimeGrid>>? more = null,
        GridItem[]? items = null, DateOnly[]? days = null) =>
        _context.Render<RoomTimeGrid>(p =>
        {
            p.Add(g => g.Rooms, new[] { Hall, Annex }).Add(g => g.Items, items ?? [Opening, Climate]).Add(g => g.Days, days ?? [Monday])
             .Add(g => g.Caption, "Monday 8 March 2027: rooms and times, New York time (America/New_York)")
             .Add(g => g.StartHour, 8).Add(g => g.EndHour, 12);
            more?.Invoke(p);
        });

    [Fact]
    public void The_day_view_puts_rooms_in_columns_and_spans_each_event_over_its_quarter_hours()
    {
        var grid = Render();

        var headers = grid.FindAll("thead th").Select(Text).ToList();
        Assert.Equal(new[] { "Time", "Hall A UNHQ", "Annex B UNHQ" }, headers);
        // 08:00–12:00 in quarter hours, each row headed by its time (for screen readers even where the eye sees none).
        var rows = grid.FindAll("tbody tr");
        Assert.Equal(16, rows.Count);
        Assert.Equal("09:00", rows[4].QuerySelector("th")!.TextContent.Trim());
        Assert.Equal("09:15", rows[5].QuerySelector("th .rtg-sr")!.TextContent.Trim());
        // 09:00–10:15 covers five quarter hours from the 09:00 row; its title is a link to the event.
        var opening = rows[4].QuerySelector($"td[data-event-ids='{Opening.Id}']")!;
        Assert.Equal("5", opening.GetAttribute("rowspan"));
        Assert.Equal("/e/opening", opening.QuerySelector("a.rtg-item-title")!.GetAttribute("href"));
        Assert.Contains("09:00–10:15", opening.TextContent);
        // The long title wraps in its cell and is also in the tooltip; the Arabic one is marked for its own direction.
        Assert.Contains(Opening.Title, opening.QuerySelector(".rtg-item")!.GetAttribute("title"));
        Assert.Equal("auto", grid.Find($"td[data-event-ids='{Climate.Id}'] a").GetAttribute("dir"));
        Assert.Equal("2", grid.Find($"td[data-event-ids='{Climate.Id}']").GetAttribute("rowspan"));
        // Static use: no buttons (nothing to click without a circuit), and no link inside another interactive element.
        Assert.Empty(grid.FindAll("button"));
        Assert.Empty(grid.FindAll("a a, a button, button a"));
        Assert.Empty(grid.FindAll("[data-testid=room-pager]")); // without links for the other rooms a phone shows them all
        Assert.Equal("Monday 8 March 2027: rooms and times, New York time (America/New_York)", grid.Find("caption").TextContent);
    }

    [Fact]
    public void Rooms_as_rows_put_the_times_across_and_span_columns()
    {
        var grid = Render(p => p.Add(g => g.RoomsRun, GridRooms.AsRows));

        Assert.Equal("rows", grid.Find("[data-testid=room-time-grid]").GetAttribute("data-rooms"));
        var columnHeads = grid.FindAll("thead th").Select(Text).ToList();
        Assert.Equal("Room", columnHeads[0]);
        Assert.Equal("08:00", columnHeads[1]);
        Assert.Equal(17, columnHeads.Count);
        var rows = grid.FindAll("tbody tr");
        Assert.Equal(new[] { "Hall A UNHQ", "Annex B UNHQ" }, rows.Select(r => Text(r.QuerySelector("th")!)));
        Assert.Equal("5", rows[0].QuerySelector("td.rtg-event")!.GetAttribute("colspan"));
        // 4 quarter hours before, 5 for the event, 7 after: every slot accounted for once.
        Assert.Equal(4 + 1 + 7, rows[0].QuerySelectorAll("td").Length);
    }

    [Fact]
    public void The_changeover_after_an_event_is_shown_in_its_room_and_is_not_offered_as_free()
    {
        var picked = new List<GridSlot>();
        var grid = Render(p => p.Add(g => g.ChangeoverMinutes, 30).Add(g => g.OnPickSlot, (GridSlot s) => picked.Add(s)));

        var rows = grid.FindAll("tbody tr");
        // Hall A: 09:00–10:15, then 10:15–10:45 kept free: two quarter hours from the 10:15 row.
        var changeover = rows[9].QuerySelector("td.rtg-changeover")!;
        Assert.Equal("2", changeover.GetAttribute("rowspan"));
        Assert.Contains("Changeover", changeover.TextContent);
        Assert.Contains("30 minutes", grid.Find(".rtg-legend").TextContent);
        Assert.DoesNotContain(grid.FindAll("button.rtg-slot"), b => b.TextContent.Contains("Hall A, Mon 8 Mar 10:15"));
        Assert.DoesNotContain(grid.FindAll("button.rtg-slot"), b => b.TextContent.Contains("Hall A, Mon 8 Mar 10:30"));
        Assert.Contains(grid.FindAll("button.rtg-slot"), b => b.TextContent.Contains("Hall A, Mon 8 Mar 10:45"));

        // The grid's one click handler picks only free places: a click on an event, on the changeover, outside the
        // grid's places or with a made-up place ("room:slot" as the browser reports it) picks nothing.
        var table = grid.Find("table");
        foreach (var slot in new[] { "0:4", "0:9", "0:10", "7:0", "0:99", "-1:0", "x:y", "1", null })
            table.TriggerEvent("onslotpick", new SlotPickEventArgs { Slot = slot });
        Assert.Empty(picked);
        table.TriggerEvent("onslotpick", new SlotPickEventArgs { Slot = "0:11" });
        Assert.Equal(new GridSlot(Hall.Id, Monday, new TimeOnly(10, 45)), Assert.Single(picked));
    }

    [Fact]
    public void A_cancelled_event_keeps_no_changeover_and_is_marked()
    {
        var cancelled = Opening with { Cancelled = true };
        var grid = Render(p => p.Add(g => g.ChangeoverMinutes, 15), items: [cancelled]);

        Assert.Empty(grid.FindAll("td.rtg-changeover"));
        Assert.Contains("Cancelled", grid.Find("td.rtg-cancelled .rtg-badge").TextContent);
    }

    [Fact]
    public void The_current_time_is_a_line_across_its_quarter_hour_and_marks_the_event_on_now()
    {
        var grid = Render(p => p.Add(g => g.Now, At(9, 40)));

        var now = grid.Find("tbody tr.rtg-now");
        Assert.Equal("09:30", now.QuerySelector("th span")!.TextContent.Trim());
        Assert.Contains("Now", now.QuerySelector(".rtg-now-label")!.TextContent);
        Assert.Contains("rtg-on-now", grid.Find($"td[data-event-ids='{Opening.Id}']").ClassList);
        // Another day's grid draws no line.
        var tomorrow = Render(p => p.Add(g => g.Now, At(9, 40, Monday.AddDays(1))));
        Assert.Empty(tomorrow.FindAll(".rtg-now, .rtg-on-now"));
    }

    [Fact]
    public void Times_are_the_convening_wall_clock_times_on_both_sides_of_a_daylight_saving_change()
    {
        // 09:00 in New York is 14:00 UTC before 14 March 2027 and 13:00 UTC after: the grid shows 09:00 both times.
        const string zone = "America/New_York";
        var before = ConveningClock.ToLocal(ConveningClock.ToUtc(new DateOnly(2027, 3, 12), new TimeOnly(9, 0), zone), zone);
        var after = ConveningClock.ToLocal(ConveningClock.ToUtc(new DateOnly(2027, 3, 15), new TimeOnly(9, 0), zone), zone);
        foreach (var local in new[] { before, after })
        {
            var day = DateOnly.FromDateTime(local.DateTime);
            var item = Opening with { Start = local.DateTime, End = local.DateTime.AddHours(1) };
            var grid = Render(items: [item], days: [day]);
            Assert.Equal("09:00", grid.Find($"td[data-event-ids='{item.Id}']").ParentElement!.QuerySelector("th")!.TextContent.Trim());
            Assert.Contains("09:00–10:00", grid.Find($"td[data-event-ids='{item.Id}']").TextContent);
        }
    }

    [Fact]
    public void Arrow_keys_move_the_one_tab_stop_between_free_places_and_skip_booked_ones()
    {
        var picked = new List<GridSlot>();
        var grid = Render(p => p.Add(g => g.OnPickSlot, (GridSlot s) => picked.Add(s)));

        Assert.Equal("grid", grid.Find("table").GetAttribute("role"));
        string TabStop() => Assert.Single(grid.FindAll("button.rtg-slot[tabindex='0']")).GetAttribute("data-slot")!;
        Assert.Equal("0:0", TabStop()); // Hall A 08:00
        Assert.All(grid.FindAll("button.rtg-slot").Where(b => b.GetAttribute("tabindex") != "0"), b => Assert.Equal("-1", b.GetAttribute("tabindex")));

        var table = grid.Find("table");
        for (var i = 0; i < 3; i++) table.KeyDown(new KeyboardEventArgs { Key = "ArrowDown" });
        Assert.Equal("0:3", TabStop()); // 08:45
        table.KeyDown(new KeyboardEventArgs { Key = "ArrowDown" });
        Assert.Equal("0:9", TabStop()); // over 09:00–10:15 to 10:15
        table.KeyDown(new KeyboardEventArgs { Key = "ArrowRight" });
        Assert.Equal("1:9", TabStop()); // Annex B 10:15
        table.KeyDown(new KeyboardEventArgs { Key = "ArrowUp" });
        Assert.Equal("1:8", TabStop());
        table.KeyDown(new KeyboardEventArgs { Key = "ArrowUp" });
        Assert.Equal("1:5", TabStop()); // over 09:30–10:00 to 09:15
        table.KeyDown(new KeyboardEventArgs { Key = "End" });
        Assert.Equal("1:15", TabStop());
        table.KeyDown(new KeyboardEventArgs { Key = "ArrowRight" }); // no room further right: stays
        Assert.Equal("1:15", TabStop());

        // A click on the place: the browser reports its data-slot to the grid's one handler (Events.Client.lib.module.js).
        table.TriggerEvent("onslotpick", new SlotPickEventArgs { Slot = grid.Find("button.rtg-slot[tabindex='0']").GetAttribute("data-slot") });
        Assert.Equal(new GridSlot(Annex.Id, Monday, new TimeOnly(11, 45)), Assert.Single(picked));
        // The free place's name says room, day and time to a screen reader.
        Assert.Equal("Annex B, Mon 8 Mar 11:45, free", grid.Find("button.rtg-slot[tabindex='0'] .rtg-sr").TextContent);
    }

    [Fact]
    public void On_a_phone_the_day_shows_one_room_with_links_to_the_others()
    {
        var grid = Render(p => p.Add(g => g.FocusRoomId, Annex.Id).Add(g => g.RoomHref, id => $"/c/x?column={id}"));

        var pager = grid.Find("[data-testid=room-pager]");
        Assert.Contains("Annex B (2 of 2)", pager.TextContent);
        var links = pager.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(new[] { $"/c/x?column={Hall.Id}", $"/c/x?column={Annex.Id}" }, links);
        // The other room's header and cells carry the class the phone stylesheet hides.
        Assert.Contains("rtg-other", grid.FindAll("thead th")[1].ClassList);
        Assert.DoesNotContain("rtg-other", grid.FindAll("thead th")[2].ClassList);
        Assert.Contains("rtg-other", grid.Find($"td[data-event-ids='{Opening.Id}']").ClassList);
    }

    [Fact]
    public void Without_links_the_phone_buttons_switch_rooms_in_place()
    {
        var grid = Render(p => p.Add(g => g.OnPickSlot, (GridSlot _) => { }));

        Assert.Contains("Hall A (1 of 2)", grid.Find("[data-testid=room-pager]").TextContent);
        grid.FindAll("[data-testid=room-pager] button").Single(b => b.TextContent.Contains("Next room")).Click();
        Assert.Contains("Annex B (2 of 2)", grid.Find("[data-testid=room-pager]").TextContent);
        Assert.Contains("rtg-other", grid.FindAll("thead th")[1].ClassList);
    }

    [Fact]
    public void The_week_lists_each_room_day_by_day_with_links_to_the_days()
    {
        var tuesday = Monday.AddDays(1);
        var later = new GridItem(Guid.NewGuid(), "Financing for gender equality", At(14, 0, tuesday), At(15, 15, tuesday), Hall.Id, Href: "/e/later");
        var unplaced = new GridItem(Guid.NewGuid(), "Room to come", At(11, 0, tuesday), At(12, 0, tuesday), null);
        var grid = Render(p => p
            .Add(g => g.Span, GridSpan.Week).Add(g => g.Now, At(10, 0, tuesday)).Add(g => g.DayHref, d => $"/c/x?day={d:yyyy-MM-dd}"),
            items: [Opening, Climate, later, unplaced], days: [Monday, tuesday]);

        Assert.Equal(new[] { "Day", "Hall A UNHQ", "Annex B UNHQ", "Room to be announced" }, grid.FindAll("thead th").Select(Text));
        var rows = grid.FindAll("tbody tr");
        Assert.Equal("/c/x?day=2027-03-09", rows[1].QuerySelector("th a")!.GetAttribute("href"));
        Assert.Contains("rtg-today", rows[1].ClassList);
        Assert.Contains("Financing for gender equality", rows[1].QuerySelectorAll("td")[0].TextContent);
        Assert.Contains("14:00–15:15", rows[1].QuerySelectorAll("td")[0].TextContent);
        Assert.Contains("Room to come", rows[1].QuerySelectorAll("td")[2].TextContent);
        Assert.Contains(Opening.Title, rows[0].QuerySelectorAll("td")[0].TextContent);
        Assert.Equal("Mon 8 Mar, Annex B", rows[0].QuerySelectorAll("td")[1].GetAttribute("data-label"));

        var across = Render(p => p.Add(g => g.Span, GridSpan.Week).Add(g => g.RoomsRun, GridRooms.AsRows), days: [Monday, tuesday]);
        Assert.Equal(new[] { "Room", "Mon 8 Mar", "Tue 9 Mar" }, across.FindAll("thead th").Select(Text));
        Assert.Equal(new[] { "Hall A UNHQ", "Annex B UNHQ" }, across.FindAll("tbody th").Select(Text));
    }

    [Fact]
    public void The_day_axis_widens_to_events_outside_the_usual_hours_and_overlaps_in_one_room_share_a_cell()
    {
        var early = new GridItem(Guid.NewGuid(), "Breakfast briefing", At(7, 0), At(7, 45), Hall.Id);
        var late = new GridItem(Guid.NewGuid(), "Evening reception", At(19, 0), At(21, 30), Annex.Id);
        var clash = new GridItem(Guid.NewGuid(), "Cancelled earlier booking", At(9, 30), At(10, 30), Hall.Id, Cancelled: true);
        var layout = new DayLayout(Monday, [Hall, Annex], [early, late, Opening, clash], 8, 19, 15, 0);

        Assert.Equal(At(7, 0), layout.Start);
        Assert.Equal((22 - 7) * 4, layout.SlotCount);
        var hallBlocks = layout.Blocks[0];
        var shared = Assert.Single(hallBlocks, b => b.Items.Count == 2);
        Assert.Equal(6, shared.SlotSpan); // 09:00–10:30
        Assert.Equal(8, shared.FirstSlot);
        Assert.Null(layout.At(0, 9).StartsHere);
        Assert.True(layout.At(0, 9).Covered);
        Assert.Null(layout.SlotOf(At(22, 0)));
        Assert.Equal(0, layout.SlotOf(At(7, 14)));
    }

    [Fact]
    public void A_week_runs_Monday_to_Sunday_within_the_convening_dates()
    {
        // CSW: Monday 8 to Friday 19 March 2027.
        var first = new DateOnly(2027, 3, 8);
        var last = new DateOnly(2027, 3, 19);
        Assert.Equal(Enumerable.Range(8, 7).Select(d => new DateOnly(2027, 3, d)), ProgrammeCalendar.WeekOf(new DateOnly(2027, 3, 10), first, last));
        Assert.Equal(Enumerable.Range(15, 5).Select(d => new DateOnly(2027, 3, d)), ProgrammeCalendar.WeekOf(new DateOnly(2027, 3, 21 - 2), first, last));
        // A convening that starts on a Wednesday shows its first week from that Wednesday.
        Assert.Equal(new DateOnly(2027, 3, 10), ProgrammeCalendar.WeekOf(new DateOnly(2027, 3, 12), new DateOnly(2027, 3, 10), last)[0]);
    }
}
