-- The rules PostgreSQL's schema scripts (Database/Schema) enforce, in SQL Server's terms. EF's migration has made the
-- tables, keys, indexes (filtered unique ones included: one highlighted question per event, one ask per request key,
-- one proposal per submission key, one live registration per person) and the sequence; this adds what EF's model does
-- not express. Written for SQL Server 2022 and checked only as generated text: there is no SQL Server where it was made.

-- The roles the app knows (0001_accounts.sql).
INSERT INTO roles (id, name, normalized_name, concurrency_stamp) VALUES
    ('6f1d3c2a-0001-4000-8000-000000000001', N'Admin', N'ADMIN', CONVERT(nvarchar(36), NEWID())),
    ('6f1d3c2a-0001-4000-8000-000000000002', N'Organiser', N'ORGANISER', CONVERT(nvarchar(36), NEWID())),
    ('6f1d3c2a-0001-4000-8000-000000000003', N'Moderator', N'MODERATOR', CONVERT(nvarchar(36), NEWID()));
GO

-- Checks (the coded values and the rules between columns; lengths are checked by the app's forms on both providers).
ALTER TABLE states ADD CONSTRAINT states_status_check CHECK (status IN (N'member', N'observer'));
ALTER TABLE un_entities ADD CONSTRAINT un_entities_kind_check
    CHECK (kind IN (N'secretariat', N'fund_programme', N'specialized_agency', N'related_organization', N'other'));
ALTER TABLE convenings ADD
    CONSTRAINT convenings_slug_check CHECK (LEN(slug) BETWEEN 1 AND 60 AND slug COLLATE Latin1_General_BIN2 NOT LIKE N'%[^a-z0-9-]%'
        AND slug NOT LIKE N'-%' AND slug NOT LIKE N'%-' AND slug NOT LIKE N'%--%'),
    CONSTRAINT convenings_kind_check CHECK (kind IN (N'un_session', N'dialogue')),
    CONSTRAINT convenings_visibility_check CHECK (visibility IN (N'public', N'unlisted', N'invitation')),
    CONSTRAINT convenings_dates_check CHECK (ends_on >= starts_on),
    CONSTRAINT convenings_changeover_minutes_check CHECK (changeover_minutes BETWEEN 0 AND 240),
    CONSTRAINT convenings_cross_regional_threshold_check CHECK (cross_regional_threshold BETWEEN 1 AND 5),
    CONSTRAINT convenings_slot_response_days_check CHECK (slot_response_days BETWEEN 0 AND 60),
    CONSTRAINT convenings_registration_mode_check CHECK (registration_mode IN (N'open', N'approval', N'invitation')),
    CONSTRAINT convenings_registration_capacity_check CHECK (registration_capacity > 0),
    CONSTRAINT convenings_min_member_state_or_un_cosponsors_check CHECK (min_member_state_or_un_cosponsors BETWEEN 0 AND 50),
    CONSTRAINT convenings_min_cosponsor_regional_groups_check CHECK (min_cosponsor_regional_groups BETWEEN 0 AND 5);
ALTER TABLE rooms ADD
    CONSTRAINT rooms_capacity_check CHECK (capacity > 0 AND capacity <= 100000),
    CONSTRAINT rooms_mode_check CHECK (mode IN (N'in_person', N'virtual'));
ALTER TABLE side_events ADD
    CONSTRAINT side_events_kind_check CHECK (kind IN (N'side_event', N'plenary', N'working_group', N'session')),
    CONSTRAINT side_events_format_check CHECK (format IN (N'in_person', N'virtual', N'hybrid')),
    CONSTRAINT side_events_status_check CHECK (status IN (N'draft', N'submitted', N'accepted', N'waitlisted', N'declined', N'scheduled', N'cancelled')),
    CONSTRAINT side_events_times_check CHECK ((starts_at IS NULL AND ends_at IS NULL) OR (starts_at IS NOT NULL AND ends_at IS NOT NULL)),
    CONSTRAINT side_events_check CHECK (ends_at > starts_at),
    CONSTRAINT side_events_scheduled_check CHECK (status <> N'scheduled' OR (room_id IS NOT NULL AND starts_at IS NOT NULL)),
    CONSTRAINT side_events_capacity_check CHECK (capacity > 0),
    CONSTRAINT side_events_slot_response_check CHECK (slot_response IN (N'pending', N'accepted', N'change_requested')),
    CONSTRAINT side_events_flyer_content_type_check CHECK (flyer_content_type IN (N'application/pdf', N'image/png', N'image/jpeg', N'image/webp')),
    CONSTRAINT side_events_flyer_check CHECK (DATALENGTH(flyer) <= 5242880),
    CONSTRAINT side_events_registration_mode_check CHECK (registration_mode IN (N'open', N'approval', N'invitation')),
    CONSTRAINT side_events_final_list_is_locked CHECK (co_sponsors_final = 0 OR co_sponsors_locked = 1);
ALTER TABLE speakers ADD CONSTRAINT speakers_role_check CHECK (role IN (N'speaker', N'moderator'));
ALTER TABLE co_sponsorships ADD
    CONSTRAINT co_sponsorships_sponsor_kind_check CHECK (sponsor_kind IN (N'state', N'un_entity', N'organisation')),
    CONSTRAINT co_sponsorships_status_check CHECK (status IN (N'invited', N'opened', N'confirmed', N'declined', N'expired', N'revoked')),
    CONSTRAINT co_sponsorships_state_check CHECK ((sponsor_kind = N'state' AND state_iso3 IS NOT NULL) OR (sponsor_kind <> N'state' AND state_iso3 IS NULL)),
    CONSTRAINT co_sponsorships_un_entity_check CHECK ((sponsor_kind = N'un_entity' AND un_entity_code IS NOT NULL) OR (sponsor_kind <> N'un_entity' AND un_entity_code IS NULL)),
    CONSTRAINT co_sponsorships_organisation_named CHECK (sponsor_kind <> N'organisation' OR organisation_name IS NOT NULL),
    CONSTRAINT co_sponsorships_token_hash_check CHECK (DATALENGTH(token_hash) = 32);
ALTER TABLE co_sponsor_history ADD CONSTRAINT co_sponsor_history_check CHECK (by_focal_point = 0 OR co_sponsorship_id IS NOT NULL);
ALTER TABLE participant_profiles ADD CONSTRAINT participant_profiles_stakeholder_group_check CHECK (stakeholder_group IN (N'government',
    N'un_or_igo', N'civil_society', N'human_rights_defender', N'donor', N'business', N'academia', N'media', N'other'));
ALTER TABLE registrations ADD
    CONSTRAINT registrations_status_check CHECK (status IN (N'pending', N'confirmed', N'waitlisted', N'declined', N'cancelled', N'removed')),
    CONSTRAINT registrations_check CHECK (status <> N'confirmed' OR check_in_code IS NOT NULL);
ALTER TABLE qa_sessions ADD CONSTRAINT qa_sessions_code_check
    CHECK (LEN(code) = 6 AND code COLLATE Latin1_General_BIN2 NOT LIKE N'%[^ABCDEFGHJKMNPQRSTUVWXYZ23456789]%');
ALTER TABLE qa_participants ADD
    CONSTRAINT qa_participants_check CHECK (user_id IS NULL OR browser_key_hash IS NULL),
    CONSTRAINT qa_participants_browser_key_hash_check CHECK (DATALENGTH(browser_key_hash) = 32);
ALTER TABLE qa_questions ADD
    CONSTRAINT qa_questions_state_check CHECK (state IN (N'pending', N'published', N'answered', N'hidden', N'archived')),
    CONSTRAINT qa_questions_votes_check CHECK (votes >= 0),
    CONSTRAINT qa_questions_check CHECK (highlighted = 0 OR state = N'published'),
    CONSTRAINT qa_questions_owner_tag_check CHECK (DATALENGTH(owner_tag) = 32),
    CONSTRAINT qa_questions_nameless_lead_nowhere CHECK (author_name IS NOT NULL OR participant_id IS NULL),
    CONSTRAINT qa_questions_tag_only_anonymous CHECK (owner_tag IS NULL OR (participant_id IS NULL AND author_name IS NULL));
ALTER TABLE qa_votes ADD CONSTRAINT qa_votes_voter_tag_check CHECK (DATALENGTH(voter_tag) = 32);
GO

-- One co-sponsoring organisation per event, whatever the case of its name (PostgreSQL: a unique index on lower(name)).
-- SQL Server indexes no expressions and allows one NULL per unique key, so the key is a persisted column: the lowered
-- name for organisations, the row's own id for the others.
ALTER TABLE co_sponsorships ADD organisation_key AS (CASE WHEN sponsor_kind = N'organisation'
    THEN N'o:' + CONVERT(nvarchar(200), LOWER(organisation_name)) ELSE N'#' + CONVERT(nvarchar(36), id) END) PERSISTED;
GO
CREATE UNIQUE INDEX co_sponsorships_one_organisation ON co_sponsorships (side_event_id, organisation_key);
-- The room-clash check reads a room's events by this index, and locks its key range.
CREATE INDEX side_events_room_time ON side_events (room_id, starts_at);
GO

-- A convening's time zone is an IANA name; SQL Server's AT TIME ZONE takes Windows names. The rows are added by the
-- migration (SqlServerSchema.TimeZoneNames).
CREATE TABLE time_zone_windows_names (
    iana nvarchar(64) NOT NULL CONSTRAINT time_zone_windows_names_pkey PRIMARY KEY,
    windows nvarchar(64) NOT NULL
);
GO

-- Times inside the convening, rooms of the convening, capacity within the room, and no room clash with the changeover
-- buffer (PostgreSQL: the trigger side_events_check_schedule and the exclusion constraint side_events_no_room_clash).
CREATE TRIGGER side_events_check_schedule ON side_events AFTER INSERT, UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF TRIGGER_NESTLEVEL(OBJECT_ID(N'side_events_check_schedule')) > 1 OR NOT EXISTS (SELECT 1 FROM inserted) RETURN;
    -- ends_at plus the convening's changeover buffer, as the clash check below and the app read it.
    UPDATE e SET occupied_until = CASE WHEN e.starts_at IS NULL THEN NULL ELSE DATEADD(minute, c.changeover_minutes, e.ends_at) END,
                 updated_at = SYSUTCDATETIME()
    FROM side_events e JOIN inserted i ON i.id = e.id JOIN convenings c ON c.id = e.convening_id;

    IF EXISTS (SELECT 1 FROM inserted i JOIN convenings c ON c.id = i.convening_id
               LEFT JOIN time_zone_windows_names z ON z.iana = c.time_zone
               WHERE i.starts_at IS NOT NULL
                 AND (z.windows IS NULL
                      OR CONVERT(date, (i.starts_at AT TIME ZONE 'UTC') AT TIME ZONE z.windows) < c.starts_on
                      OR CONVERT(date, (DATEADD(microsecond, -1, i.ends_at) AT TIME ZONE 'UTC') AT TIME ZONE z.windows) > c.ends_on))
        THROW 50001, N'side_events_within_convening: the event must take place between the convening''s first and last day (in its time zone).', 1;
    IF EXISTS (SELECT 1 FROM inserted i JOIN rooms r ON r.id = i.room_id WHERE r.convening_id <> i.convening_id)
        THROW 50002, N'side_events_room_in_convening: the room belongs to another convening.', 1;
    IF EXISTS (SELECT 1 FROM inserted i JOIN rooms r ON r.id = i.room_id WHERE i.capacity > r.capacity)
        THROW 50003, N'side_events_capacity_within_room: the capacity is above the room''s capacity.', 1;

    -- The room's other booked events are read with UPDLOCK and HOLDLOCK (key-range locks on side_events_room_time): a
    -- concurrent booking of the same room waits for this transaction and then sees it, or the two deadlock and one is
    -- rolled back. Either way two clashing bookings never both commit.
    IF EXISTS (SELECT 1 FROM inserted i
               JOIN side_events n ON n.id = i.id
               JOIN side_events o WITH (UPDLOCK, HOLDLOCK) ON o.room_id = n.room_id AND o.id <> n.id
               WHERE n.room_id IS NOT NULL AND n.starts_at IS NOT NULL AND n.status IN (N'accepted', N'scheduled')
                 AND o.starts_at IS NOT NULL AND o.status IN (N'accepted', N'scheduled')
                 AND o.starts_at < n.occupied_until AND n.starts_at < o.occupied_until)
        THROW 50004, N'side_events_no_room_clash: the room is booked at that time (changeover included).', 1;
END
GO

-- Exact seats: a registration that becomes confirmed must find a seat. The app already counts under a row lock on the
-- event (SqlDialect); this holds whatever writes the row. The event's (or convening's) row is update-locked first, so
-- concurrent confirmations are counted one after the other. Rows confirmed earlier stay when a capacity is lowered.
CREATE TRIGGER registrations_exact_seats ON registrations AFTER INSERT, UPDATE AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @targets TABLE (side_event_id uniqueidentifier NULL, convening_id uniqueidentifier NOT NULL);
    INSERT INTO @targets (side_event_id, convening_id)
        SELECT DISTINCT i.side_event_id, i.convening_id FROM inserted i LEFT JOIN deleted d ON d.id = i.id
        WHERE i.status = N'confirmed' AND (d.id IS NULL OR d.status <> N'confirmed');
    IF NOT EXISTS (SELECT 1 FROM @targets) RETURN;
    DECLARE @locked int;
    SELECT @locked = COUNT(*) FROM side_events e WITH (UPDLOCK, HOLDLOCK, ROWLOCK) JOIN @targets t ON t.side_event_id = e.id;
    SELECT @locked = COUNT(*) FROM convenings c WITH (UPDLOCK, HOLDLOCK, ROWLOCK) JOIN @targets t ON t.side_event_id IS NULL AND t.convening_id = c.id;
    IF EXISTS (SELECT 1 FROM @targets t JOIN side_events e ON e.id = t.side_event_id LEFT JOIN rooms r ON r.id = e.room_id
               WHERE COALESCE(e.capacity, r.capacity) <
                     (SELECT COUNT(*) FROM registrations g WHERE g.side_event_id = t.side_event_id AND g.status = N'confirmed'))
       OR EXISTS (SELECT 1 FROM @targets t JOIN convenings c ON c.id = t.convening_id
               WHERE t.side_event_id IS NULL AND c.registration_capacity <
                     (SELECT COUNT(*) FROM registrations g WHERE g.convening_id = t.convening_id AND g.side_event_id IS NULL AND g.status = N'confirmed'))
        THROW 50010, N'registrations_exact_seats: there is no seat left.', 1;
