-- Convenings, venues, rooms, side events, speakers and co-sponsorships.
-- Scheduling rules live here as well as in the UI: the exclusion constraint refuses two events in one
-- room at overlapping times (changeover buffer included), and triggers keep times inside the convening's
-- dates and capacities within the room's.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE convenings (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 60),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind text NOT NULL CHECK (kind IN ('un_session', 'dialogue')),
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    time_zone text NOT NULL CHECK (length(time_zone) <= 64),
    organising_organisation text NULL CHECK (length(organising_organisation) <= 200),
    description_md text NOT NULL DEFAULT '' CHECK (length(description_md) <= 20000),
    visibility text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'unlisted', 'invitation')),
    chatham_house boolean NOT NULL DEFAULT false,
    changeover_minutes integer NOT NULL DEFAULT 15 CHECK (changeover_minutes BETWEEN 0 AND 240),
    cross_regional_threshold integer NOT NULL DEFAULT 3 CHECK (cross_regional_threshold BETWEEN 1 AND 5),
    slot_response_days integer NOT NULL DEFAULT 5 CHECK (slot_response_days BETWEEN 0 AND 60),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on >= starts_on)
);

-- The Organiser role scoped to one convening.
CREATE TABLE convening_organisers (
    convening_id uuid NOT NULL REFERENCES convenings (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (convening_id, user_id)
);

CREATE TABLE venues (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    convening_id uuid NOT NULL REFERENCES convenings (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    address text NULL CHECK (length(address) <= 500),
    UNIQUE (convening_id, name)
);

CREATE TABLE rooms (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    convening_id uuid NOT NULL REFERENCES convenings (id) ON DELETE CASCADE,
    venue_id uuid NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    capacity integer NOT NULL CHECK (capacity > 0 AND capacity <= 100000),
    accessibility_notes text NULL CHECK (length(accessibility_notes) <= 2000),
    mode text NOT NULL DEFAULT 'in_person' CHECK (mode IN ('in_person', 'virtual')),
    UNIQUE (venue_id, name)
);

CREATE TABLE side_events (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    convening_id uuid NOT NULL REFERENCES convenings (id) ON DELETE CASCADE,
    kind text NOT NULL DEFAULT 'side_event' CHECK (kind IN ('side_event', 'plenary', 'working_group', 'session')),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    abstract_md text NOT NULL DEFAULT '' CHECK (length(abstract_md) <= 20000),
    themes text[] NOT NULL DEFAULT '{}',
    proposing_organisation text NOT NULL CHECK (length(proposing_organisation) BETWEEN 1 AND 200),
    proposer_user_id uuid NULL REFERENCES users (id) ON DELETE SET NULL,
    format text NOT NULL DEFAULT 'in_person' CHECK (format IN ('in_person', 'virtual', 'hybrid')),
    status text NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'submitted', 'accepted', 'waitlisted', 'declined', 'scheduled', 'cancelled')),
    room_id uuid NULL REFERENCES rooms (id) ON DELETE RESTRICT,
    starts_at timestamptz NULL,
    ends_at timestamptz NULL,
    -- ends_at plus the convening's changeover buffer; kept by the trigger below, used by the exclusion constraint.
    occupied_until timestamptz NULL,
    capacity integer NULL CHECK (capacity > 0),
    languages text[] NOT NULL DEFAULT '{}',
    interpretation text NULL CHECK (length(interpretation) <= 500),
    webcast_url text NULL CHECK (length(webcast_url) <= 2000),
    accessibility_info text NULL CHECK (length(accessibility_info) <= 2000),
    status_reason text NULL CHECK (length(status_reason) <= 2000),
    -- iCalendar SEQUENCE: raised with every change of time, place or status.
    sequence integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((starts_at IS NULL) = (ends_at IS NULL)),
    CHECK (ends_at > starts_at),
    CHECK (status <> 'scheduled' OR (room_id IS NOT NULL AND starts_at IS NOT NULL)),
    CONSTRAINT side_events_no_room_clash EXCLUDE USING gist (
        room_id WITH =,
        tstzrange(starts_at, occupied_until, '[)') WITH &&
    ) WHERE (room_id IS NOT NULL AND starts_at IS NOT NULL AND status IN ('accepted', 'scheduled'))
);
CREATE INDEX side_events_convening ON side_events (convening_id, starts_at);

