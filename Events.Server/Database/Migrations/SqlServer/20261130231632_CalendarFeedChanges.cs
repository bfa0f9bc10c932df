using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

using Events.Server.Database.SqlServer;

namespace Events.Server.Database.Migrations.SqlServer
{
    /// <summary>
    /// Rooms and venues get updated_at, events that leave the public programme are kept in calendar_removals
    /// (triggers in Schema/0002_calendar.sql, the twin of PostgreSQL's, without its NOTIFY).
    /// </summary>
    public partial class CalendarFeedChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "updated_at",
                table: "venues",
                type: "datetime2",
                nullable: false,
                defaultValueSql: "SYSUTCDATETIME()");

            migrationBuilder.AddColumn<DateTime>(
                name: "updated_at",
                table: "rooms",
                type: "datetime2",
                nullable: false,
                defaultValueSql: "SYSUTCDATETIME()");

            migrationBuilder.CreateTable(
                name: "calendar_removals",
                columns: table => new
                {
                    side_event_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    convening_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    title = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    organiser = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    starts_at = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ends_at = table.Column<DateTime>(type: "datetime2", nullable: false),
                    sequence = table.Column<int>(type: "int", nullable: false),
                    removed_at = table.Column<DateTime>(type: "datetime2", nullable: false, defaultValueSql: "SYSUTCDATETIME()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("calendar_removals_pkey", x => x.side_event_id);
                });

            migrationBuilder.CreateIndex(
                name: "calendar_removals_convening",
                table: "calendar_removals",
                columns: new[] { "convening_id", "removed_at" });

            foreach (var batch in SqlServerSchema.Batches("0002_calendar.sql")) migrationBuilder.Sql(batch);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS calendar_side_event_changed; DROP TRIGGER IF EXISTS rooms_touch; DROP TRIGGER IF EXISTS venues_touch;");
            migrationBuilder.DropTable(
                name: "calendar_removals");

            migrationBuilder.DropColumn(
                name: "updated_at",
                table: "venues");

            migrationBuilder.DropColumn(
                name: "updated_at",
                table: "rooms");
        }
    }
}
