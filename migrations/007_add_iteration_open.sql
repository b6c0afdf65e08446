-- The sprint review's open tally (stories not yet accepted in the sprint in
-- progress, which is not carried over before it ends) and its marks: the
-- sprint in progress, and commitment inferred where Tracker did not record
-- scheduling. Rewritten with the other metrics at the next sync.
ALTER TABLE iteration_metrics
    ADD COLUMN open_points numeric NOT NULL DEFAULT 0,
    ADD COLUMN open_count  int NOT NULL DEFAULT 0,
    ADD COLUMN in_progress boolean NOT NULL DEFAULT false,
    ADD COLUMN inferred    boolean NOT NULL DEFAULT false;

---- create above / drop below ----

ALTER TABLE iteration_metrics
    DROP COLUMN inferred,
    DROP COLUMN in_progress,
    DROP COLUMN open_count,
    DROP COLUMN open_points;