END
GO

-- The vote count follows the votes table whatever adds or removes a row; every change takes the next revision.
CREATE TRIGGER qa_votes_count ON qa_votes AFTER INSERT, DELETE AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @change TABLE (question_id uniqueidentifier PRIMARY KEY, added int NOT NULL);
    INSERT INTO @change (question_id, added)
        SELECT question_id, SUM(n) FROM (SELECT question_id, 1 AS n FROM inserted UNION ALL SELECT question_id, -1 FROM deleted) AS x
        GROUP BY question_id;
    UPDATE q SET votes = q.votes + c.added, revision = NEXT VALUE FOR qa_revision
    FROM qa_questions q JOIN @change c ON c.question_id = q.id;
END
GO

-- Account erasure leaves a participant without its account: that person's named questions lose their name and their
-- participant, and the participant row goes (0012_qa_anonymity.sql).
CREATE TRIGGER qa_participants_erased ON qa_participants AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT UPDATE(user_id) RETURN;
    DECLARE @gone TABLE (id uniqueidentifier PRIMARY KEY);
    INSERT INTO @gone (id) SELECT i.id FROM inserted i JOIN deleted d ON d.id = i.id WHERE d.user_id IS NOT NULL AND i.user_id IS NULL;
    UPDATE q SET author_name = NULL, participant_id = NULL, revision = NEXT VALUE FOR qa_revision
    FROM qa_questions q JOIN @gone g ON g.id = q.participant_id;
    DELETE p FROM qa_participants p JOIN @gone g ON g.id = p.id;
