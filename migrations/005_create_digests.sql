-- Slack digest: each project's own webhook, the record of every send, and
-- as-of snapshots (the permalinks /s/<id>) of what a digest or a sprint
-- review said when it was frozen.
CREATE TABLE digest_webhooks (
    project_id  bigint PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    -- url is a credential: pages show its host only, logs never see it.
    url         text NOT NULL CHECK (url ~ '^https?://[^/]+'),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE as_of_snapshots (
    id          text PRIMARY KEY CHECK (id ~ '^[a-z2-7]{20}$'),
    kind        text NOT NULL CHECK (kind IN ('digest', 'sprint_review')),
    -- A snapshot outlives its project: an old message's link keeps working.
    project_id  bigint REFERENCES projects(id) ON DELETE SET NULL,
    sprint      int NOT NULL DEFAULT 0,
    source_url  text NOT NULL DEFAULT '',
    view        jsonb NOT NULL,
    figures     jsonb NOT NULL DEFAULT '[]',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE digest_sends (
    id            bigserial PRIMARY KEY,
    project_id    bigint REFERENCES projects(id) ON DELETE SET NULL,
    trigger       text NOT NULL CHECK (trigger IN ('schedule', 'cli', 'test')),
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz NOT NULL,
    webhook_host  text NOT NULL DEFAULT '',
    status        int NOT NULL DEFAULT 0,
    attempts      int NOT NULL DEFAULT 0,
    ok            boolean NOT NULL,
    response      text NOT NULL DEFAULT '',
    error         text NOT NULL DEFAULT '',
    snapshot_id   text REFERENCES as_of_snapshots(id) ON DELETE SET NULL
);

CREATE INDEX digest_sends_started_at ON digest_sends (started_at DESC);

---- create above / drop below ----

DROP TABLE digest_sends;
DROP TABLE as_of_snapshots;
DROP TABLE digest_webhooks;
