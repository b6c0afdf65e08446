-- Precomputed metrics, rewritten at the end of every sync or import in the
-- same transaction as the data, so pages only read.
CREATE TABLE project_metrics (
    project_id           bigint PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    computed_at          timestamptz NOT NULL DEFAULT now(),
    velocity             numeric NOT NULL DEFAULT 0,
    velocity_normalized  numeric NOT NULL DEFAULT 0,
    stddev               numeric NOT NULL DEFAULT 0,
    volatility           numeric NOT NULL DEFAULT 0,
    window_size          int NOT NULL DEFAULT 3,
    window_used          int NOT NULL DEFAULT 0,
    velocity_iterations  int[] NOT NULL DEFAULT '{}',
    -- details: cycle-time groups, annotations and other small structures the pages show.
    details              jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE iteration_metrics (
    project_id           bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    number               int NOT NULL,
    start_at             timestamptz NOT NULL,
    finish_at            timestamptz NOT NULL,
    kind                 text NOT NULL,
    team_strength        numeric NOT NULL DEFAULT 1,
    accepted_points      numeric NOT NULL DEFAULT 0,
    accepted_count       int NOT NULL DEFAULT 0,
    committed_points     numeric NOT NULL DEFAULT 0,
    committed_count      int NOT NULL DEFAULT 0,
    carried_over_points  numeric NOT NULL DEFAULT 0,
    carried_over_count   int NOT NULL DEFAULT 0,
    added_points         numeric NOT NULL DEFAULT 0,
    added_count          int NOT NULL DEFAULT 0,
    removed_points       numeric NOT NULL DEFAULT 0,
    removed_count        int NOT NULL DEFAULT 0,
    rolling_velocity     numeric,
    rolling_stddev       numeric,
    reconstructed        boolean NOT NULL DEFAULT false,
    review               jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (project_id, number)
);

CREATE TABLE story_metrics (
    project_id      bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    story_id        bigint NOT NULL,
    started_at      timestamptz,
    accepted_at     timestamptz,
    cycle_seconds   double precision,
    rejections      int NOT NULL DEFAULT 0,
    roll_count      int NOT NULL DEFAULT 0,
    PRIMARY KEY (project_id, story_id)
);

---- create above / drop below ----

DROP TABLE story_metrics;
DROP TABLE iteration_metrics;
DROP TABLE project_metrics;
