-- SQL Server's twin of PostgreSQL's CalendarFeedChanges triggers: rooms and venues keep updated_at (for the feeds'
-- Last-Modified), and a side event that leaves the public programme is kept in calendar_removals for 30 days (with
-- a higher SEQUENCE) so that subscribers' calendars drop it. PostgreSQL also tells every instance which cached feeds
-- to drop (NOTIFY); SQL Server has no such channel, see README "SQL Server".
CREATE TRIGGER rooms_touch ON rooms AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF TRIGGER_NESTLEVEL(OBJECT_ID(N'rooms_touch')) > 1 RETURN;
    UPDATE r SET updated_at = SYSUTCDATETIME() FROM rooms r JOIN inserted i ON i.id = r.id;
END
GO
CREATE TRIGGER venues_touch ON venues AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF TRIGGER_NESTLEVEL(OBJECT_ID(N'venues_touch')) > 1 RETURN;
    UPDATE v SET updated_at = SYSUTCDATETIME() FROM venues v JOIN inserted i ON i.id = v.id;
END
GO
CREATE TRIGGER calendar_side_event_changed ON side_events AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    -- Left the public programme (scheduled or cancelled, with a time): kept as a removal.
    DELETE FROM calendar_removals WHERE removed_at < DATEADD(day, -30, SYSUTCDATETIME())
        AND EXISTS (SELECT 1 FROM deleted);
    MERGE calendar_removals WITH (HOLDLOCK) AS target
    USING (SELECT d.id, d.convening_id, d.title, d.proposing_organisation, d.starts_at, d.ends_at, d.sequence + 1 AS sequence
           FROM deleted d LEFT JOIN inserted i ON i.id = d.id
           WHERE d.status IN (N'scheduled', N'cancelled') AND d.starts_at IS NOT NULL
             AND (i.id IS NULL OR i.status NOT IN (N'scheduled', N'cancelled') OR i.starts_at IS NULL)) AS gone
        ON target.side_event_id = gone.id
    WHEN MATCHED THEN UPDATE SET convening_id = gone.convening_id, title = gone.title, organiser = gone.proposing_organisation,
        starts_at = gone.starts_at, ends_at = gone.ends_at, sequence = gone.sequence, removed_at = SYSUTCDATETIME()
    WHEN NOT MATCHED THEN INSERT (side_event_id, convening_id, title, organiser, starts_at, ends_at, sequence)
        VALUES (gone.id, gone.convening_id, gone.title, gone.proposing_organisation, gone.starts_at, gone.ends_at, gone.sequence);
    -- Came back: no longer a removal.
    DELETE r FROM calendar_removals r JOIN inserted i ON i.id = r.side_event_id JOIN deleted d ON d.id = i.id
    WHERE i.status IN (N'scheduled', N'cancelled') AND i.starts_at IS NOT NULL
      AND NOT (d.status IN (N'scheduled', N'cancelled') AND d.starts_at IS NOT NULL);
END
