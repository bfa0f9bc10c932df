namespace Events.Shared.Calendar;

/// <summary>The secret address of a participant's own calendar feed, relative to the site ("/my/calendar/{token}.ics").</summary>
public interface IPersonalCalendar
{
    Task<string> FeedPathAsync(Guid userId);
    /// <summary>Issues a new address; the old one stops working at once.</summary>
    Task<string> ResetAsync(Guid userId);
}
