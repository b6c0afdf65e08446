package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// mergeImport moves the staged export into the project's tables. Every
// step is one set-based statement, so its cost does not grow with round
// trips and the Go side holds nothing but counts.
func mergeImport(ctx context.Context, tx pgx.Tx, req ImportRequest, plan ImportPlan, c *sprintlens.ImportCounts) error {
	pid := req.ProjectID
	// Temporary tables are never auto-analysed: without statistics the
	// planner would treat 100k staged rows as a handful.
	if _, err := tx.Exec(ctx, `ALTER TABLE import_stage ADD PRIMARY KEY (id)`); err != nil {
		return fmt.Errorf("index staging: %w", err)
	}
	if _, err := tx.Exec(ctx, `ANALYZE import_stage`); err != nil {
		return fmt.Errorf("analyze staging: %w", err)
	}
	if err := updateImportProject(ctx, tx, pid, plan.Project); err != nil {
		return err
	}
	if err := replaceIterations(ctx, tx, pid, plan.Iterations); err != nil {
		return err
	}
	c.Iterations = len(plan.Iterations)
	if err := upsertNames(ctx, tx, pid, c); err != nil {
		return err
	}
	if err := mergeStories(ctx, tx, pid, req.ObservedAt, c); err != nil {
		return err
	}
	if err := deleteMissingStories(ctx, tx, pid, c); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM story_labels WHERE project_id = $1`, pid); err != nil {
		return fmt.Errorf("clear story labels: %w", err)
	}
	if _, err := tx.Exec(ctx, `
INSERT INTO story_labels (project_id, story_id, label_id)
SELECT DISTINCT $1::bigint, st.id, l.id
FROM import_stage st CROSS JOIN LATERAL unnest(st.labels) AS n(name)
JOIN labels l ON l.project_id = $1 AND l.name = n.name`, pid); err != nil {
		return fmt.Errorf("link story labels: %w", err)
	}
	if err := appendHistory(ctx, tx, pid, req.ObservedAt); err != nil {
		return err
	}
	return storeProjectCounts(ctx, tx, pid)
}

func updateImportProject(ctx context.Context, tx pgx.Tx, pid int64, p sprintlens.Project) error {
	p = withProjectDefaults(p)
	tag, err := tx.Exec(ctx, `
UPDATE projects SET name = $2, time_zone = $3, iteration_weeks = $4, current_iteration = $5,
    last_synced_at = now(), updated_at = now()
WHERE id = $1 AND source = 'csv'`, pid, p.Name, p.TimeZone, p.IterationWeeks, p.CurrentIteration)
	if err != nil {
		return fmt.Errorf("update project: %w", err)
	}
	if tag.RowsAffected() != 1 {
		return fmt.Errorf("project %d is not an imported project: %w", pid, sprintlens.ErrConflict)
	}
	return nil
}

// replaceIterations upserts the export's iterations (keeping each one's
// team strength) and drops those it no longer has.
func replaceIterations(ctx context.Context, tx pgx.Tx, pid int64, its []sprintlens.Iteration) error {
	nums := make([]int32, len(its))
	starts := make([]time.Time, len(its))
	finishes := make([]time.Time, len(its))
	weeks := make([]int32, len(its))
	kinds := make([]string, len(its))
	for i, it := range its {
		nums[i], starts[i], finishes[i], weeks[i], kinds[i] = int32(it.Number), it.Start, it.Finish, int32(max(it.Length, 1)), it.Kind
	}
	_, err := tx.Exec(ctx, `
INSERT INTO iterations (project_id, number, start_at, finish_at, length_weeks, kind)
SELECT $1::bigint, n, s, f, w, k FROM unnest($2::int[], $3::timestamptz[], $4::timestamptz[], $5::int[], $6::text[]) AS u(n, s, f, w, k)
ON CONFLICT (project_id, number) DO UPDATE SET
    start_at = EXCLUDED.start_at, finish_at = EXCLUDED.finish_at,
    length_weeks = EXCLUDED.length_weeks, kind = EXCLUDED.kind`, pid, nums, starts, finishes, weeks, kinds)
	if err != nil {
		return fmt.Errorf("upsert iterations: %w", err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM iterations WHERE project_id = $1 AND number <> ALL($2::int[])`, pid, nums); err != nil {
		return fmt.Errorf("delete old iterations: %w", err)
	}
	return nil
}

