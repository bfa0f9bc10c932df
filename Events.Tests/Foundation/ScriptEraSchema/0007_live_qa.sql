-- Live Q&A for side events: per-event settings, participants, questions and votes.
--
-- Anonymity: a question points at a qa_participants row, never at an account directly. That link exists only for the
-- rate limit and for erasure; no page, hub message, export or log shows it. A participant is either an account or a
-- code-holder's browser, of which only a hash is kept.

CREATE TABLE qa_sessions (
    side_event_id uuid PRIMARY KEY REFERENCES side_events (id) ON DELETE CASCADE,
    -- Closed until the organisers open it; closed Q&A refuses new questions.
    is_open boolean NOT NULL DEFAULT false,
    -- Questions wait in a queue until a moderator approves them.
    pre_moderation boolean NOT NULL DEFAULT false,
    -- Anyone with the code may join, not only the event's confirmed participants.
    code_access boolean NOT NULL DEFAULT false,
    code text NOT NULL UNIQUE CHECK (code ~ '^[A-HJKMNP-Z2-9]{6}$'),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE qa_participants (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    side_event_id uuid NOT NULL REFERENCES side_events (id) ON DELETE CASCADE,
    -- An account. Erasing the account sets this to NULL, and the trigger below removes the name from its questions:
    -- the questions and votes stay (counts stay right) but lead to nobody.
    user_id uuid NULL REFERENCES users (id) ON DELETE SET NULL,
    -- A code-holder's browser: SHA-256 of the event's id and the browser's random key. The key itself is not stored,
    -- and the same browser hashes differently in every event.
    browser_key_hash bytea NULL CHECK (octet_length(browser_key_hash) = 32),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (user_id IS NULL OR browser_key_hash IS NULL),
    UNIQUE (side_event_id, user_id),
    UNIQUE (side_event_id, browser_key_hash)
);
CREATE INDEX qa_participants_user ON qa_participants (user_id) WHERE user_id IS NOT NULL;

-- Every change to a question takes the next value, so clients can tell a newer copy from an older one.
CREATE SEQUENCE qa_revision;

CREATE TABLE qa_questions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    side_event_id uuid NOT NULL REFERENCES side_events (id) ON DELETE CASCADE,
    participant_id uuid NULL REFERENCES qa_participants (id) ON DELETE SET NULL,
    -- The name the asker chose to show; NULL for an anonymous question.
    author_name text NULL CHECK (length(author_name) BETWEEN 1 AND 120),
    text text NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
    state text NOT NULL CHECK (state IN ('pending', 'published', 'answered', 'hidden', 'archived')),
    starred boolean NOT NULL DEFAULT false,
    highlighted boolean NOT NULL DEFAULT false,
    edited boolean NOT NULL DEFAULT false,
    votes integer NOT NULL DEFAULT 0 CHECK (votes >= 0),
    asked_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    revision bigint NOT NULL DEFAULT nextval('qa_revision'),
    CHECK (NOT highlighted OR state = 'published')
);
-- One question at a time is being answered.
CREATE UNIQUE INDEX qa_questions_one_highlight ON qa_questions (side_event_id) WHERE highlighted;
CREATE INDEX qa_questions_event ON qa_questions (side_event_id, asked_at);
CREATE INDEX qa_questions_recent_by_participant ON qa_questions (participant_id, asked_at) WHERE participant_id IS NOT NULL;

-- One vote per participant and question: the primary key has the last word on double votes.
CREATE TABLE qa_votes (
    question_id uuid NOT NULL REFERENCES qa_questions (id) ON DELETE CASCADE,
    participant_id uuid NOT NULL REFERENCES qa_participants (id) ON DELETE CASCADE,
    voted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (question_id, participant_id)
);
CREATE INDEX qa_votes_participant ON qa_votes (participant_id);

-- The vote count follows the votes table whatever removes or adds a row.
CREATE FUNCTION qa_votes_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE qa_questions SET votes = votes + 1, revision = nextval('qa_revision') WHERE id = NEW.question_id;
    ELSE
        UPDATE qa_questions SET votes = votes - 1, revision = nextval('qa_revision') WHERE id = OLD.question_id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER qa_votes_count AFTER INSERT OR DELETE ON qa_votes FOR EACH ROW EXECUTE FUNCTION qa_votes_count();

-- Account erasure (DELETE FROM users) sets qa_participants.user_id to NULL; the name on that person's questions goes too.
CREATE FUNCTION qa_participants_forget_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE qa_questions SET author_name = NULL, revision = nextval('qa_revision')
    WHERE participant_id = NEW.id AND author_name IS NOT NULL;
    RETURN NULL;
END;
$$;
CREATE TRIGGER qa_participants_erased AFTER UPDATE OF user_id ON qa_participants
    FOR EACH ROW WHEN (OLD.user_id IS NOT NULL AND NEW.user_id IS NULL) EXECUTE FUNCTION qa_participants_forget_names();
