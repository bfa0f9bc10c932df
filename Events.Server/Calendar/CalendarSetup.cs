namespace Events.Server.Calendar;

public static class CalendarSetup
{
    /// <summary>Calendar files and feeds, their cache, and the watcher that hears of changes from the database.</summary>
    public static IServiceCollection AddCalendars(this IServiceCollection services)
    {
        services.AddScoped<CalendarQueries>();
        services.AddScoped<CalendarFeeds>();
        services.AddSingleton<CalendarFeedCache>();
        services.AddHostedService<CalendarChangeWatcher>();
        services.AddScoped<PersonalCalendarFeeds>();
        services.AddScoped<Events.Shared.Calendar.IPersonalCalendar>(sp => sp.GetRequiredService<PersonalCalendarFeeds>());
        return services;
    }
}
