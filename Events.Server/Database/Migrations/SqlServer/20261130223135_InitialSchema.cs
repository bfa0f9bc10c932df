using System;
using Events.Server.Database.SqlServer;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Events.Server.Database.Migrations.SqlServer
{
    /// <summary>
    /// The schema on SQL Server: EF's tables for the shared model (SqlServerModel adapts the PostgreSQL mappings), then
    /// what PostgreSQL's scripts 0001–0014 enforce beyond them, in T-SQL (SqlServerSchema).
    /// </summary>
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "qa_revision");

            migrationBuilder.CreateTable(
                name: "convenings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false, defaultValueSql: "NEWSEQUENTIALID()"),
                    slug = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    name = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    kind = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    starts_on = table.Column<DateOnly>(type: "date", nullable: false),
                    ends_on = table.Column<DateOnly>(type: "date", nullable: false),
                    time_zone = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    organising_organisation = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    description_md = table.Column<string>(type: "nvarchar(max)", nullable: false, defaultValueSql: "N''"),
                    visibility = table.Column<string>(type: "nvarchar(max)", nullable: false, defaultValueSql: "N'public'"),
                    chatham_house = table.Column<bool>(type: "bit", nullable: false),
                    changeover_minutes = table.Column<int>(type: "int", nullable: false, defaultValue: 15),
                    cross_regional_threshold = table.Column<int>(type: "int", nullable: false, defaultValue: 3),
                    slot_response_days = table.Column<int>(type: "int", nullable: false, defaultValue: 5),
                    created_at = table.Column<DateTime>(type: "datetime2", nullable: false, defaultValueSql: "SYSUTCDATETIME()"),
                    updated_at = table.Column<DateTime>(type: "datetime2", nullable: false, defaultValueSql: "SYSUTCDATETIME()"),
                    min_member_state_or_un_cosponsors = table.Column<int>(type: "int", nullable: false),
                    min_cosponsor_regional_groups = table.Column<int>(type: "int", nullable: false),
                    registration_enabled = table.Column<bool>(type: "bit", nullable: false),
                    registration_mode = table.Column<string>(type: "nvarchar(max)", nullable: false, defaultValueSql: "N'open'"),
                    registration_capacity = table.Column<int>(type: "int", nullable: true),
                    attendee_list_public = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("convenings_pkey", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    friendly_name = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    xml = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "roles",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    name = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    normalized_name = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    concurrency_stamp = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("roles_pkey", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "states",
                columns: table => new
                {
                    iso3 = table.Column<string>(type: "nchar(3)", fixedLength: true, maxLength: 3, nullable: false),
                    name = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    status = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    regional_group = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    electoral_group = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    also_participates_in = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    observer_in = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    note = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("states_pkey", x => x.iso3);
                });

            migrationBuilder.CreateTable(
                name: "un_entities",
                columns: table => new
                {
                    code = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    name = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    kind = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("un_entities_pkey", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    display_name = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    authenticator_key_protected = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    created_at = table.Column<DateTime>(type: "datetime2", nullable: false, defaultValueSql: "SYSUTCDATETIME()"),
                    user_name = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    normalized_user_name = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    email = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    normalized_email = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    email_confirmed = table.Column<bool>(type: "bit", nullable: false),
                    password_hash = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    security_stamp = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    concurrency_stamp = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    two_factor_enabled = table.Column<bool>(type: "bit", nullable: false),
                    lockout_end = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    lockout_enabled = table.Column<bool>(type: "bit", nullable: false, defaultValue: true),
                    access_failed_count = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("users_pkey", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "venues",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false, defaultValueSql: "NEWSEQUENTIALID()"),
                    convening_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    name = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    address = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("venues_pkey", x => x.id);
                    table.ForeignKey(
                        name: "venues_convening_id_fkey",
                        column: x => x.convening_id,
                        principalTable: "convenings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "role_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    role_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    claim_type = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    claim_value = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_role_claims", x => x.id);
                    table.ForeignKey(
                        name: "FK_role_claims_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "convening_organisers",
                columns: table => new
                {
                    convening_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    user_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("convening_organisers_pkey", x => new { x.convening_id, x.user_id });
                    table.ForeignKey(
                        name: "convening_organisers_convening_id_fkey",
                        column: x => x.convening_id,
                        principalTable: "convenings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "convening_organisers_user_id_fkey",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "participant_profiles",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    organisation = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    stakeholder_group = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    country = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    gender = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    accessibility_needs = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    interpretation_needs = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    consent_publish_name = table.Column<bool>(type: "bit", nullable: false),
                    consent_photograph = table.Column<bool>(type: "bit", nullable: false),
                    updated_at = table.Column<DateTime>(type: "datetime2", nullable: false, defaultValueSql: "SYSUTCDATETIME()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("participant_profiles_pkey", x => x.user_id);
                    table.ForeignKey(
                        name: "participant_profiles_user_id_fkey",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "personal_calendar_feeds",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    token_hash = table.Column<byte[]>(type: "varbinary(900)", nullable: false),
                    token_protected = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    created_at = table.Column<DateTime>(type: "datetime2", nullable: false, defaultValueSql: "SYSUTCDATETIME()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("personal_calendar_feeds_pkey", x => x.user_id);
                    table.ForeignKey(
                        name: "personal_calendar_feeds_user_id_fkey",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    user_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    claim_type = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    claim_value = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_user_claims", x => x.id);
                    table.ForeignKey(
                        name: "FK_user_claims_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_logins",
                columns: table => new
                {
                    login_provider = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    provider_key = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    provider_display_name = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    user_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_user_logins", x => new { x.login_provider, x.provider_key });
                    table.ForeignKey(
                        name: "FK_user_logins_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_recovery_codes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    user_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    salt = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    hash = table.Column<byte[]>(type: "varbinary(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("user_recovery_codes_pkey", x => x.id);
                    table.ForeignKey(
                        name: "user_recovery_codes_user_id_fkey",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_roles",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    role_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("user_roles_pkey", x => new { x.user_id, x.role_id });
                    table.ForeignKey(
                        name: "FK_user_roles_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_user_roles_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_tokens",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    login_provider = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    name = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    value = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_user_tokens", x => new { x.user_id, x.login_provider, x.name });
                    table.ForeignKey(
                        name: "FK_user_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "rooms",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false, defaultValueSql: "NEWSEQUENTIALID()"),
                    convening_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    venue_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    name = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    capacity = table.Column<int>(type: "int", nullable: false),
                    accessibility_notes = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    mode = table.Column<string>(type: "nvarchar(max)", nullable: false, defaultValueSql: "N'in_person'")
                },
                constraints: table =>
                {
                    table.PrimaryKey("rooms_pkey", x => x.id);
                    table.ForeignKey(
                        name: "rooms_convening_id_fkey",
                        column: x => x.convening_id,
                        principalTable: "convenings",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "rooms_venue_id_fkey",
                        column: x => x.venue_id,
                        principalTable: "venues",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "side_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false, defaultValueSql: "NEWSEQUENTIALID()"),
                    convening_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    kind = table.Column<string>(type: "nvarchar(max)", nullable: false, defaultValueSql: "N'side_event'"),
                    title = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    abstract_md = table.Column<string>(type: "nvarchar(max)", nullable: false, defaultValueSql: "N''"),
                    themes = table.Column<string>(type: "nvarchar(max)", nullable: false, defaultValueSql: "N'[]'"),
                    proposing_organisation = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    proposer_user_id = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    format = table.Column<string>(type: "nvarchar(max)", nullable: false, defaultValueSql: "N'in_person'"),
                    status = table.Column<string>(type: "nvarchar(max)", nullable: false, defaultValueSql: "N'draft'"),
                    room_id = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    starts_at = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ends_at = table.Column<DateTime>(type: "datetime2", nullable: true),
                    occupied_until = table.Column<DateTime>(type: "datetime2", nullable: true),
                    capacity = table.Column<int>(type: "int", nullable: true),
                    languages = table.Column<string>(type: "nvarchar(max)", nullable: false, defaultValueSql: "N'[]'"),
                    interpretation = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    webcast_url = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    accessibility_info = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    status_reason = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    sequence = table.Column<int>(type: "int", nullable: false),
                    created_at = table.Column<DateTime>(type: "datetime2", nullable: false, defaultValueSql: "SYSUTCDATETIME()"),
                    updated_at = table.Column<DateTime>(type: "datetime2", nullable: false, defaultValueSql: "SYSUTCDATETIME()"),
                    slot_response = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    slot_response_due = table.Column<DateTime>(type: "datetime2", nullable: true),
                    change_request = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    flyer_file_name = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    flyer_content_type = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    flyer = table.Column<byte[]>(type: "varbinary(max)", nullable: true),
                    registration_mode = table.Column<string>(type: "nvarchar(max)", nullable: false, defaultValueSql: "N'open'"),
                    attendee_list_public = table.Column<bool>(type: "bit", nullable: false),
                    co_sponsors_locked = table.Column<bool>(type: "bit", nullable: false),
                    co_sponsors_final = table.Column<bool>(type: "bit", nullable: false),
                    submission_key = table.Column<Guid>(type: "uniqueidentifier", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("side_events_pkey", x => x.id);
                    table.ForeignKey(
                        name: "side_events_convening_id_fkey",
                        column: x => x.convening_id,
                        principalTable: "convenings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "side_events_proposer_user_id_fkey",
                        column: x => x.proposer_user_id,
                        principalTable: "users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "side_events_room_id_fkey",
                        column: x => x.room_id,
                        principalTable: "rooms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "co_sponsorships",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false, defaultValueSql: "NEWSEQUENTIALID()"),
                    side_event_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    sponsor_kind = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    state_iso3 = table.Column<string>(type: "nchar(3)", fixedLength: true, maxLength: 3, nullable: true),
                    un_entity_code = table.Column<string>(type: "nvarchar(450)", nullable: true),
                    organisation_name = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    display_name = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    status = table.Column<string>(type: "nvarchar(max)", nullable: false, defaultValueSql: "N'invited'"),
                    created_at = table.Column<DateTime>(type: "datetime2", nullable: false, defaultValueSql: "SYSUTCDATETIME()"),
                    focal_point_name = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    focal_point_email = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    message = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    token_hash = table.Column<byte[]>(type: "varbinary(900)", nullable: true),
                    token_expires_at = table.Column<DateTime>(type: "datetime2", nullable: true),
                    invited_by = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    last_sent_at = table.Column<DateTime>(type: "datetime2", nullable: true),
                    send_count = table.Column<int>(type: "int", nullable: false),
                    opened_at = table.Column<DateTime>(type: "datetime2", nullable: true),
                    answered_at = table.Column<DateTime>(type: "datetime2", nullable: true),
                    authorising_official_name = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    authorising_official_title = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    decline_reason = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    revoked_at = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("co_sponsorships_pkey", x => x.id);
                    table.ForeignKey(
                        name: "co_sponsorships_invited_by_fkey",
                        column: x => x.invited_by,
                        principalTable: "users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "co_sponsorships_side_event_id_fkey",
                        column: x => x.side_event_id,
                        principalTable: "side_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "co_sponsorships_state_iso3_fkey",
                        column: x => x.state_iso3,
                        principalTable: "states",
                        principalColumn: "iso3");
                    table.ForeignKey(
                        name: "co_sponsorships_un_entity_code_fkey",
                        column: x => x.un_entity_code,
                        principalTable: "un_entities",
                        principalColumn: "code");
                });

            migrationBuilder.CreateTable(
                name: "qa_participants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false, defaultValueSql: "NEWSEQUENTIALID()"),
                    side_event_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    user_id = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    browser_key_hash = table.Column<byte[]>(type: "varbinary(900)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("qa_participants_pkey", x => x.id);
                    table.ForeignKey(
                        name: "qa_participants_side_event_id_fkey",
                        column: x => x.side_event_id,
                        principalTable: "side_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "qa_participants_user_id_fkey",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "qa_sessions",
                columns: table => new
                {
                    side_event_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    is_open = table.Column<bool>(type: "bit", nullable: false),
                    pre_moderation = table.Column<bool>(type: "bit", nullable: false),
                    code_access = table.Column<bool>(type: "bit", nullable: false),
                    code = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    updated_at = table.Column<DateTime>(type: "datetime2", nullable: false, defaultValueSql: "SYSUTCDATETIME()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("qa_sessions_pkey", x => x.side_event_id);
                    table.ForeignKey(
                        name: "qa_sessions_side_event_id_fkey",
                        column: x => x.side_event_id,
                        principalTable: "side_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "registration_invitations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false, defaultValueSql: "NEWSEQUENTIALID()"),
                    side_event_id = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    email = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    token_hash = table.Column<byte[]>(type: "varbinary(900)", nullable: false),
                    created_by = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    created_at = table.Column<DateTime>(type: "datetime2", nullable: false, defaultValueSql: "SYSUTCDATETIME()"),
                    used_at = table.Column<DateTime>(type: "datetime2", nullable: true),
                    used_by = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    revoked_at = table.Column<DateTime>(type: "datetime2", nullable: true),
                    convening_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("registration_invitations_pkey", x => x.id);
                    table.ForeignKey(
                        name: "registration_invitations_convening_id_fkey",
                        column: x => x.convening_id,
                        principalTable: "convenings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "registration_invitations_created_by_fkey",
                        column: x => x.created_by,
                        principalTable: "users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "registration_invitations_side_event_id_fkey",
                        column: x => x.side_event_id,
                        principalTable: "side_events",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "registration_invitations_used_by_fkey",
                        column: x => x.used_by,
                        principalTable: "users",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "registrations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false, defaultValueSql: "NEWSEQUENTIALID()"),
                    side_event_id = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    user_id = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    queued_at = table.Column<DateTime>(type: "datetime2", nullable: false, defaultValueSql: "SYSUTCDATETIME()"),
                    queue_order = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    check_in_code = table.Column<string>(type: "nvarchar(450)", nullable: true),
                    checked_in_at = table.Column<DateTime>(type: "datetime2", nullable: true),
                    decision_message = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    created_at = table.Column<DateTime>(type: "datetime2", nullable: false, defaultValueSql: "SYSUTCDATETIME()"),
                    updated_at = table.Column<DateTime>(type: "datetime2", nullable: false, defaultValueSql: "SYSUTCDATETIME()"),
                    convening_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("registrations_pkey", x => x.id);
                    table.ForeignKey(
                        name: "registrations_convening_id_fkey",
                        column: x => x.convening_id,
                        principalTable: "convenings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "registrations_side_event_id_fkey",
                        column: x => x.side_event_id,
                        principalTable: "side_events",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "registrations_user_id_fkey",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "side_event_history",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    side_event_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    at = table.Column<DateTime>(type: "datetime2", nullable: false, defaultValueSql: "SYSUTCDATETIME()"),
                    actor_user_id = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    action = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    detail = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("side_event_history_pkey", x => x.id);
                    table.ForeignKey(
                        name: "side_event_history_actor_user_id_fkey",
                        column: x => x.actor_user_id,
                        principalTable: "users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "side_event_history_side_event_id_fkey",
                        column: x => x.side_event_id,
                        principalTable: "side_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "speakers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false, defaultValueSql: "NEWSEQUENTIALID()"),
                    side_event_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    role = table.Column<string>(type: "nvarchar(max)", nullable: false, defaultValueSql: "N'speaker'"),
                    name = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    title = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    organisation = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    bio = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    publish_name = table.Column<bool>(type: "bit", nullable: false, defaultValue: true),
                    sort_order = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("speakers_pkey", x => x.id);
                    table.ForeignKey(
                        name: "speakers_side_event_id_fkey",
                        column: x => x.side_event_id,
                        principalTable: "side_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "co_sponsor_history",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    side_event_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    co_sponsorship_id = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    at = table.Column<DateTime>(type: "datetime2", nullable: false),
                    actor_user_id = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    by_focal_point = table.Column<bool>(type: "bit", nullable: false),
                    action = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    detail = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("co_sponsor_history_pkey", x => x.id);
                    table.ForeignKey(
                        name: "co_sponsor_history_actor_user_id_fkey",
                        column: x => x.actor_user_id,
                        principalTable: "users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "co_sponsor_history_co_sponsorship_id_fkey",
                        column: x => x.co_sponsorship_id,
                        principalTable: "co_sponsorships",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "co_sponsor_history_side_event_id_fkey",
                        column: x => x.side_event_id,
                        principalTable: "side_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "qa_questions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false, defaultValueSql: "NEWSEQUENTIALID()"),
                    side_event_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    participant_id = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    author_name = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    text = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    state = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    starred = table.Column<bool>(type: "bit", nullable: false),
                    highlighted = table.Column<bool>(type: "bit", nullable: false),
                    edited = table.Column<bool>(type: "bit", nullable: false),
                    votes = table.Column<int>(type: "int", nullable: false),
                    asked_at = table.Column<DateTime>(type: "datetime2", nullable: false, defaultValueSql: "SYSUTCDATETIME()"),
                    revision = table.Column<long>(type: "bigint", nullable: false, defaultValueSql: "NEXT VALUE FOR qa_revision"),
                    client_request_id = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    owner_tag = table.Column<byte[]>(type: "varbinary(900)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("qa_questions_pkey", x => x.id);
                    table.ForeignKey(
                        name: "qa_questions_participant_id_fkey",
                        column: x => x.participant_id,
                        principalTable: "qa_participants",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "qa_questions_side_event_id_fkey",
                        column: x => x.side_event_id,
                        principalTable: "side_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "qa_votes",
                columns: table => new
                {
                    question_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    voter_tag = table.Column<byte[]>(type: "varbinary(900)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("qa_votes_pkey", x => new { x.question_id, x.voter_tag });
                    table.ForeignKey(
                        name: "qa_votes_question_id_fkey",
                        column: x => x.question_id,
                        principalTable: "qa_questions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "co_sponsor_history_event",
                table: "co_sponsor_history",
                columns: new[] { "side_event_id", "at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_co_sponsor_history_actor_user_id",
                table: "co_sponsor_history",
                column: "actor_user_id");

            migrationBuilder.CreateIndex(
                name: "IX_co_sponsor_history_co_sponsorship_id",
                table: "co_sponsor_history",
                column: "co_sponsorship_id");

            migrationBuilder.CreateIndex(
                name: "co_sponsorships_one_entity",
                table: "co_sponsorships",
                columns: new[] { "side_event_id", "un_entity_code" },
                unique: true,
                filter: "(un_entity_code IS NOT NULL)");

            migrationBuilder.CreateIndex(
                name: "co_sponsorships_one_state",
                table: "co_sponsorships",
                columns: new[] { "side_event_id", "state_iso3" },
                unique: true,
                filter: "(state_iso3 IS NOT NULL)");

            migrationBuilder.CreateIndex(
                name: "co_sponsorships_token",
                table: "co_sponsorships",
                column: "token_hash",
                unique: true,
                filter: "(token_hash IS NOT NULL)");

            migrationBuilder.CreateIndex(
                name: "IX_co_sponsorships_invited_by",
                table: "co_sponsorships",
                column: "invited_by");

            migrationBuilder.CreateIndex(
                name: "IX_co_sponsorships_state_iso3",
                table: "co_sponsorships",
                column: "state_iso3");

            migrationBuilder.CreateIndex(
                name: "IX_co_sponsorships_un_entity_code",
                table: "co_sponsorships",
                column: "un_entity_code");

            migrationBuilder.CreateIndex(
                name: "IX_convening_organisers_user_id",
                table: "convening_organisers",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "convenings_slug_key",
                table: "convenings",
                column: "slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "personal_calendar_feeds_token_hash_key",
                table: "personal_calendar_feeds",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "qa_participants_side_event_id_browser_key_hash_key",
                table: "qa_participants",
                columns: new[] { "side_event_id", "browser_key_hash" },
                unique: true,
                filter: "[browser_key_hash] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "qa_participants_side_event_id_user_id_key",
                table: "qa_participants",
                columns: new[] { "side_event_id", "user_id" },
                unique: true,
                filter: "[user_id] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "qa_participants_user",
                table: "qa_participants",
                column: "user_id",
                filter: "(user_id IS NOT NULL)");

            migrationBuilder.CreateIndex(
                name: "qa_questions_event",
                table: "qa_questions",
                columns: new[] { "side_event_id", "asked_at" });

            migrationBuilder.CreateIndex(
                name: "qa_questions_one_highlight",
                table: "qa_questions",
                column: "side_event_id",
                unique: true,
                filter: "(highlighted = 1)");

            migrationBuilder.CreateIndex(
                name: "qa_questions_one_per_request",
                table: "qa_questions",
                columns: new[] { "participant_id", "client_request_id" },
                unique: true,
                filter: "((participant_id IS NOT NULL) AND (client_request_id IS NOT NULL))");

            migrationBuilder.CreateIndex(
                name: "qa_questions_owner_tag",
                table: "qa_questions",
                column: "owner_tag",
                unique: true,
                filter: "(owner_tag IS NOT NULL)");

            migrationBuilder.CreateIndex(
                name: "qa_sessions_code_key",
                table: "qa_sessions",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "qa_votes_voter",
                table: "qa_votes",
                column: "voter_tag");

            migrationBuilder.CreateIndex(
                name: "IX_registration_invitations_convening_id",
                table: "registration_invitations",
                column: "convening_id");

            migrationBuilder.CreateIndex(
                name: "IX_registration_invitations_created_by",
                table: "registration_invitations",
                column: "created_by");

            migrationBuilder.CreateIndex(
                name: "IX_registration_invitations_used_by",
                table: "registration_invitations",
                column: "used_by");

            migrationBuilder.CreateIndex(
                name: "registration_invitations_event",
                table: "registration_invitations",
                column: "side_event_id");

            migrationBuilder.CreateIndex(
                name: "registration_invitations_token_hash_key",
                table: "registration_invitations",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "registrations_check_in_code",
                table: "registrations",
                columns: new[] { "side_event_id", "check_in_code" },
                unique: true,
                filter: "(check_in_code IS NOT NULL)");

            migrationBuilder.CreateIndex(
                name: "registrations_check_in_code_convening",
                table: "registrations",
                columns: new[] { "convening_id", "check_in_code" },
                unique: true,
                filter: "((side_event_id IS NULL) AND (check_in_code IS NOT NULL))");

            migrationBuilder.CreateIndex(
                name: "registrations_one_live_per_user",
                table: "registrations",
                columns: new[] { "side_event_id", "user_id" },
                unique: true,
                filter: "((user_id IS NOT NULL) AND (status IN (N'pending', N'confirmed', N'waitlisted')))");

            migrationBuilder.CreateIndex(
                name: "registrations_one_live_per_user_convening",
                table: "registrations",
                columns: new[] { "convening_id", "user_id" },
                unique: true,
                filter: "((side_event_id IS NULL) AND (user_id IS NOT NULL) AND (status IN (N'pending', N'confirmed', N'waitlisted')))");

            migrationBuilder.CreateIndex(
                name: "registrations_user",
                table: "registrations",
                column: "user_id",
                filter: "(user_id IS NOT NULL)");

            migrationBuilder.CreateIndex(
                name: "registrations_waitlist",
                table: "registrations",
                columns: new[] { "side_event_id", "queue_order" },
                filter: "(status = N'waitlisted')");

            migrationBuilder.CreateIndex(
                name: "registrations_waitlist_convening",
                table: "registrations",
                columns: new[] { "convening_id", "queue_order" },
                filter: "((side_event_id IS NULL) AND (status = N'waitlisted'))");

            migrationBuilder.CreateIndex(
                name: "IX_role_claims_role_id",
                table: "role_claims",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "roles",
                column: "normalized_name",
                unique: true,
                filter: "[normalized_name] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "roles_normalized_name_key",
                table: "roles",
                column: "normalized_name",
                unique: true,
                filter: "[normalized_name] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_rooms_convening_id",
                table: "rooms",
                column: "convening_id");

            migrationBuilder.CreateIndex(
                name: "rooms_venue_id_name_key",
                table: "rooms",
                columns: new[] { "venue_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_side_event_history_actor_user_id",
                table: "side_event_history",
                column: "actor_user_id");

            migrationBuilder.CreateIndex(
                name: "side_event_history_event",
                table: "side_event_history",
                columns: new[] { "side_event_id", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_side_events_room_id",
                table: "side_events",
                column: "room_id");

            migrationBuilder.CreateIndex(
                name: "side_events_convening",
                table: "side_events",
                columns: new[] { "convening_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "side_events_proposer",
                table: "side_events",
                column: "proposer_user_id",
                filter: "(proposer_user_id IS NOT NULL)");

            migrationBuilder.CreateIndex(
                name: "side_events_submission_key",
                table: "side_events",
                columns: new[] { "proposer_user_id", "submission_key" },
                unique: true,
                filter: "(submission_key IS NOT NULL)");

            migrationBuilder.CreateIndex(
                name: "speakers_event",
                table: "speakers",
                columns: new[] { "side_event_id", "sort_order" });

            migrationBuilder.CreateIndex(
                name: "states_name_key",
                table: "states",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "un_entities_name_key",
                table: "un_entities",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_user_claims_user_id",
                table: "user_claims",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "IX_user_logins_user_id",
                table: "user_logins",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "user_recovery_codes_user",
                table: "user_recovery_codes",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "IX_user_roles_role_id",
                table: "user_roles",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "users",
                column: "normalized_email");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "users",
                column: "normalized_user_name",
                unique: true,
                filter: "[normalized_user_name] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "users_normalized_email_key",
                table: "users",
                column: "normalized_email",
                unique: true,
                filter: "[normalized_email] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "users_normalized_user_name_key",
                table: "users",
                column: "normalized_user_name",
                unique: true,
                filter: "[normalized_user_name] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "venues_convening_id_name_key",
                table: "venues",
                columns: new[] { "convening_id", "name" },
                unique: true);

            // What EF's model does not express: the reference data, the rules (checks, the room-clash and exact-seat
            // triggers, the vote count, erasure) and the time zone names for the schedule trigger. See SqlServerSchema.
            migrationBuilder.Sql(SqlServerSchema.ReferenceData());
            foreach (var batch in SqlServerSchema.Batches("0001_rules.sql")) migrationBuilder.Sql(batch);
            migrationBuilder.Sql(SqlServerSchema.TimeZoneNames());
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS time_zone_windows_names;");

            migrationBuilder.DropTable(
                name: "co_sponsor_history");

            migrationBuilder.DropTable(
                name: "convening_organisers");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "participant_profiles");

            migrationBuilder.DropTable(
                name: "personal_calendar_feeds");

            migrationBuilder.DropTable(
                name: "qa_sessions");

            migrationBuilder.DropTable(
                name: "qa_votes");

            migrationBuilder.DropTable(
                name: "registration_invitations");

            migrationBuilder.DropTable(
                name: "registrations");

            migrationBuilder.DropTable(
                name: "role_claims");

            migrationBuilder.DropTable(
                name: "side_event_history");

            migrationBuilder.DropTable(
                name: "speakers");

            migrationBuilder.DropTable(
                name: "user_claims");

            migrationBuilder.DropTable(
                name: "user_logins");

            migrationBuilder.DropTable(
                name: "user_recovery_codes");

            migrationBuilder.DropTable(
                name: "user_roles");

            migrationBuilder.DropTable(
                name: "user_tokens");

            migrationBuilder.DropTable(
                name: "co_sponsorships");

            migrationBuilder.DropTable(
                name: "qa_questions");

            migrationBuilder.DropTable(
                name: "roles");

            migrationBuilder.DropTable(
                name: "states");

            migrationBuilder.DropTable(
                name: "un_entities");

            migrationBuilder.DropTable(
                name: "qa_participants");

            migrationBuilder.DropTable(
                name: "side_events");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "rooms");

            migrationBuilder.DropTable(
                name: "venues");

            migrationBuilder.DropTable(
                name: "convenings");

            migrationBuilder.DropSequence(
                name: "qa_revision");
        }
    }
}