// upsertNames adds the labels and people (owners and requesters) the
// export names and the project does not know yet. Known names keep their
// ids, so links made before stay valid; new ones get ids after the
// project's highest, in name order. Names no longer used are kept: an
// export that drops a label and a later one that brings it back agree on
// its id.
func upsertNames(ctx context.Context, tx pgx.Tx, pid int64, c *sprintlens.ImportCounts) error {
	tag, err := tx.Exec(ctx, `
INSERT INTO labels (project_id, id, name)
SELECT $1::bigint, top.id + row_number() OVER (ORDER BY n.name), n.name
FROM (SELECT DISTINCT unnest(labels) AS name FROM import_stage) n,
     (SELECT coalesce(max(id), 0) AS id FROM labels WHERE project_id = $1) top
WHERE NOT EXISTS (SELECT 1 FROM labels l WHERE l.project_id = $1 AND l.name = n.name)`, pid)
	if err != nil {
		return fmt.Errorf("add labels: %w", err)
	}
	c.NewLabels = int(tag.RowsAffected())
	// Tracker's initials are chosen by each person; an export does not
	// carry them, so they stay empty.
	tag, err = tx.Exec(ctx, `
INSERT INTO people (project_id, id, name)
SELECT $1::bigint, top.id + row_number() OVER (ORDER BY n.name), n.name
FROM (SELECT DISTINCT p AS name FROM import_stage, unnest(owners || requested_by) AS p WHERE p <> '') n,
     (SELECT coalesce(max(id), 0) AS id FROM people WHERE project_id = $1) top
WHERE NOT EXISTS (SELECT 1 FROM people x WHERE x.project_id = $1 AND x.name = n.name)`, pid)
	if err != nil {
		return fmt.Errorf("add people: %w", err)
	}
	c.NewPeople = int(tag.RowsAffected())
	err = tx.QueryRow(ctx, `
SELECT (SELECT count(DISTINCT l) FROM import_stage, unnest(labels) AS l),
       (SELECT count(DISTINCT p) FROM import_stage, unnest(owners || requested_by) AS p WHERE p <> '')`).Scan(&c.Labels, &c.People)
	if err != nil {
		return fmt.Errorf("count names: %w", err)
	}
	return nil
}

// mergeStories inserts new stories and rewrites those whose content
// differs, labels included; equal ones are not touched, so their
// updated_at stays that of the import that last changed them. Position is
// not content: a story added above shifts every later one, which is not
// an update.
func mergeStories(ctx context.Context, tx pgx.Tx, pid int64, observedAt time.Time, c *sprintlens.ImportCounts) error {
	// Labels live in story_labels, not in the row: note which stored
	// stories the export relabels before the merge compares rows.
	if _, err := tx.Exec(ctx, `
CREATE TEMP TABLE import_relabelled ON COMMIT DROP AS
SELECT st.id FROM import_stage st
JOIN stories s ON s.project_id = $1 AND s.id = st.id
WHERE ARRAY(SELECT DISTINCT n FROM unnest(st.labels) AS n ORDER BY 1)
      IS DISTINCT FROM
      ARRAY(SELECT l.name FROM story_labels sl JOIN labels l ON l.project_id = sl.project_id AND l.id = sl.label_id
            WHERE sl.project_id = $1 AND sl.story_id = st.id ORDER BY 1)`, pid); err != nil {
		return fmt.Errorf("compare labels: %w", err)
	}
	err := tx.QueryRow(ctx, `
WITH up AS (
    INSERT INTO stories AS s (project_id, id, name, story_type, current_state, estimate, iteration_number, position,
                              description, url, requested_by, owners, created_at, updated_at, accepted_at, deadline)
    SELECT $1::bigint, id, name, story_type, current_state, estimate, iteration_number, position,
           description, url, requested_by, owners, created_at, $2, accepted_at, deadline
    FROM import_stage
    ON CONFLICT (project_id, id) DO UPDATE SET
        name = EXCLUDED.name, story_type = EXCLUDED.story_type, current_state = EXCLUDED.current_state,
        estimate = EXCLUDED.estimate, iteration_number = EXCLUDED.iteration_number, position = EXCLUDED.position,
        description = EXCLUDED.description, url = EXCLUDED.url, requested_by = EXCLUDED.requested_by,
        owners = EXCLUDED.owners, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
        accepted_at = EXCLUDED.accepted_at, deadline = EXCLUDED.deadline
    WHERE (s.name, s.story_type, s.current_state, s.estimate, s.iteration_number, s.description, s.url,
           s.requested_by, s.owners, s.created_at, s.accepted_at, s.deadline)
          IS DISTINCT FROM
          (EXCLUDED.name, EXCLUDED.story_type, EXCLUDED.current_state, EXCLUDED.estimate, EXCLUDED.iteration_number,
           EXCLUDED.description, EXCLUDED.url, EXCLUDED.requested_by, EXCLUDED.owners, EXCLUDED.created_at,
           EXCLUDED.accepted_at, EXCLUDED.deadline)
       OR s.id IN (SELECT id FROM import_relabelled)
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up`, pid, observedAt).Scan(&c.Inserted, &c.Updated)
	if err != nil {
		return fmt.Errorf("merge stories: %w", err)
	}
	c.Unchanged = c.Stories - c.Inserted - c.Updated
	if _, err := tx.Exec(ctx, `
UPDATE stories s SET position = st.position
FROM import_stage st
WHERE s.project_id = $1 AND s.id = st.id AND s.position <> st.position`, pid); err != nil {
		return fmt.Errorf("reorder stories: %w", err)
	}
	return nil
}

