using Events.Shared.Calendar;

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

    /// <summary>
    /// Builds one invitation in memory before the app takes requests. Ical.Net's first calendar (its serializers, the
    /// time-zone rules) costs about half a second; the first registration batch would pay it while it holds the event's
    /// row lock, so everyone in a rush on a freshly started server waited for it (bench/registrations).
    /// </summary>
    public static void WarmUpCalendars(this WebApplication app)
    {
        var start = new DateTimeOffset(2030, 3, 4, 14, 0, 0, TimeSpan.Zero);
        CalendarDocuments.ForInvitation(new CalendarEvent
        {
            Id = Guid.Empty, Title = "Warm-up", StartsAtUtc = start, EndsAtUtc = start.AddHours(1), TimeZone = "America/New_York",
            UpdatedAtUtc = start, Organiser = "Events", PageUrl = new Uri("https://events.invalid/e/warm-up"),
        }, "noreply@events.invalid", new CalendarAttendee("participant@events.invalid", "Participant"), start);
    }
}