END
GO

-- Erasing an account: what PostgreSQL's ON DELETE SET NULL keys do, in one place (SQL Server refuses that many cascade
-- paths from one table). Identity's own tables, profiles, calendar feeds and organiser rows go by their cascading keys.
CREATE TRIGGER users_erase ON users INSTEAD OF DELETE AS
BEGIN
    SET NOCOUNT ON;
    UPDATE side_events SET proposer_user_id = NULL WHERE proposer_user_id IN (SELECT id FROM deleted);
    UPDATE side_event_history SET actor_user_id = NULL WHERE actor_user_id IN (SELECT id FROM deleted);
    UPDATE co_sponsorships SET invited_by = NULL WHERE invited_by IN (SELECT id FROM deleted);
    UPDATE co_sponsor_history SET actor_user_id = NULL WHERE actor_user_id IN (SELECT id FROM deleted);
    UPDATE registrations SET user_id = NULL WHERE user_id IN (SELECT id FROM deleted);
    UPDATE registration_invitations SET created_by = NULL WHERE created_by IN (SELECT id FROM deleted);
    UPDATE registration_invitations SET used_by = NULL WHERE used_by IN (SELECT id FROM deleted);
    UPDATE qa_participants SET user_id = NULL WHERE user_id IN (SELECT id FROM deleted);
    SET NOCOUNT OFF;
    DELETE FROM users WHERE id IN (SELECT id FROM deleted);
END
