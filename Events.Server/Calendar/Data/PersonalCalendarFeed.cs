namespace Events.Server.Calendar;

/// <summary>A row of <c>personal_calendar_feeds</c>.</summary>
public class PersonalCalendarFeed
{
    public Guid UserId { get; set; }

    public byte[] TokenHash { get; set; } = null!;

    public string TokenProtected { get; set; } = null!;

    public DateTime CreatedAt { get; set; }
}
