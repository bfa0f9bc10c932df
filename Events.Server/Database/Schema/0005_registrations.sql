-- Registrations for side events: capacity, waitlist, approval and invitation modes, check-in, participant profiles.

CREATE TABLE participant_profiles (
    user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    organisation text NULL CHECK (length(organisation) <= 200),
    stakeholder_group text NULL CHECK (stakeholder_group IN ('government', 'un_or_igo', 'civil_society', 'human_rights_defender',
        'donor', 'business', 'academia', 'media', 'other')),
    country text NULL CHECK (length(country) <= 100),
    gender text NULL CHECK (length(gender) <= 60),
    accessibility_needs text NULL CHECK (length(accessibility_needs) <= 1000),
    interpretation_needs text NULL CHECK (length(interpretation_needs) <= 500),
    -- Both consents default to no: a name is never published, nor a photo taken, unless the participant says yes.
    consent_publish_name boolean NOT NULL DEFAULT false,
    consent_photograph boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE side_events
    ADD COLUMN registration_mode text NOT NULL DEFAULT 'open' CHECK (registration_mode IN ('open', 'approval', 'invitation')),
    ADD COLUMN attendee_list_public boolean NOT NULL DEFAULT false;

CREATE TABLE registrations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    side_event_id uuid NOT NULL REFERENCES side_events (id) ON DELETE CASCADE,
    -- NULL once the participant has erased their account: the row stays so that counts stay right, with nothing personal in it.
    user_id uuid NULL REFERENCES users (id) ON DELETE SET NULL,
    status text NOT NULL CHECK (status IN ('pending', 'confirmed', 'waitlisted', 'declined', 'cancelled', 'removed')),
    -- First come, first served: the waitlist is promoted in this order.
    queued_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    queue_order bigint GENERATED ALWAYS AS IDENTITY,
    check_in_code text NULL,
    checked_in_at timestamptz NULL,
    decision_message text NULL CHECK (length(decision_message) <= 2000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (status <> 'confirmed' OR check_in_code IS NOT NULL)
);
-- One live registration per person and event: a double submit finds the first.
CREATE UNIQUE INDEX registrations_one_live_per_user ON registrations (side_event_id, user_id)
    WHERE user_id IS NOT NULL AND status IN ('pending', 'confirmed', 'waitlisted');
CREATE UNIQUE INDEX registrations_check_in_code ON registrations (side_event_id, check_in_code) WHERE check_in_code IS NOT NULL;
CREATE INDEX registrations_waitlist ON registrations (side_event_id, queue_order) WHERE status = 'waitlisted';
CREATE INDEX registrations_user ON registrations (user_id) WHERE user_id IS NOT NULL;

-- Personal invitation links for invitation-only events; only the hash of the token is kept.
CREATE TABLE registration_invitations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    side_event_id uuid NOT NULL REFERENCES side_events (id) ON DELETE CASCADE,
    email text NOT NULL CHECK (length(email) <= 254),
    token_hash bytea NOT NULL UNIQUE,
    created_by uuid NULL REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    used_at timestamptz NULL,
    used_by uuid NULL REFERENCES users (id) ON DELETE SET NULL,
    revoked_at timestamptz NULL
);
CREATE INDEX registration_invitations_event ON registration_invitations (side_event_id);
