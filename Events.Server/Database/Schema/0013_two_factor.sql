-- Two-factor sign-in with authenticator apps (Accounts/DapperUserStore.TwoFactor.cs).
ALTER TABLE users ADD COLUMN two_factor_enabled boolean NOT NULL DEFAULT false;

-- The authenticator app's shared key, encrypted with the app's data-protection keys (kept outside the database), so that
-- a dump or a backup alone cannot produce sign-in codes.
ALTER TABLE users ADD COLUMN authenticator_key_protected text NULL;

-- Recovery codes are shown once; only a salted, slow hash of each is kept. Using one deletes its row.
CREATE TABLE user_recovery_codes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    salt bytea NOT NULL,
    hash bytea NOT NULL
);
CREATE INDEX user_recovery_codes_user ON user_recovery_codes (user_id);
