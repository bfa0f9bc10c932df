using System.Globalization;
using System.Text;
using CsvHelper;
using Events.Client.QandA;
using Events.Shared.Accounts;
using Events.Server.Hosting;
using Events.Shared.QandA;
using Events.Shared.Site;

namespace Events.Server.QandA;

public static class QaSetup
{
    public static IServiceCollection AddLiveQa(this IServiceCollection services, IConfiguration configuration)
    {
        // The key beside the Data Protection keys: outside the database, and in every instance's reach as those are.
        var keysDirectory = DataPaths.Resolve(configuration, "Events:DataProtectionKeysDirectory", "keys");
        services.AddSingleton(_ => QaSecret.LoadOrCreate(Path.GetFullPath(keysDirectory)));
        services.AddOptions<QaFloodLimits>().BindConfiguration(QaFloodLimits.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<QaFloodLimits>>().Value);
        services.AddSingleton<QaFloodGuard>();
        services.AddSingleton<QaConnections>();
        // PostgreSQL's LISTEN/NOTIFY tells every instance of access changes; SQL Server has no such channel (README).
        if (Database.DatabaseOptions.From(configuration).ParsedProvider == Database.DatabaseProvider.PostgreSql)
            services.AddHostedService<QaAccessWatcher>();
        services.AddSignalR().AddHubOptions<LiveQaHub>(options =>
        {
            // A question is at most 500 characters; nothing a client sends needs more than this.
            options.MaximumReceiveMessageSize = 16 * 1024;
            // Exception details could name a database row; clients get the result records' messages instead.
            options.EnableDetailedErrors = false;
            Microsoft.AspNetCore.SignalR.HubOptionsExtensions.AddFilter<QaTwoFactorFilter>(options);
        });
        services.AddSingleton<HubQaNotifier>();
        services.AddSingleton<IQaNotifier>(sp => sp.GetRequiredService<HubQaNotifier>());
        services.AddHostedService(sp => sp.GetRequiredService<HubQaNotifier>());
        services.AddSingleton<QaCodeGuard>();
        services.AddScoped<QaService>();
        services.AddScoped<IQaPages>(sp => sp.GetRequiredService<QaService>());
        return services;
    }

    public static IEndpointRouteBuilder MapLiveQa(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<LiveQaHub>(QaHub.Path);
        // A participant key for clients that do not load the participant page (which sets one the same way).
        endpoints.MapGet(QaHub.ParticipantKeyPath, (HttpContext http, QaService qa, QaSecret secret) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            var presented = http.Request.Cookies[QaHub.ParticipantKeyCookie];
            if (secret.IssuedParticipantKey(presented)) return Results.NoContent();
            if (qa.NewParticipantKey(presented, http.Connection.RemoteIpAddress is { } ip ? Hosting.ClientNetwork.Of(ip) : null) is not { } key)
                return Results.Text("Too many Q&A keys were given to your network just now. Wait a minute and try again.", statusCode: StatusCodes.Status429TooManyRequests);
            QaParticipantCookie.Set(http, key);
            return Results.NoContent();
        });
        endpoints.MapGet("/qa/{id:guid}/questions.csv", async (Guid id, HttpContext http, QaService qa) =>
        {
            if (CurrentUser.Id(http.User) is not { } userId) return Results.Unauthorized();
            if (await qa.ExportAsync(userId, id) is not { } questions) return Results.NotFound();
            http.Response.Headers.CacheControl = "no-store";
            return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ToCsv(questions))).ToArray(),
                "text/csv; charset=utf-8", $"questions-{id.ToString()[..8]}.csv");
        }).RequireAuthorization();
        return endpoints;
    }

    /// <summary>The questions for the event's records. Anonymous questions say "Anonymous" here as on every screen.</summary>
    public static string ToCsv(IEnumerable<QuestionView> questions)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using var csv = new CsvWriter(text, CultureInfo.InvariantCulture);
        foreach (var header in new[] { "Asked (UTC)", "State", "Votes", "Starred", "Edited", "Asked by", "Question" }) csv.WriteField(header);
        csv.NextRecord();
        foreach (var q in questions.OrderBy(q => q.AskedAt))
        {
            csv.WriteField(TimeText.StampSeconds(q.AskedAt));
            csv.WriteField(q.State);
            csv.WriteField(q.Votes);
            csv.WriteField(q.Starred ? "yes" : "no");
            csv.WriteField(q.Edited ? "yes" : "no");
            csv.WriteField(Defuse(q.AuthorName ?? "Anonymous"));
            csv.WriteField(Defuse(q.Text));
            csv.NextRecord();
        }
        return text.ToString();
    }

    /// <summary>Spreadsheets run cells that start with = + - @ as formulas; a leading apostrophe keeps a hostile question as text.</summary>
    private static string Defuse(string value) => value.Length > 0 && "=+-@\t\r".Contains(value[0]) ? "'" + value : value;
}