// deleteMissingStories removes the project's stories the export no
// longer has, with their history (story labels go by cascade).
func deleteMissingStories(ctx context.Context, tx pgx.Tx, pid int64, c *sprintlens.ImportCounts) error {
	rows, err := tx.Query(ctx, `
WITH gone AS (
    DELETE FROM stories s WHERE s.project_id = $1
      AND NOT EXISTS (SELECT 1 FROM import_stage st WHERE st.id = s.id)
    RETURNING s.id
), history AS (
    DELETE FROM story_history h USING gone WHERE h.project_id = $1 AND h.story_id = gone.id
)
SELECT id FROM gone ORDER BY id`, pid)
	if err != nil {
		return fmt.Errorf("delete missing stories: %w", err)
	}
	var id int64
	_, err = pgx.ForEachRow(rows, []any{&id}, func() error {
		c.Deleted++
		if len(c.DeletedIDs) < sprintlens.MaxReportedDeletions {
			c.DeletedIDs = append(c.DeletedIDs, id)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete missing stories: %w", err)
	}
	return nil
}

// appendHistory writes the history an export lets us reconstruct, with
// source 'reconstructed':
//
//   - at created_at, the story entered the icebox (unscheduled) if it
//     sits there now, else the backlog (unstarted, or planned) in its
//     iteration;
//   - at accepted_at, it was accepted in its iteration;
//   - at observedAt (never before those two), it was in its current
//     state, when that differs from the story's latest entry so far.
//
// Entries are only appended, never rewritten: the entries an earlier
// export wrote stay, and a later export adds what changed since as a new
// entry at its own time. seq orders entries at the same instant (a story
// created and accepted the same day): created 0, accepted 1, observed 2.
func appendHistory(ctx context.Context, tx pgx.Tx, pid int64, observedAt time.Time) error {
	_, err := tx.Exec(ctx, `
INSERT INTO story_history (project_id, story_id, occurred_at, seq, state, estimate, iteration_number, source)
SELECT $1::bigint, id, created_at, 0,
       CASE current_state WHEN 'unscheduled' THEN 'unscheduled' WHEN 'planned' THEN 'planned' ELSE 'unstarted' END,
       estimate, iteration_number, 'reconstructed'
FROM import_stage
UNION ALL
SELECT $1::bigint, id, accepted_at, 1, 'accepted', estimate, iteration_number, 'reconstructed'
FROM import_stage WHERE accepted_at IS NOT NULL
ON CONFLICT DO NOTHING`, pid)
	if err != nil {
		return fmt.Errorf("write created and accepted history: %w", err)
	}
	_, err = tx.Exec(ctx, `
INSERT INTO story_history (project_id, story_id, occurred_at, seq, state, estimate, iteration_number, source)
SELECT $1::bigint, st.id, greatest($2::timestamptz, st.created_at, st.accepted_at), 2,
       st.current_state, st.estimate, st.iteration_number, 'reconstructed'
FROM import_stage st
LEFT JOIN LATERAL (
    SELECT h.state, h.estimate, h.iteration_number FROM story_history h
    WHERE h.project_id = $1 AND h.story_id = st.id
    ORDER BY h.occurred_at DESC, h.seq DESC LIMIT 1
) last ON true
WHERE (last.state, last.estimate, last.iteration_number) IS DISTINCT FROM (st.current_state, st.estimate, st.iteration_number)
ON CONFLICT DO NOTHING`, pid, observedAt)
	if err != nil {
		return fmt.Errorf("write observed history: %w", err)
	}
	return nil
}
