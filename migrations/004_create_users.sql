-- Sign-in: users and their roles, server-side sessions and API tokens.
-- Session ids and tokens are random secrets handed to the client; only
-- their SHA-256 hashes are stored, so a copy of the database signs no one in.

-- users: one row per address that ever signed in, plus the built-in
-- 'local' user of AUTH_MODE=none. email is lower-cased by the application.
CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    email         text NOT NULL UNIQUE CHECK (email <> ''),
    name          text NOT NULL DEFAULT '',
    role          text NOT NULL DEFAULT 'viewer' CHECK (role IN ('viewer', 'member', 'admin')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz
);

-- sessions: a browser signed in through OIDC. Expired rows are deleted
-- when someone signs in.
CREATE TABLE sessions (
    id_hash     bytea PRIMARY KEY CHECK (octet_length(id_hash) = 32),
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    CHECK (expires_at > created_at)
);
CREATE INDEX sessions_user_id ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- api_tokens: bearer credentials for /api/v1 acting with the owner's
-- current role. prefix is the first characters of the token, for telling
-- tokens apart on the tokens page.
CREATE TABLE api_tokens (
    id            bigserial PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name          text NOT NULL CHECK (name <> ''),
    prefix        text NOT NULL,
    token_hash    bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX api_tokens_user_id ON api_tokens (user_id);

---- create above / drop below ----

DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
