namespace Events.Client.Convenings;

/// <summary>
/// The geometry of a one-day grid: time slots, and per room the blocks of events and changeovers that cover them.
/// Kept apart from the markup so that the rules (rounding, overlaps, changeover, the current-time slot) are tested alone.
/// </summary>
public sealed class DayLayout
{
    public const string NoRoomName = "Room to be announced";

    public DayLayout(DateOnly day, IReadOnlyList<GridRoom> rooms, IEnumerable<GridItem> items, int startHour, int endHour, int slotMinutes,
        int changeoverMinutes)
    {
        Day = day;
        SlotMinutes = Math.Clamp(slotMinutes, 5, 60);
        var dayStart = day.ToDateTime(TimeOnly.MinValue);
        var todays = items.Where(i => i.End > dayStart && i.Start < dayStart.AddDays(1)).ToList();
        // The axis covers the hours asked for, widened to every event of the day.
        var first = todays.Count == 0 ? startHour : Math.Min(startHour, todays.Min(i => i.Start < dayStart ? 0 : i.Start.Hour));
        var last = todays.Count == 0 ? endHour : Math.Max(endHour, todays.Max(i => i.End >= dayStart.AddDays(1) ? 24 : i.End.Hour + (i.End.Minute > 0 ? 1 : 0)));
        Start = dayStart.AddHours(Math.Clamp(first, 0, 23));
        SlotCount = Math.Max(1, (Math.Clamp(last, first + 1, 24) - Math.Clamp(first, 0, 23)) * 60 / SlotMinutes);

        var columns = rooms.ToList();
        if (todays.Any(i => i.RoomId is null || columns.All(r => r.Id != i.RoomId)))
            columns.Add(new GridRoom(Guid.Empty, NoRoomName));
        Rooms = columns;
        Blocks = columns.Select(r => BlocksOf(todays.Where(i => (i.RoomId ?? Guid.Empty) == r.Id || (r.Id == Guid.Empty && rooms.All(x => x.Id != i.RoomId))),
            changeoverMinutes)).ToList();
    }

    public DateOnly Day { get; }
    public DateTime Start { get; }
    public int SlotMinutes { get; }
    public int SlotCount { get; }
    public IReadOnlyList<GridRoom> Rooms { get; }

    /// <summary>Per room (same order as <see cref="Rooms"/>), its blocks in time order, none overlapping.</summary>
    public IReadOnlyList<IReadOnlyList<Block>> Blocks { get; }

    public DateTime SlotStart(int slot) => Start.AddMinutes(slot * SlotMinutes);

    /// <summary>The block starting at this slot in this room, the block covering it (started earlier), or none.</summary>
    public (Block? StartsHere, bool Covered) At(int room, int slot)
    {
        foreach (var b in Blocks[room])
        {
            if (b.FirstSlot == slot) return (b, false);
            if (b.FirstSlot < slot && slot < b.FirstSlot + b.SlotSpan) return (null, true);
        }
        return (null, false);
    }

    /// <summary>The slot that holds this wall-clock time, or null when it is not on this day's axis.</summary>
    public int? SlotOf(DateTime time)
    {
        if (time < Start) return null;
        var slot = (int)((time - Start).TotalMinutes / SlotMinutes);
        return slot < SlotCount ? slot : null;
    }

    private List<Block> BlocksOf(IEnumerable<GridItem> items, int changeoverMinutes)
    {
        var blocks = new List<Block>();
        foreach (var item in items.OrderBy(i => i.Start).ThenBy(i => i.End))
        {
            var first = Math.Clamp((int)Math.Floor((item.Start - Start).TotalMinutes / SlotMinutes), 0, SlotCount - 1);
            var end = Math.Clamp((int)Math.Ceiling((item.End - Start).TotalMinutes / SlotMinutes), first + 1, SlotCount);
            // Events of one room that share a slot (possible only for cancelled ones, the database refuses clashes) share one cell.
            var open = blocks.LastOrDefault(b => !b.IsChangeover);
            if (open is not null && first < open.FirstSlot + open.SlotSpan)
            {
                blocks.Remove(open);
                blocks.RemoveAll(b => b.IsChangeover && b.FirstSlot >= open.FirstSlot);
                blocks.Add(open with { Items = [.. open.Items, item], SlotSpan = Math.Max(open.SlotSpan, end - open.FirstSlot) });
            }
            else
            {
                blocks.RemoveAll(b => b.IsChangeover && b.FirstSlot + b.SlotSpan > first);
                blocks.Add(new Block(first, end - first, [item], false));
            }
            var last = blocks[^1];
            if (changeoverMinutes > 0 && !item.Cancelled)
            {
                var changeoverStart = last.FirstSlot + last.SlotSpan;
                var changeoverEnd = Math.Min(SlotCount, (int)Math.Ceiling((item.End.AddMinutes(changeoverMinutes) - Start).TotalMinutes / SlotMinutes));
                if (changeoverEnd > changeoverStart) blocks.Add(new Block(changeoverStart, changeoverEnd - changeoverStart, [], true));
            }
        }
        return blocks;
    }

    /// <summary>Slots covered by events (Items) or by the changeover after one (IsChangeover, no items).</summary>
    public sealed record Block(int FirstSlot, int SlotSpan, IReadOnlyList<GridItem> Items, bool IsChangeover);
}
