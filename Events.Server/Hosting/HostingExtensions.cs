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
using MudBlazor.Services;

namespace Events.Server.Hosting;

public static class HostingExtensions
{
    public static async Task AddEventsServicesAsync(this WebApplicationBuilder builder)
    {
        // Serves the Razor class libraries' files (MudBlazor, Events.Client) when run from a build rather than a publish,
        // in every environment; after a publish the manifest is absent and this does nothing.
        builder.WebHost.UseStaticWebAssets();
        builder.AddPublicSite();
        builder.AddReverseProxySupport();
        await builder.AddEventsDatabaseAsync();
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddEventsEmail(builder.Configuration);
        services.AddEventsAccounts(builder.Configuration);
        services.AddSingleton<IReferenceData, ReferenceDataService>();
        services.AddScoped<IConveningCatalog, ConveningCatalog>();
        services.AddScoped<IProgramme, ProgrammeQueries>();
        services.AddScoped<IConveningAdmin, ConveningAdminService>();
        services.AddScoped<ProposalMails>();
        services.AddScoped<SideEventWorkflowService>();
        services.AddScoped<ISideEventWorkflow>(sp => sp.GetRequiredService<SideEventWorkflowService>());
        services.AddScoped<DemoDataSeeder>();
        services.AddOptions<DemoOptions>().BindConfiguration("Events").ValidateOnStart();
        CoSponsors.CoSponsorSetup.AddCoSponsors(services);
        services.AddCalendars(builder.Configuration);
        services.AddRegistrations();
        QandA.QaSetup.AddLiveQa(services, builder.Configuration);
    }

    /// <summary>Migrations, the first admin, (when asked for) demo data and a first calendar, before the app takes requests.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await app.MigrateDatabaseAsync();
        await Accounts.DataProtectionSetup.ImportFileKeysAsync(app.Services, app.Configuration, app.Logger);
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AdminBootstrapper>().EnsureAdminAsync();
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value.SeedDemo)
            await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync();
        app.WarmUpCalendars();
    }

    public static void UseEventsPipeline(this WebApplication app)
    {
        // First the client's real address and scheme (from known proxies only), then answers for every error.
        app.UseReverseProxySupport();
        app.UseEventsErrorPages();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseSecurityHeaders();
        app.UseCookiePolicy();
        app.UseEventsStatusPages();
        app.UseHeadAsGet();
        app.UseRouting();
        app.UseInputChecks();
        app.MapStaticAssets();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseStaffTwoFactor();
        app.UseAntiforgery();
        app.UseAntiforgeryEnforcement();
        app.UseRateLimiter();

        app.MapThemeStylesheets();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealthAsync }).DisableHttpMetrics();
        app.MapAccountEndpoints();
        app.MapDevelopmentMailbox();
        app.MapSideEventEndpoints();
        app.MapCalendarEndpoints();
        app.MapPersonalCalendar();
        app.MapRegistrationEndpoints();
        app.MapParticipantEndpoints();
        QandA.QaSetup.MapLiveQa(app);
        // The site-wide policy (SecurityHeaders) already says frame-ancestors 'none'; Blazor's own weaker header would win over it.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
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
