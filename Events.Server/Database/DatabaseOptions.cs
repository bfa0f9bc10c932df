using Microsoft.Extensions.Options;

namespace Events.Server.Database;

/// <summary>Which database the app uses (<c>Events:Database</c>) and where (<c>ConnectionStrings:Events</c>).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Events:Database";

    /// <summary>Kept as text so that a wrong value is reported in words rather than by the binder.</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.PostgreSql);

    /// <summary>Filled from <c>ConnectionStrings:Events</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The provider named by <see cref="Provider"/>; call after validation.</summary>
    public DatabaseProvider ParsedProvider =>
        TryParse(Provider, out var provider) ? provider : throw new OptionsValidationException(Section, typeof(DatabaseOptions), [Problem()!]);

    /// <summary>What is wrong with these settings, in words, or null.</summary>
    public string? Problem()
    {
        if (!TryParse(Provider, out var provider))
            return $"Events:Database:Provider is \"{Provider}\": use {nameof(DatabaseProvider.PostgreSql)} (the default) or {nameof(DatabaseProvider.SqlServer)}.";
        if (provider == DatabaseProvider.SqlServer && string.IsNullOrWhiteSpace(ConnectionString))
            return "Events:Database:Provider is SqlServer: set ConnectionStrings:Events to the SQL Server database (the app starts a private database only for PostgreSQL).";
        return null;
    }

    /// <summary>The settings as configured, checked now: the database is chosen before the app is built.</summary>
    public static DatabaseOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        options.ConnectionString = configuration.GetConnectionString(DatabaseSetup.ConnectionStringName);
        if (options.Problem() is { } problem) throw new OptionsValidationException(Section, typeof(DatabaseOptions), [problem]);
        return options;
    }

    // Names only: Enum.TryParse would also take "1" or "PostgreSql,SqlServer".
    private static bool TryParse(string? value, out DatabaseProvider provider)
    {
        provider = Enum.GetValues<DatabaseProvider>().FirstOrDefault(p => string.Equals(p.ToString(), value?.Trim(), StringComparison.OrdinalIgnoreCase));
        return string.Equals(provider.ToString(), value?.Trim(), StringComparison.OrdinalIgnoreCase);
    }

    internal sealed class Validator : IValidateOptions<DatabaseOptions>
    {
        public ValidateOptionsResult Validate(string? name, DatabaseOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
