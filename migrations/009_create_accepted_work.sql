-- The input of OKR coverage, precomputed at save time with the other
-- metrics: one narrow row per accepted story (release markers left out)
-- with its points and label names, so /okrs sums a quarter's work by
-- sprint and labels from an index range instead of joining every
-- accepted story to its labels on each view. Filled for existing projects
-- by the metrics recompute that follows an upgrade.
CREATE TABLE accepted_work (
    project_id        bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    story_id          bigint NOT NULL,
    accepted_at       timestamptz NOT NULL,
    iteration_number  int,
    points            double precision NOT NULL,
    labels            text[] NOT NULL,
    PRIMARY KEY (project_id, story_id)
);
CREATE INDEX accepted_work_accepted_at ON accepted_work (accepted_at);

---- create above / drop below ----

DROP TABLE accepted_work;
