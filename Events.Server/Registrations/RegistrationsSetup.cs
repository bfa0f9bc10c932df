using Events.Shared.Registrations;

namespace Events.Server.Registrations;

public static class RegistrationsSetup
{
    public static IServiceCollection AddRegistrations(this IServiceCollection services)
    {
        services.AddScoped<IRegistrationCalendar, RegistrationCalendar>();
        services.AddScoped<RegistrationMails>();
        services.AddScoped<RegistrationService>();
        services.AddScoped<IRegistrations>(sp => sp.GetRequiredService<RegistrationService>());
        return services;
    }
}
