-- A participant's personal calendar feed: a secret address they can reset. The token is looked up by its hash and kept
-- only encrypted (ASP.NET Data Protection), so that the page can show the address again without storing it in clear.
CREATE TABLE personal_calendar_feeds (
    user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE,
    token_protected text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
