-- Story granularity warnings and the split radar, rewritten at the end of
-- every sync or import (and settings change) in the same transaction as the
-- data; dismissals and warning settings are the members' own and survive it.
CREATE TABLE warning_settings (
    project_id               bigint PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    lumpy_share              numeric NOT NULL DEFAULT 40 CHECK (lumpy_share BETWEEN 10 AND 100),
    long_running_percentile  numeric NOT NULL DEFAULT 85 CHECK (long_running_percentile BETWEEN 50 AND 99),
    updated_by               text NOT NULL DEFAULT '',
    updated_at               timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE warnings (
    project_id   bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    story_id     bigint NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('too_big', 'multi_sprint', 'unestimated_soon', 'thin_scope',
                                               'long_running', 'rejected_twice', 'lumpy_sprint')),
    story_name   text NOT NULL DEFAULT '',
    story_url    text NOT NULL DEFAULT '',
    points       numeric,
    value        double precision NOT NULL,
    threshold    double precision NOT NULL,
    basis        double precision NOT NULL DEFAULT 0,
    scope        text NOT NULL DEFAULT '',
    epic         boolean NOT NULL DEFAULT false,
    iteration    int NOT NULL DEFAULT 0,
    since        timestamptz NOT NULL,
    message      text NOT NULL,
    -- fingerprint: the story's updated_at, estimate and state when computed.
    fingerprint  text NOT NULL,
    PRIMARY KEY (project_id, story_id, kind)
);

-- A dismissal hides its warning only while the warning's fingerprint
-- equals the one recorded here, so an edit to the story brings it back.
CREATE TABLE warning_dismissals (
    project_id    bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    story_id      bigint NOT NULL,
    kind          text NOT NULL,
    fingerprint   text NOT NULL,
    reason        text NOT NULL CHECK (reason <> ''),
    dismissed_by  text NOT NULL,
    dismissed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, story_id, kind)
);

-- radar_metrics: one row per reviewed sprint for the project (scope '')
-- and per label with stories in that sprint.
CREATE TABLE radar_metrics (
    project_id      bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    number          int NOT NULL,
    scope           text NOT NULL DEFAULT '',
    start_at        timestamptz NOT NULL,
    finish_at       timestamptz NOT NULL,
    current         boolean NOT NULL DEFAULT false,
    points          double precision NOT NULL DEFAULT 0,
    stories         int NOT NULL DEFAULT 0,
    big_points      double precision NOT NULL DEFAULT 0,
    largest_points  double precision NOT NULL DEFAULT 0,
    spanned         int NOT NULL DEFAULT 0,
    ready_points    double precision,
    runway          double precision,
    velocity        double precision NOT NULL DEFAULT 0,
    volatility      double precision NOT NULL DEFAULT 0,
    size_limit      double precision NOT NULL,
    PRIMARY KEY (project_id, scope, number)
);

---- create above / drop below ----

DROP TABLE radar_metrics;
DROP TABLE warning_dismissals;
DROP TABLE warnings;
DROP TABLE warning_settings;
