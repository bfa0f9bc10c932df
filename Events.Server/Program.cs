using Events.Server.Hosting;

var builder = WebApplication.CreateBuilder(CommandLineSwitches.Normalise(args));
await builder.AddEventsServicesAsync();

var app = builder.Build();
app.EnsurePublicSite();
await app.PrepareDatabaseAsync();
app.UseEventsPipeline();
await app.RunAsync();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
