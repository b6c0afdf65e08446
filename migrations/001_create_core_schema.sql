-- Core schema: projects and what a sync or import fills.
CREATE TABLE projects (
    id                     bigint PRIMARY KEY,
    name                   text NOT NULL,
    source                 text NOT NULL DEFAULT 'tracker' CHECK (source IN ('tracker', 'csv')),
    time_zone              text NOT NULL DEFAULT 'UTC',
    iteration_weeks        int NOT NULL DEFAULT 1 CHECK (iteration_weeks BETWEEN 1 AND 4),
    week_start_day         text NOT NULL DEFAULT 'Monday',
    point_scale            text NOT NULL DEFAULT '0,1,2,3,5,8',
    velocity_window        int NOT NULL DEFAULT 3 CHECK (velocity_window BETWEEN 1 AND 4),
    count_bugs_and_chores  boolean NOT NULL DEFAULT false,
    size_limit             numeric CHECK (size_limit > 0),
    current_iteration      int NOT NULL DEFAULT 0,
    tracker_version        bigint NOT NULL DEFAULT 0,
    sync_enabled           boolean NOT NULL DEFAULT true,
    last_synced_at         timestamptz,
    last_full_sync_at      timestamptz,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE iterations (
    project_id        bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    number            int NOT NULL,
    start_at          timestamptz NOT NULL,
    finish_at         timestamptz NOT NULL,
    team_strength     numeric NOT NULL DEFAULT 1,
    length_weeks      int NOT NULL DEFAULT 1,
    kind              text NOT NULL DEFAULT 'done' CHECK (kind IN ('done', 'current', 'backlog')),
    tracker_velocity  numeric,
    PRIMARY KEY (project_id, number),
    CHECK (finish_at > start_at)
);

CREATE TABLE people (
    project_id  bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    id          bigint NOT NULL,
    name        text NOT NULL DEFAULT '',
    initials    text NOT NULL DEFAULT '',
    username    text NOT NULL DEFAULT '',
    email       text NOT NULL DEFAULT '',
    PRIMARY KEY (project_id, id)
);

CREATE TABLE labels (
    project_id  bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    id          bigint NOT NULL,
    name        text NOT NULL,
    PRIMARY KEY (project_id, id)
);
CREATE UNIQUE INDEX labels_project_name ON labels (project_id, name);

CREATE TABLE epics (
    project_id  bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    id          bigint NOT NULL,
    name        text NOT NULL,
    label_id    bigint,
    description text NOT NULL DEFAULT '',
    PRIMARY KEY (project_id, id)
);

CREATE TABLE stories (
    project_id        bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    id                bigint NOT NULL,
    name              text NOT NULL,
    story_type        text NOT NULL CHECK (story_type IN ('feature', 'bug', 'chore', 'release')),
    current_state     text NOT NULL,
    estimate          numeric,
    iteration_number  int,
    position          int NOT NULL DEFAULT 0,
    description       text NOT NULL DEFAULT '',
    url               text NOT NULL DEFAULT '',
    requested_by      text NOT NULL DEFAULT '',
    owners            text[] NOT NULL DEFAULT '{}',
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    accepted_at       timestamptz,
    deadline          timestamptz,
    PRIMARY KEY (project_id, id)
);
CREATE INDEX stories_project_state ON stories (project_id, current_state);
CREATE INDEX stories_project_iteration ON stories (project_id, iteration_number);

CREATE TABLE story_labels (
    project_id  bigint NOT NULL,
    story_id    bigint NOT NULL,
    label_id    bigint NOT NULL,
    PRIMARY KEY (project_id, story_id, label_id),
    FOREIGN KEY (project_id, story_id) REFERENCES stories(project_id, id) ON DELETE CASCADE
);
CREATE INDEX story_labels_label ON story_labels (project_id, label_id);

-- story_history: a story's state, estimate and iteration from occurred_at on.
-- The state at time t is the latest row with occurred_at <= t.
CREATE TABLE story_history (
    project_id        bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    story_id          bigint NOT NULL,
    occurred_at       timestamptz NOT NULL,
    seq               int NOT NULL DEFAULT 0,
    state             text NOT NULL,
    estimate          numeric,
    iteration_number  int,
    source            text NOT NULL CHECK (source IN ('activity', 'sync', 'reconstructed')),
    PRIMARY KEY (project_id, story_id, occurred_at, seq)
);

CREATE TABLE sync_runs (
    id                bigserial PRIMARY KEY,
    project_id        bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    kind              text NOT NULL CHECK (kind IN ('full', 'incremental', 'import')),
    status            text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
    started_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz,
    progress          text NOT NULL DEFAULT '',
    stories_inserted  int NOT NULL DEFAULT 0,
    stories_updated   int NOT NULL DEFAULT 0,
    stories_deleted   int NOT NULL DEFAULT 0,
    iterations        int NOT NULL DEFAULT 0,
    requests          int NOT NULL DEFAULT 0,
    error             text NOT NULL DEFAULT '',
    tracker_version   bigint NOT NULL DEFAULT 0,
    triggered_by      text NOT NULL DEFAULT ''
);
CREATE INDEX sync_runs_project_started ON sync_runs (project_id, started_at DESC);

---- create above / drop below ----

DROP TABLE sync_runs;
DROP TABLE story_history;
DROP TABLE story_labels;
DROP TABLE stories;
DROP TABLE epics;
DROP TABLE labels;
DROP TABLE people;
DROP TABLE iterations;
DROP TABLE projects;
