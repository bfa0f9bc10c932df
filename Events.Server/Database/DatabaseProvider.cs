namespace Events.Server.Database;

/// <summary>The database the app runs on (<c>Events:Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>PostgreSQL: the private cluster, or the server named by <c>ConnectionStrings:Events</c>.</summary>
    PostgreSql,
    /// <summary>Microsoft SQL Server (2022 or later) named by <c>ConnectionStrings:Events</c>.</summary>
    SqlServer,
}
