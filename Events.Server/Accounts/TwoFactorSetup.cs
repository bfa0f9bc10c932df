using Events.Shared.Accounts;

namespace Events.Server.Accounts;

public static class TwoFactorSetup
{
    public static IServiceCollection AddTwoFactor(this IServiceCollection services, IConfiguration configuration)
    {
        // Bound and checked at start-up: a mistyped value ("yes") stops the server instead of leaving staff unprotected.
        services.AddOptions<StaffTwoFactorOptions>().Bind(configuration.GetSection(StaffTwoFactorOptions.Section)).ValidateOnStart();
        services.AddSingleton<StaffTwoFactorRule>();
        services.AddScoped<ITwoFactor, TwoFactorService>();
        return services;
    }

    /// <summary>After authentication, so that the rule knows who is asking.</summary>
    public static IApplicationBuilder UseStaffTwoFactor(this IApplicationBuilder app) => app.UseMiddleware<StaffTwoFactorMiddleware>();
}
