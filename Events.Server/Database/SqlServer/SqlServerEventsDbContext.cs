using Microsoft.EntityFrameworkCore;

namespace Events.Server.Database.SqlServer;

/// <summary>
/// The app's context on SQL Server. A type of its own because EF keeps migrations and their snapshot per context type:
/// this one's are in Database/Migrations/SqlServer, <see cref="EventsDbContext"/>'s (PostgreSQL) in
/// Database/Migrations/PostgreSql, in the same assembly. Services ask for <see cref="EventsDbContext"/> and get this.
/// </summary>
public sealed class SqlServerEventsDbContext(DbContextOptions<SqlServerEventsDbContext> options) : EventsDbContext(options);
