using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Events.Server.Database.SqlServer;

/// <summary>For <c>dotnet ef ... --context SqlServerEventsDbContext</c>: the SQL Server model; nothing connects while migrations are added or scripted.</summary>
public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerEventsDbContext>
{
    public SqlServerEventsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerEventsDbContext>().UseSqlServer(DesignTimeConnectionString).Options);

    /// <summary>A connection string nothing connects to (migrations are added and scripted offline).</summary>
    public const string DesignTimeConnectionString = "Server=localhost;Database=events_design;Integrated Security=false;User ID=design;Password=design;TrustServerCertificate=true";
}
