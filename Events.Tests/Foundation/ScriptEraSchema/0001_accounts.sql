-- Accounts and roles for ASP.NET Core Identity (Dapper-backed stores in Accounts/).
CREATE TABLE users (
    id uuid PRIMARY KEY,
    user_name text NOT NULL,
    normalized_user_name text NOT NULL UNIQUE,
    email text NOT NULL CHECK (length(email) <= 254),
    normalized_email text NOT NULL UNIQUE,
    email_confirmed boolean NOT NULL DEFAULT false,
    display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
    password_hash text NULL,
    security_stamp text NULL,
    concurrency_stamp text NULL,
    lockout_end timestamptz NULL,
    lockout_enabled boolean NOT NULL DEFAULT true,
    access_failed_count integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE roles (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    normalized_name text NOT NULL UNIQUE,
    concurrency_stamp text NULL
);

CREATE TABLE user_roles (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id uuid NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, role_id)
);

INSERT INTO roles (id, name, normalized_name, concurrency_stamp) VALUES
    ('6f1d3c2a-0001-4000-8000-000000000001', 'Admin', 'ADMIN', gen_random_uuid()::text),
    ('6f1d3c2a-0001-4000-8000-000000000002', 'Organiser', 'ORGANISER', gen_random_uuid()::text),
    ('6f1d3c2a-0001-4000-8000-000000000003', 'Moderator', 'MODERATOR', gen_random_uuid()::text);
