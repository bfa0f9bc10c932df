-- Proposal and review workflow: the proposer's answer to an offered slot, and the flyer.
ALTER TABLE side_events
    ADD COLUMN slot_response text NULL CHECK (slot_response IN ('pending', 'accepted', 'change_requested')),
    ADD COLUMN slot_response_due timestamptz NULL,
    ADD COLUMN change_request text NULL CHECK (length(change_request) <= 2000),
    ADD COLUMN flyer_file_name text NULL CHECK (length(flyer_file_name) <= 200),
    ADD COLUMN flyer_content_type text NULL CHECK (flyer_content_type IN ('application/pdf', 'image/png', 'image/jpeg', 'image/webp')),
    ADD COLUMN flyer bytea NULL CHECK (octet_length(flyer) <= 5242880);

CREATE INDEX side_events_proposer ON side_events (proposer_user_id) WHERE proposer_user_id IS NOT NULL;
