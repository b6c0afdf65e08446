-- A hash of each precomputed row's content, so the metrics precompute
-- rewrites only the rows a save changed: an incremental sync that edits
-- one story changes a few story rows and the current sprint's review, not
-- the project's 20,000 story rows and 130 reviews. 0 (rows written before
-- this migration) never matches, so the next save rewrites them.
ALTER TABLE iteration_metrics ADD COLUMN row_hash bigint NOT NULL DEFAULT 0;
ALTER TABLE story_metrics ADD COLUMN row_hash bigint NOT NULL DEFAULT 0;
ALTER TABLE accepted_work ADD COLUMN row_hash bigint NOT NULL DEFAULT 0;

---- create above / drop below ----

ALTER TABLE accepted_work DROP COLUMN row_hash;
ALTER TABLE story_metrics DROP COLUMN row_hash;
ALTER TABLE iteration_metrics DROP COLUMN row_hash;
