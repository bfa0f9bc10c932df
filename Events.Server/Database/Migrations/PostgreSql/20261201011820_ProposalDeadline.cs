using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Events.Server.Database.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ProposalDeadline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "proposal_guidelines",
                table: "convenings",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "proposals_close_at",
                table: "convenings",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "proposal_guidelines",
                table: "convenings");

            migrationBuilder.DropColumn(
                name: "proposals_close_at",
                table: "convenings");
        }
    }
}
