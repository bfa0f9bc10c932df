-- Anonymous questions that a database dump cannot tie to anyone, and live connections that lose what they may no
-- longer see. README.md ("Security and privacy") describes the design; Events.Server/QandA/QaSecret.cs holds the key.
--
-- Before: every question pointed at a qa_participants row (an account or a browser-key hash), so a dump joined an
-- anonymous question to its asker, and to the same person's named questions; participant rows and votes carried
-- creation times that matched the question's. Now:
--   * an anonymous question has no participant at all. Its asker recognises it by owner_tag, an HMAC under a server
--     key that is kept out of the database (a key file beside the Data Protection keys), over the event, the asker's
--     identity and the question's request id: without that key the tag says nothing;
--   * its time is kept to the minute, so that it matches no other row's time;
--   * a vote is kept under voter_tag, an HMAC of the event, the question and the voter under the same key: one vote
--     per person and question still holds, but a vote leads to nobody, and one person's votes share nothing;
--   * participant rows (now only for named questions) and votes keep no time;
--   * the rate limits live in the server's memory instead of being counted from these rows.
-- It does not touch client_request_id, so it works whether or not 0010_qa_ask_once has run before it.

-- Existing anonymous questions (and named ones whose author erased the account, now nameless) lose their participant.
UPDATE qa_questions SET participant_id = NULL, asked_at = date_trunc('minute', asked_at) WHERE author_name IS NULL;
ALTER TABLE qa_questions
    ADD COLUMN owner_tag bytea NULL CHECK (octet_length(owner_tag) = 32),
    -- A question without a name leads to no participant; a tagged one is anonymous.
    ADD CONSTRAINT qa_questions_nameless_lead_nowhere CHECK (author_name IS NOT NULL OR participant_id IS NULL),
    ADD CONSTRAINT qa_questions_tag_only_anonymous CHECK (owner_tag IS NULL OR (participant_id IS NULL AND author_name IS NULL));
CREATE UNIQUE INDEX qa_questions_owner_tag ON qa_questions (owner_tag) WHERE owner_tag IS NOT NULL;
-- The rate limit no longer counts rows per participant.
DROP INDEX qa_questions_recent_by_participant;

ALTER TABLE qa_participants DROP COLUMN created_at;
-- Rows left with neither an account nor a key lead nowhere.
DELETE FROM qa_participants WHERE user_id IS NULL AND browser_key_hash IS NULL;

-- Votes: existing ones keep counting under a random tag (nobody can recompute it, so a voter from before this change
-- could vote once more on a question from before it); new ones get their voter's tag.
ALTER TABLE qa_votes ADD COLUMN voter_tag bytea NULL;
UPDATE qa_votes SET voter_tag = decode(replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''), 'hex');
ALTER TABLE qa_votes DROP CONSTRAINT qa_votes_pkey;
DROP INDEX qa_votes_participant;
ALTER TABLE qa_votes DROP COLUMN participant_id, DROP COLUMN voted_at;
ALTER TABLE qa_votes ALTER COLUMN voter_tag SET NOT NULL, ADD CHECK (octet_length(voter_tag) = 32), ADD PRIMARY KEY (question_id, voter_tag);
CREATE INDEX qa_votes_voter ON qa_votes (voter_tag);

-- Account erasure: the person's named questions lose their name and their participant, and the participant row goes.
CREATE OR REPLACE FUNCTION qa_participants_forget_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE qa_questions SET author_name = NULL, participant_id = NULL, revision = nextval('qa_revision') WHERE participant_id = NEW.id;
    DELETE FROM qa_participants WHERE id = NEW.id;
    RETURN NULL;
END;
$$;

-- Grants that end: the server keeps joined hub connections in groups that receive questions, and takes them out when
-- the reason they were let in goes away. These triggers tell every server instance (LISTEN qa_access) whose access to
-- look at again, when the change commits: 'user:<id>' or 'event:<id>'. The payload names no question.
CREATE FUNCTION qa_access_changed_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.user_id IS NOT NULL THEN PERFORM pg_notify('qa_access', 'user:' || OLD.user_id); END IF;
    RETURN NULL;
END;
$$;
CREATE FUNCTION qa_access_changed_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('qa_access', 'event:' || OLD.side_event_id);
    RETURN NULL;
END;
$$;
CREATE FUNCTION qa_access_changed_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('qa_access', 'user:' || OLD.id);
    RETURN NULL;
END;
$$;
CREATE FUNCTION qa_access_changed_side_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('qa_access', 'event:' || OLD.id);
    RETURN NULL;
END;
$$;
-- An organiser removed from a convening; a role (Admin, Moderator) taken away; an account erased.
CREATE TRIGGER qa_access_organiser_removed AFTER DELETE ON convening_organisers
    FOR EACH ROW EXECUTE FUNCTION qa_access_changed_user();
CREATE TRIGGER qa_access_role_removed AFTER DELETE ON user_roles
    FOR EACH ROW EXECUTE FUNCTION qa_access_changed_user();
CREATE TRIGGER qa_access_account_erased AFTER DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION qa_access_changed_account();
-- A confirmed registration that is no longer confirmed (cancelled, removed, declined) or gone.
CREATE TRIGGER qa_access_registration_ended AFTER UPDATE OF status ON registrations
    FOR EACH ROW WHEN (OLD.status = 'confirmed' AND NEW.status <> 'confirmed') EXECUTE FUNCTION qa_access_changed_user();
CREATE TRIGGER qa_access_registration_deleted AFTER DELETE ON registrations
    FOR EACH ROW WHEN (OLD.status = 'confirmed') EXECUTE FUNCTION qa_access_changed_user();
-- The proposer (one of the event's moderators) changed, or the event moved to another convening (other organisers).
CREATE TRIGGER qa_access_event_staff_changed AFTER UPDATE OF proposer_user_id, convening_id ON side_events
    FOR EACH ROW WHEN (OLD.proposer_user_id IS DISTINCT FROM NEW.proposer_user_id OR OLD.convening_id IS DISTINCT FROM NEW.convening_id)
    EXECUTE FUNCTION qa_access_changed_side_event();
-- Code access turned off, or a new code issued: connections let in by the old code go.
CREATE TRIGGER qa_access_code_changed AFTER UPDATE OF code_access, code ON qa_sessions
    FOR EACH ROW WHEN ((OLD.code_access AND NOT NEW.code_access) OR OLD.code <> NEW.code) EXECUTE FUNCTION qa_access_changed_event();
