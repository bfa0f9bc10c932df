-- Double submits: the proposal form carries a key made when it was shown; the same form posted again (a double click,
-- a retry, five concurrent posts) finds the proposal the first post made instead of creating another.
ALTER TABLE side_events ADD COLUMN submission_key uuid NULL;
CREATE UNIQUE INDEX side_events_submission_key ON side_events (proposer_user_id, submission_key) WHERE submission_key IS NOT NULL;
