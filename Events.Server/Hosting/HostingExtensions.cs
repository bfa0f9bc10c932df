using System.Text.Json;
using Events.Client;
using Events.Server.Accounts;
using Events.Server.Convenings;
using Events.Server.Calendar;
using Events.Server.Database;
using Events.Server.Demo;
using Events.Server.Email;
using Events.Server.ReferenceData;
using Events.Server.Registrations;
using Events.Server.SideEvents;
using Events.Shared.SideEvents;
using Events.Shared.Convenings;
using Events.Shared.ReferenceData;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Radzen;

namespace Events.Server.Hosting;

public static class HostingExtensions
{
    public static async Task AddEventsServicesAsync(this WebApplicationBuilder builder)
    {
        // Serves the Razor class libraries' files (Radzen, Events.Client) when run from a build rather than a publish,
        // in every environment; after a publish the manifest is absent and this does nothing.
        builder.WebHost.UseStaticWebAssets();
        await builder.AddEventsDatabaseAsync();
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddRadzenComponents();
        services.AddEventsEmail(builder.Configuration);
        services.AddEventsAccounts(builder.Configuration);
        services.AddSingleton<IReferenceData, ReferenceDataService>();
        services.AddScoped<IConveningCatalog, ConveningCatalog>();
        services.AddScoped<IProgramme, ProgrammeQueries>();
        services.AddScoped<IConveningAdmin, ConveningAdminService>();
        services.AddScoped<SideEventWorkflowService>();
        services.AddScoped<ISideEventWorkflow>(sp => sp.GetRequiredService<SideEventWorkflowService>());
        services.AddScoped<DemoDataSeeder>();
        CoSponsors.CoSponsorSetup.AddCoSponsors(services, builder.Configuration);
        services.AddScoped<CalendarQueries>();
        services.AddScoped<PersonalCalendarFeeds>();
        services.AddScoped<Events.Shared.Calendar.IPersonalCalendar>(sp => sp.GetRequiredService<PersonalCalendarFeeds>());
        services.AddSingleton<SiteAddress>();
        services.AddRegistrations();
        QandA.QaSetup.AddLiveQa(services);
    }

    /// <summary>Migrations, the first admin and (when asked for) demo data, before the app takes requests.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await app.MigrateDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AdminBootstrapper>().EnsureAdminAsync();
        if (app.Configuration.GetValue<bool>("Events:SeedDemo"))
            await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync();
    }

    public static void UseEventsPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/not-found");
        var site = app.Services.GetRequiredService<SiteAddress>();
        app.Use((context, next) => { site.Observe(context.Request); return next(context); });
        app.MapStaticAssets();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseAntiforgeryEnforcement();
        app.UseRateLimiter();

        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealthAsync }).DisableHttpMetrics();
        app.MapAccountEndpoints();
        app.MapDevelopmentMailbox();
        app.MapSideEventEndpoints();
        app.MapCalendarEndpoints();
        app.MapPersonalCalendar();
        app.MapRegistrationEndpoints();
        app.MapParticipantEndpoints();
        QandA.QaSetup.MapLiveQa(app);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }

    private static Task WriteHealthAsync(HttpContext context, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}
