using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Events.Server.Database.Migrations.PostgreSql
{
    /// <summary>The rest of Identity's schema and Data Protection's key ring (script 0014).</summary>
    [DbContext(typeof(EventsDbContext))]
    [Migration("20261130210125_IdentityTables")]
    public sealed class IdentityTables : Migration
    {
        public static readonly IReadOnlyList<string> Scripts = SchemaScripts.Numbered(14, 14);

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var script in Scripts) migrationBuilder.Sql(SchemaScripts.Read(script));
        }

        protected override void Down(MigrationBuilder migrationBuilder) =>
            throw new NotSupportedException("Schema changes are not taken back; restore a backup instead.");
    }
}
