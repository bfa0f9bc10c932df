using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.Infrastructure;

/// <summary>The app's services on a test database (<see cref="AppServices"/>), keeping their files in the test run's folder.</summary>
public static class TestServices
{
    public const string SiteBaseUrl = AppServices.SiteBaseUrl;

    public static Task<IServiceProvider> BuildAsync(string connectionString, TimeProvider? clock = null,
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? replace = null) =>
        AppServices.BuildAsync(connectionString, Path.Combine(TestPostgres.RunDirectory, "services"), clock, settings, replace);
}
