using Events.Shared.Registrations;

namespace Events.Server.Registrations;

public static class RegistrationsSetup
{
    public static IServiceCollection AddRegistrations(this IServiceCollection services)
    {
        services.AddScoped<IRegistrationCalendar, RegistrationCalendar>();
        services.AddScoped<RegistrationMails>();
        services.AddScoped<IParticipantRegistrations, ParticipantRegistrations>();
        services.AddScoped<IRegistrationDesk, RegistrationDesk>();
        services.AddScoped<IRegistrationQueries, RegistrationQueries>();
        services.AddScoped<ParticipantProfiles>();
        services.AddScoped<IParticipantProfiles>(sp => sp.GetRequiredService<ParticipantProfiles>());
        return services;
    }
}
