using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Events.Server.Database.Migrations.PostgreSql
{
    /// <summary>
    /// Calendar feeds cached in memory and told of changes: rooms and venues get updated_at (for Last-Modified), events
    /// that leave the public programme are kept in calendar_removals, and triggers NOTIFY calendar_changes with what
    /// changed, so that every server instance drops exactly the cached feeds it affects (CalendarChangeWatcher).
    /// </summary>
    public partial class CalendarFeedChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "updated_at",
                table: "venues",
                type: "timestamp with time zone",
                nullable: false,
                defaultValueSql: "now()");

            migrationBuilder.AddColumn<DateTime>(
                name: "updated_at",
                table: "rooms",
                type: "timestamp with time zone",
                nullable: false,
                defaultValueSql: "now()");

            migrationBuilder.CreateTable(
                name: "calendar_removals",
                columns: table => new
                {
                    side_event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    convening_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "text", nullable: false),
                    organiser = table.Column<string>(type: "text", nullable: false),
                    starts_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    removed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("calendar_removals_pkey", x => x.side_event_id);
                });

            migrationBuilder.CreateIndex(
                name: "calendar_removals_convening",
                table: "calendar_removals",
                columns: new[] { "convening_id", "removed_at" });

            // Triggers rather than calls from each service, so that every way of changing the data counts (the pages,
            // another instance, a change made in the database by hand). Notifications are sent when the change commits.
            migrationBuilder.Sql(TriggersUp);
        }

        private const string TriggersUp = """
            CREATE FUNCTION calendar_touch() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.updated_at := now();
                RETURN NEW;
            END;
            $$;
            CREATE TRIGGER rooms_touch BEFORE UPDATE ON rooms
                FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION calendar_touch();
            CREATE TRIGGER venues_touch BEFORE UPDATE ON venues
                FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION calendar_touch();

            -- A side event that is or was public (scheduled or cancelled, with a time): 'event:<id>'. One that leaves the
            -- public programme is kept in calendar_removals (with a higher SEQUENCE); one that comes back is taken out.
            CREATE FUNCTION calendar_side_event_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                was_public boolean := TG_OP <> 'INSERT' AND OLD.status IN ('scheduled', 'cancelled') AND OLD.starts_at IS NOT NULL;
                is_public boolean := TG_OP <> 'DELETE' AND NEW.status IN ('scheduled', 'cancelled') AND NEW.starts_at IS NOT NULL;
            BEGIN
                IF was_public AND NOT is_public THEN
                    DELETE FROM calendar_removals WHERE removed_at < now() - interval '30 days';
                    INSERT INTO calendar_removals (side_event_id, convening_id, title, organiser, starts_at, ends_at, sequence)
                    VALUES (OLD.id, OLD.convening_id, OLD.title, OLD.proposing_organisation, OLD.starts_at, OLD.ends_at, OLD.sequence + 1)
                    ON CONFLICT (side_event_id) DO UPDATE SET convening_id = EXCLUDED.convening_id, title = EXCLUDED.title, organiser = EXCLUDED.organiser,
                        starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, sequence = EXCLUDED.sequence, removed_at = now();
                ELSIF is_public AND TG_OP <> 'INSERT' AND NOT was_public THEN
                    DELETE FROM calendar_removals WHERE side_event_id = NEW.id;
                END IF;
                IF was_public OR is_public THEN
                    PERFORM pg_notify('calendar_changes', 'event:' || CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
                END IF;
                RETURN NULL;
            END;
            $$;
            CREATE TRIGGER calendar_side_event_changed AFTER INSERT OR UPDATE OR DELETE ON side_events
                FOR EACH ROW EXECUTE FUNCTION calendar_side_event_changed();

            -- Whatever a calendar shows of a room, a venue or a convening: 'room:<id>', 'venue:<id>', 'convening:<id>'.
            CREATE FUNCTION calendar_place_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('calendar_changes', TG_ARGV[0] || ':' || OLD.id);
                RETURN NULL;
            END;
            $$;
            CREATE TRIGGER calendar_room_changed AFTER UPDATE OF name, venue_id ON rooms
                FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.venue_id IS DISTINCT FROM NEW.venue_id)
                EXECUTE FUNCTION calendar_place_changed('room');
            CREATE TRIGGER calendar_venue_changed AFTER UPDATE OF name, address ON venues
                FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.address IS DISTINCT FROM NEW.address)
                EXECUTE FUNCTION calendar_place_changed('venue');
            CREATE TRIGGER calendar_convening_changed AFTER UPDATE ON convenings
                FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION calendar_place_changed('convening');
            CREATE TRIGGER calendar_convening_deleted AFTER DELETE ON convenings
                FOR EACH ROW EXECUTE FUNCTION calendar_place_changed('convening');

            -- A personal feed: a confirmed registration that begins, ends or moves, or the feed's address reset: 'user:<id>'.
            CREATE FUNCTION calendar_registration_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP <> 'INSERT' AND OLD.user_id IS NOT NULL AND OLD.status = 'confirmed' THEN
                    PERFORM pg_notify('calendar_changes', 'user:' || OLD.user_id);
                END IF;
                IF TG_OP <> 'DELETE' AND NEW.user_id IS NOT NULL AND NEW.status = 'confirmed' THEN
                    PERFORM pg_notify('calendar_changes', 'user:' || NEW.user_id);
                END IF;
                RETURN NULL;
            END;
            $$;
            CREATE TRIGGER calendar_registration_added AFTER INSERT ON registrations
                FOR EACH ROW WHEN (NEW.status = 'confirmed') EXECUTE FUNCTION calendar_registration_changed();
            CREATE TRIGGER calendar_registration_changed AFTER UPDATE OF status, user_id, side_event_id ON registrations
                FOR EACH ROW WHEN ((OLD.status = 'confirmed' OR NEW.status = 'confirmed')
                                   AND (OLD.status, OLD.user_id, OLD.side_event_id) IS DISTINCT FROM (NEW.status, NEW.user_id, NEW.side_event_id))
                EXECUTE FUNCTION calendar_registration_changed();
            CREATE TRIGGER calendar_registration_deleted AFTER DELETE ON registrations
                FOR EACH ROW WHEN (OLD.status = 'confirmed') EXECUTE FUNCTION calendar_registration_changed();
            CREATE FUNCTION calendar_feed_address_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('calendar_changes', 'user:' || OLD.user_id);
                RETURN NULL;
            END;
            $$;
            CREATE TRIGGER calendar_feed_address_changed AFTER UPDATE OR DELETE ON personal_calendar_feeds
                FOR EACH ROW EXECUTE FUNCTION calendar_feed_address_changed();

            -- Confirmed co-sponsors count for the programme's organisation filter: 'sponsor:<side event id>'.
            CREATE FUNCTION calendar_sponsor_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('calendar_changes', 'sponsor:' || CASE WHEN TG_OP = 'DELETE' THEN OLD.side_event_id ELSE NEW.side_event_id END);
                RETURN NULL;
            END;
            $$;
            CREATE TRIGGER calendar_sponsor_changed AFTER INSERT OR UPDATE OR DELETE ON co_sponsorships
                FOR EACH ROW EXECUTE FUNCTION calendar_sponsor_changed();
            """;

        private const string TriggersDown = """
            DROP TRIGGER calendar_sponsor_changed ON co_sponsorships;
            DROP FUNCTION calendar_sponsor_changed();
            DROP TRIGGER calendar_feed_address_changed ON personal_calendar_feeds;
            DROP FUNCTION calendar_feed_address_changed();
            DROP TRIGGER calendar_registration_added ON registrations;
            DROP TRIGGER calendar_registration_changed ON registrations;
            DROP TRIGGER calendar_registration_deleted ON registrations;
            DROP FUNCTION calendar_registration_changed();
            DROP TRIGGER calendar_room_changed ON rooms;
            DROP TRIGGER calendar_venue_changed ON venues;
            DROP TRIGGER calendar_convening_changed ON convenings;
            DROP TRIGGER calendar_convening_deleted ON convenings;
            DROP FUNCTION calendar_place_changed();
            DROP TRIGGER calendar_side_event_changed ON side_events;
            DROP FUNCTION calendar_side_event_changed();
            DROP TRIGGER rooms_touch ON rooms;
            DROP TRIGGER venues_touch ON venues;
            DROP FUNCTION calendar_touch();
            """;


        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(TriggersDown);

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
