-- velocity_window_changes: when a project's velocity window changed, so
-- the velocity chart can mark where the meaning of the numbers changed.
CREATE TABLE velocity_window_changes (
    project_id   bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    changed_at   timestamptz NOT NULL DEFAULT now(),
    from_window  int NOT NULL,
    to_window    int NOT NULL,
    changed_by   text NOT NULL DEFAULT '',
    PRIMARY KEY (project_id, changed_at)
);

---- create above / drop below ----

DROP TABLE velocity_window_changes;
