-- Story and iteration counts kept on the project row, rewritten by every
-- save (sync or import) in its transaction, so the projects list and
-- /api/v1/projects read 20 rows instead of counting 100,000 stories on
-- each request. Existing projects are counted here once.
ALTER TABLE projects
    ADD COLUMN story_count     int NOT NULL DEFAULT 0,
    ADD COLUMN iteration_count int NOT NULL DEFAULT 0;

UPDATE projects p SET
    story_count     = (SELECT count(*) FROM stories s WHERE s.project_id = p.id),
    iteration_count = (SELECT count(*) FROM iterations i WHERE i.project_id = p.id);

---- create above / drop below ----

ALTER TABLE projects
    DROP COLUMN iteration_count,
    DROP COLUMN story_count;
