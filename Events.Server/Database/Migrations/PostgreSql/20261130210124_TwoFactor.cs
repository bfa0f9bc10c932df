using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Events.Server.Database.Migrations.PostgreSql
{
    /// <summary>Two-factor sign-in: encrypted authenticator keys, hashed recovery codes (script 0013).</summary>
    [DbContext(typeof(EventsDbContext))]
    [Migration("20261130210124_TwoFactor")]
    public sealed class TwoFactor : Migration
    {
        public static readonly IReadOnlyList<string> Scripts = SchemaScripts.Numbered(13, 13);

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var script in Scripts) migrationBuilder.Sql(SchemaScripts.Read(script));
        }

        protected override void Down(MigrationBuilder migrationBuilder) =>
            throw new NotSupportedException("Schema changes are not taken back; restore a backup instead.");
    }
}
