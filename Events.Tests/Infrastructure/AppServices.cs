using Events.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Events.Tests.Infrastructure;

/// <summary>
/// The app's own service registration (<see cref="HostingExtensions.AddEventsServicesAsync"/>) on a database, built but
/// never started: no port, no background service, so a test or a benchmark drives the services (and delivers mail)
/// itself. Each build has its own development mailbox folder. The benches compile this file too.
/// </summary>
public static class AppServices
{
    public const string SiteBaseUrl = "https://events.example.org";

    /// <param name="dataDirectory">the app's files (the key-encryption certificate is made there once)</param>
    /// <param name="replace">swaps services for the caller's own (a recording notifier, a capturing mail sender), as
    /// WebApplicationFactory's ConfigureTestServices does</param>
    public static async Task<IServiceProvider> BuildAsync(string connectionString, string dataDirectory, TimeProvider? clock = null,
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? replace = null)
    {
        // Never started nor disposed: no file watchers on appsettings.json (a test run builds hundreds of these, and
        // watchers are a per-user kernel resource).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production", Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Events"] = connectionString,
            ["Events:PublicBaseUrl"] = SiteBaseUrl,
            ["Events:DataDirectory"] = dataDirectory,
            ["Events:Email:MailboxDirectory"] = Path.Combine(dataDirectory, "mail-" + Guid.NewGuid().ToString("N")[..8]),
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        // No console: the refusals tests provoke would fill the test log (a caller adds its own provider to read them).
        builder.Logging.ClearProviders();
        await builder.AddEventsServicesAsync();
        if (clock is not null) builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
        replace?.Invoke(builder.Services);
        return builder.Build().Services;
    }
}
