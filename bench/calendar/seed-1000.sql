-- A public convening "bench-1000" with 1,000 scheduled events (10 rooms x 10 days x 10 slots of 75 minutes, New York
-- time, every 50th cancelled) for timing GET /c/bench-1000/calendar.ics on a running server. Run it once against the
-- server's database, e.g. psql "host=127.0.0.1 port=... user=events dbname=events" -f bench/calendar/seed-1000.sql
BEGIN;
WITH c AS (
    INSERT INTO convenings (slug, name, kind, starts_on, ends_on, time_zone, visibility, changeover_minutes)
    VALUES ('bench-1000', 'Benchmark convening, 1,000 events', 'un_session', '2027-03-08', '2027-03-17', 'America/New_York', 'public', 0)
    RETURNING id
), v AS (
    INSERT INTO venues (convening_id, name, address)
    SELECT id, 'United Nations Headquarters', '405 East 42nd Street, New York, NY 10017' FROM c RETURNING id, convening_id
)
INSERT INTO rooms (convening_id, venue_id, name, capacity) SELECT v.convening_id, v.id, 'Room ' || r, 100 FROM v, generate_series(1, 10) r;

INSERT INTO side_events (convening_id, title, abstract_md, themes, proposing_organisation, status, room_id, starts_at, ends_at, webcast_url, sequence)
SELECT c.id,
       (ARRAY['Ending violence against women human rights defenders online', 'تمكين المرأة الريفية في مواجهة تغير المناخ',
              '妇女参与和平进程：经验与挑战', 'Financing for gender equality; budgets, taxes \ and debt — what works? 🎯'])[1 + n % 4] || ' (' || n || ')',
       repeat('A side event bringing together **Member States**, UN entities and civil society to share evidence, with '
              '[the report](https://example.org/report) and commitments ahead of the agreed conclusions; questions welcome.' || E'\n\n', 4),
       ARRAY['Violence against women', 'Climate'], 'Women''s Rights Action Network',
       CASE WHEN n % 50 = 0 THEN 'cancelled' ELSE 'scheduled' END,
       r.id,
       (timestamp '2027-03-08 08:00' + make_interval(days => n / 100, mins => (n % 100) / 10 * 75)) AT TIME ZONE 'America/New_York',
       (timestamp '2027-03-08 09:15' + make_interval(days => n / 100, mins => (n % 100) / 10 * 75)) AT TIME ZONE 'America/New_York',
       'https://webtv.example.org/' || n, n % 3
FROM convenings c
CROSS JOIN generate_series(0, 999) n
JOIN rooms r ON r.convening_id = c.id AND r.name = 'Room ' || (1 + n % 10)
WHERE c.slug = 'bench-1000';
COMMIT;
