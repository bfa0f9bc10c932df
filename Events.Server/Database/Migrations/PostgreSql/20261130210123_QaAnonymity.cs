using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Events.Server.Database.Migrations.PostgreSql
{
    /// <summary>Anonymous questions and votes unlinkable in the database; access-change notifications (script 0012).</summary>
    [DbContext(typeof(EventsDbContext))]
    [Migration("20261130210123_QaAnonymity")]
    public sealed class QaAnonymity : Migration
    {
        public static readonly IReadOnlyList<string> Scripts = SchemaScripts.Numbered(12, 12);

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var script in Scripts) migrationBuilder.Sql(SchemaScripts.Read(script));
        }

        protected override void Down(MigrationBuilder migrationBuilder) =>
            throw new NotSupportedException("Schema changes are not taken back; restore a backup instead.");
    }
}
