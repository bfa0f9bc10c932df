using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Events.Server.Database.Migrations.PostgreSql
{
    /// <summary>Proposal forms carry a submission key: the same form posted twice makes one proposal (script 0011).</summary>
    [DbContext(typeof(EventsDbContext))]
    [Migration("20261130210122_SubmissionKeys")]
    public sealed class SubmissionKeys : Migration
    {
        public static readonly IReadOnlyList<string> Scripts = SchemaScripts.Numbered(11, 11);

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var script in Scripts) migrationBuilder.Sql(SchemaScripts.Read(script));
        }

        protected override void Down(MigrationBuilder migrationBuilder) =>
            throw new NotSupportedException("Schema changes are not taken back; restore a backup instead.");
    }
}
