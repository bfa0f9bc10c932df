-- Co-sponsor invitations: a focal point answers through a link without an account.
-- Extends co_sponsorships (0003) rather than replacing it: the demo data and the public pages already use its rows and
-- statuses. Rows made before this migration keep NULL invitation columns; they simply have no link.
--
-- 'expired' is never stored: an invitation is expired when it is still unanswered ('invited' or 'opened') and its link's
-- expiry has passed, which the services work out with the app's clock. A confirmed or declined answer stands after its
-- link expires.

ALTER TABLE co_sponsorships
    -- Personal data: shown to the event's organisers only, never on public pages and never in information-level logs.
    ADD COLUMN focal_point_name text NULL CHECK (length(focal_point_name) <= 200),
    ADD COLUMN focal_point_email text NULL CHECK (length(focal_point_email) <= 254),
    ADD COLUMN message text NULL CHECK (length(message) <= 4000),
    -- SHA-256 of the link's token; the token itself is only in the mail. NULL once revoked.
    ADD COLUMN token_hash bytea NULL CHECK (octet_length(token_hash) = 32),
    ADD COLUMN token_expires_at timestamptz NULL,
    ADD COLUMN invited_by uuid NULL REFERENCES users (id) ON DELETE SET NULL,
    ADD COLUMN last_sent_at timestamptz NULL,
    ADD COLUMN send_count integer NOT NULL DEFAULT 0,
    ADD COLUMN opened_at timestamptz NULL,
    ADD COLUMN answered_at timestamptz NULL,
    ADD COLUMN authorising_official_name text NULL CHECK (length(authorising_official_name) <= 200),
    ADD COLUMN authorising_official_title text NULL CHECK (length(authorising_official_title) <= 200),
    ADD COLUMN decline_reason text NULL CHECK (length(decline_reason) <= 2000),
    ADD COLUMN revoked_at timestamptz NULL,
    ADD CONSTRAINT co_sponsorships_organisation_named CHECK (sponsor_kind <> 'organisation' OR organisation_name IS NOT NULL);

CREATE UNIQUE INDEX co_sponsorships_token ON co_sponsorships (token_hash) WHERE token_hash IS NOT NULL;
CREATE UNIQUE INDEX co_sponsorships_one_organisation ON co_sponsorships (side_event_id, lower(organisation_name))
    WHERE sponsor_kind = 'organisation';

-- The organiser closes the list (focal points can no longer change their answer) and marks it final once the
-- convening's eligibility rules are met.
ALTER TABLE side_events
    ADD COLUMN co_sponsors_locked boolean NOT NULL DEFAULT false,
    ADD COLUMN co_sponsors_final boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT side_events_final_list_is_locked CHECK (NOT co_sponsors_final OR co_sponsors_locked);

-- Eligibility rules, e.g. "at least one Member State or UN entity must co-sponsor for the event to be held on UN premises".
-- 0 means no rule. Regional groups are counted as on the public page (a State's regional group, else its electoral group).
ALTER TABLE convenings
    ADD COLUMN min_member_state_or_un_cosponsors integer NOT NULL DEFAULT 0 CHECK (min_member_state_or_un_cosponsors BETWEEN 0 AND 50),
    ADD COLUMN min_cosponsor_regional_groups integer NOT NULL DEFAULT 0 CHECK (min_cosponsor_regional_groups BETWEEN 0 AND 5);

-- Who did what to a side event's co-sponsors, and when. An organiser's action carries their user id; a focal point's
-- carries by_focal_point and the invitation it acted through.
CREATE TABLE co_sponsor_history (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    side_event_id uuid NOT NULL REFERENCES side_events (id) ON DELETE CASCADE,
    co_sponsorship_id uuid NULL REFERENCES co_sponsorships (id) ON DELETE CASCADE,
    at timestamptz NOT NULL,
    actor_user_id uuid NULL REFERENCES users (id) ON DELETE SET NULL,
    by_focal_point boolean NOT NULL DEFAULT false,
    action text NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
    detail text NULL CHECK (length(detail) <= 2000),
    CHECK (NOT by_focal_point OR co_sponsorship_id IS NOT NULL)
);
CREATE INDEX co_sponsor_history_event ON co_sponsor_history (side_event_id, at, id);
