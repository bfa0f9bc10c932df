namespace Events.Server.Calendar;

public static class CalendarSetup
{
    /// <summary>Calendar files and feeds, their cache, and the watcher that hears of changes from the database.</summary>
    public static IServiceCollection AddCalendars(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<CalendarQueries>();
        services.AddScoped<CalendarFeeds>();
        services.AddOptions<CalendarOptions>().BindConfiguration(CalendarOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CalendarFeedCache>();
        // Feeds are kept only while PostgreSQL's LISTEN/NOTIFY tells of changes; on SQL Server they are built for each request.
        if (Database.DatabaseOptions.From(configuration).ParsedProvider == Database.DatabaseProvider.PostgreSql)
            services.AddHostedService<CalendarChangeWatcher>();
        services.AddScoped<PersonalCalendarFeeds>();
        services.AddScoped<Events.Shared.Calendar.IPersonalCalendar>(sp => sp.GetRequiredService<PersonalCalendarFeeds>());
        return services;
    }
}
