using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Events.Server.Database.Migrations.PostgreSql
{
    /// <summary>
    /// The schema as the app had it before EF Core (scripts 0001–0010): accounts, reference data, convenings and the
    /// room-clash constraint, the proposal workflow, registrations, co-sponsors, live Q&amp;A, convening registrations,
    /// personal calendar feeds, idempotent asks. A database those scripts built is adopted at start-up (SchemaMigrator)
    /// instead of running this again.
    /// </summary>
    public partial class InitialSchema : Migration
    {
        public static readonly IReadOnlyList<string> Scripts = SchemaScripts.Numbered(1, 10);

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var script in Scripts) migrationBuilder.Sql(SchemaScripts.Read(script));
        }

        protected override void Down(MigrationBuilder migrationBuilder) =>
            throw new NotSupportedException("The first schema is not taken down: drop the database instead.");
    }
}