CREATE FUNCTION side_events_check_schedule() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    c convenings%ROWTYPE;
    room_capacity integer;
    room_convening uuid;
BEGIN
    SELECT * INTO c FROM convenings WHERE id = NEW.convening_id;
    IF NEW.starts_at IS NOT NULL THEN
        NEW.occupied_until := NEW.ends_at + make_interval(mins => c.changeover_minutes);
        IF (NEW.starts_at AT TIME ZONE c.time_zone)::date < c.starts_on
           OR ((NEW.ends_at - interval '1 microsecond') AT TIME ZONE c.time_zone)::date > c.ends_on THEN
            RAISE EXCEPTION 'The event must take place between % and % (%).', c.starts_on, c.ends_on, c.time_zone
                USING ERRCODE = 'check_violation', CONSTRAINT = 'side_events_within_convening';
        END IF;
    ELSE
        NEW.occupied_until := NULL;
    END IF;
    IF NEW.room_id IS NOT NULL THEN
        SELECT capacity, convening_id INTO room_capacity, room_convening FROM rooms WHERE id = NEW.room_id;
        IF room_convening <> NEW.convening_id THEN
            RAISE EXCEPTION 'The room belongs to another convening.'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'side_events_room_in_convening';
        END IF;
        IF NEW.capacity IS NOT NULL AND NEW.capacity > room_capacity THEN
            RAISE EXCEPTION 'The capacity (%) is above the room''s capacity (%).', NEW.capacity, room_capacity
                USING ERRCODE = 'check_violation', CONSTRAINT = 'side_events_capacity_within_room';
        END IF;
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER side_events_check_schedule BEFORE INSERT OR UPDATE ON side_events
    FOR EACH ROW EXECUTE FUNCTION side_events_check_schedule();

-- Who did what to a side event, and when: the history shown to organisers and proposers.
CREATE TABLE side_event_history (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    side_event_id uuid NOT NULL REFERENCES side_events (id) ON DELETE CASCADE,
    at timestamptz NOT NULL DEFAULT now(),
    actor_user_id uuid NULL REFERENCES users (id) ON DELETE SET NULL,
    action text NOT NULL,
    detail text NULL
);
CREATE INDEX side_event_history_event ON side_event_history (side_event_id, at);

CREATE TABLE speakers (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    side_event_id uuid NOT NULL REFERENCES side_events (id) ON DELETE CASCADE,
    role text NOT NULL DEFAULT 'speaker' CHECK (role IN ('speaker', 'moderator')),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    title text NULL CHECK (length(title) <= 200),
    organisation text NULL CHECK (length(organisation) <= 200),
    bio text NULL CHECK (length(bio) <= 2000),
    -- "Do not publish my name": public pages show the role and organisation only.
    publish_name boolean NOT NULL DEFAULT true,
    sort_order integer NOT NULL DEFAULT 0
);
CREATE INDEX speakers_event ON speakers (side_event_id, sort_order);

-- A co-sponsor of a side event: a State, a UN entity or another organisation. Only confirmed ones are public.
CREATE TABLE co_sponsorships (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    side_event_id uuid NOT NULL REFERENCES side_events (id) ON DELETE CASCADE,
    sponsor_kind text NOT NULL CHECK (sponsor_kind IN ('state', 'un_entity', 'organisation')),
    state_iso3 char(3) NULL REFERENCES states (iso3),
    un_entity_code text NULL REFERENCES un_entities (code),
    organisation_name text NULL CHECK (length(organisation_name) <= 200),
    display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    status text NOT NULL DEFAULT 'invited'
        CHECK (status IN ('invited', 'opened', 'confirmed', 'declined', 'expired', 'revoked')),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((sponsor_kind = 'state') = (state_iso3 IS NOT NULL)),
    CHECK ((sponsor_kind = 'un_entity') = (un_entity_code IS NOT NULL))
);
CREATE UNIQUE INDEX co_sponsorships_one_state ON co_sponsorships (side_event_id, state_iso3) WHERE state_iso3 IS NOT NULL;
CREATE UNIQUE INDEX co_sponsorships_one_entity ON co_sponsorships (side_event_id, un_entity_code) WHERE un_entity_code IS NOT NULL;
