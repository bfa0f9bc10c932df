using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Events.Tests.Infrastructure;

/// <summary>The app in memory (TestServer) on its own fresh database, for HTTP-level tests.</summary>
public sealed class EventsAppFactory(string connectionString, IDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public string ConnectionString { get; } = connectionString;
    /// <summary>The app's data folder; give one to share it between two instances of the app (Events:DataDirectory in settings).</summary>
    public string DataDirectory => settings?.TryGetValue("Events:DataDirectory", out var given) == true && given is not null ? given : _ownDataDirectory;
    private readonly string _ownDataDirectory = Path.Combine(TestPostgres.RunDirectory, "app-" + Guid.NewGuid().ToString("N")[..8]);

    public static async Task<EventsAppFactory> CreateAsync(IDictionary<string, string?>? settings = null) =>
        new(await TestPostgres.CreateDatabaseAsync(), settings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Settings go in as host settings so that Program sees them before it builds (the database is chosen then).
        builder.UseSetting("ConnectionStrings:Events", ConnectionString);
        builder.UseSetting("Events:DataDirectory", DataDirectory);
        // TestServer requests carry Host: localhost.
        builder.UseSetting("Events:PublicBaseUrl", "http://localhost");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
    }

    public string MailboxDirectory => Path.Combine(DataDirectory, "mailbox");

    /// <summary>Delivers the outbox's due mail into the mailbox (see <see cref="MailDelivery"/>); call before reading it.</summary>
    public Task DeliverMailAsync() => MailDelivery.DeliverAsync(Services);
}
