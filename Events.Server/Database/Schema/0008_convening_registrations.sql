-- Registration for a convening as a whole (a three-day dialogue, say), beside registration for single side events.
-- A registration row now always names its convening; side_event_id is NULL for a convening-wide registration.
ALTER TABLE convenings
    ADD COLUMN registration_enabled boolean NOT NULL DEFAULT false,
    ADD COLUMN registration_mode text NOT NULL DEFAULT 'open' CHECK (registration_mode IN ('open', 'approval', 'invitation')),
    ADD COLUMN registration_capacity integer NULL CHECK (registration_capacity > 0),
    ADD COLUMN attendee_list_public boolean NOT NULL DEFAULT false;

ALTER TABLE registrations ADD COLUMN convening_id uuid NULL REFERENCES convenings (id) ON DELETE CASCADE;
UPDATE registrations g SET convening_id = e.convening_id FROM side_events e WHERE e.id = g.side_event_id;
ALTER TABLE registrations ALTER COLUMN convening_id SET NOT NULL, ALTER COLUMN side_event_id DROP NOT NULL;
CREATE UNIQUE INDEX registrations_one_live_per_user_convening ON registrations (convening_id, user_id)
    WHERE side_event_id IS NULL AND user_id IS NOT NULL AND status IN ('pending', 'confirmed', 'waitlisted');
CREATE UNIQUE INDEX registrations_check_in_code_convening ON registrations (convening_id, check_in_code)
    WHERE side_event_id IS NULL AND check_in_code IS NOT NULL;
CREATE INDEX registrations_waitlist_convening ON registrations (convening_id, queue_order) WHERE side_event_id IS NULL AND status = 'waitlisted';

ALTER TABLE registration_invitations ADD COLUMN convening_id uuid NULL REFERENCES convenings (id) ON DELETE CASCADE;
UPDATE registration_invitations i SET convening_id = e.convening_id FROM side_events e WHERE e.id = i.side_event_id;
ALTER TABLE registration_invitations ALTER COLUMN convening_id SET NOT NULL, ALTER COLUMN side_event_id DROP NOT NULL;
