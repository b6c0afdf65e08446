package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// AfterSave runs inside the save's transaction once the snapshot is
// written: the metrics precompute hooks in here so pages never see new
// stories with old numbers.
type AfterSave func(ctx context.Context, tx pgx.Tx, projectID int64) error

// SaveSnapshot writes a sync's or import's snapshot of one project in one
// transaction: project row, iterations, people, labels, epics, stories,
// story labels and history. Bulk rows go through COPY.
func (s *Store) SaveSnapshot(ctx context.Context, snap sprintlens.Snapshot, after ...AfterSave) (sprintlens.SaveCounts, error) {
	var counts sprintlens.SaveCounts
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		counts, err = saveSnapshot(ctx, tx, snap)
		if err != nil {
			return err
		}
		for _, fn := range after {
			if err := fn(ctx, tx, snap.Project.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return sprintlens.SaveCounts{}, fmt.Errorf("postgres: save project %d: %w", snap.Project.ID, translate(err))
	}
	return counts, nil
}

func saveSnapshot(ctx context.Context, tx pgx.Tx, snap sprintlens.Snapshot) (sprintlens.SaveCounts, error) {
	pid := snap.Project.ID
	if err := upsertProjectTx(ctx, tx, snap.Project); err != nil {
		return sprintlens.SaveCounts{}, err
	}
	existing, err := storyVersions(ctx, tx, pid)
	if err != nil {
		return sprintlens.SaveCounts{}, err
	}
	counts := countChanges(existing, snap)
	if err := replaceSmallTables(ctx, tx, snap); err != nil {
		return counts, err
	}
	if snap.Full {
		// A full snapshot replaces every story: delete and COPY is the
		// fastest path and keeps the table free of stale rows.
		if _, err := tx.Exec(ctx, `DELETE FROM stories WHERE project_id = $1`, pid); err != nil {
			return counts, fmt.Errorf("delete stories: %w", err)
		}
		if err := copyStories(ctx, tx, "stories", snap.Stories); err != nil {
			return counts, err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM story_history WHERE project_id = $1 AND source <> 'sync'`, pid); err != nil {
			return counts, fmt.Errorf("delete history: %w", err)
		}
		// Observed entries of stories that no longer exist go too.
		if _, err := tx.Exec(ctx, `DELETE FROM story_history h WHERE h.project_id = $1
			AND NOT EXISTS (SELECT 1 FROM stories s WHERE s.project_id = h.project_id AND s.id = h.story_id)`, pid); err != nil {
			return counts, fmt.Errorf("delete orphan history: %w", err)
		}
	} else {
		if err := upsertStories(ctx, tx, pid, snap.Stories); err != nil {
			return counts, err
		}
		if len(snap.DeletedStoryIDs) > 0 {
			if _, err := tx.Exec(ctx, `DELETE FROM stories WHERE project_id = $1 AND id = ANY($2)`, pid, snap.DeletedStoryIDs); err != nil {
				return counts, fmt.Errorf("delete stories: %w", err)
			}
			if _, err := tx.Exec(ctx, `DELETE FROM story_history WHERE project_id = $1 AND story_id = ANY($2)`, pid, snap.DeletedStoryIDs); err != nil {
				return counts, fmt.Errorf("delete history: %w", err)
			}
		}
	}
	if err := copyStoryLabels(ctx, tx, pid, snap.Stories); err != nil {
		return counts, err
	}
	if err := insertHistory(ctx, tx, pid, snap.History, snap.Full); err != nil {
		return counts, err
	}
	return counts, storeProjectCounts(ctx, tx, pid)
}

func upsertProjectTx(ctx context.Context, tx pgx.Tx, p sprintlens.Project) error {
	const q = `
INSERT INTO projects (id, name, source, time_zone, iteration_weeks, week_start_day, point_scale,
                      current_iteration, tracker_version, last_synced_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
ON CONFLICT (id) DO UPDATE SET
    name = EXCLUDED.name, source = EXCLUDED.source, time_zone = EXCLUDED.time_zone,
    iteration_weeks = EXCLUDED.iteration_weeks, week_start_day = EXCLUDED.week_start_day,
    point_scale = EXCLUDED.point_scale, current_iteration = EXCLUDED.current_iteration,
    tracker_version = EXCLUDED.tracker_version, last_synced_at = now(), updated_at = now()`
	p = withProjectDefaults(p)
	_, err := tx.Exec(ctx, q, p.ID, p.Name, string(p.Source), p.TimeZone, p.IterationWeeks, p.WeekStartDay,
		string(p.PointScale), p.CurrentIteration, p.Version)
	if err != nil {
		return fmt.Errorf("upsert project: %w", err)
	}
	return nil
}

// storyVersions maps each stored story id to its updated_at, to count
// inserts, updates and deletions without reading whole rows.
func storyVersions(ctx context.Context, tx pgx.Tx, pid int64) (map[int64]time.Time, error) {
	rows, err := tx.Query(ctx, `SELECT id, updated_at FROM stories WHERE project_id = $1`, pid)
	if err != nil {
		return nil, fmt.Errorf("read story versions: %w", err)
	}
	out := map[int64]time.Time{}
	var id int64
	var at time.Time
	_, err = pgx.ForEachRow(rows, []any{&id, &at}, func() error { out[id] = at; return nil })
	if err != nil {
		return nil, fmt.Errorf("read story versions: %w", err)
	}
	return out, nil
}

func countChanges(existing map[int64]time.Time, snap sprintlens.Snapshot) sprintlens.SaveCounts {
	var c sprintlens.SaveCounts
	seen := make(map[int64]bool, len(snap.Stories))
	for _, st := range snap.Stories {
		seen[st.ID] = true
		at, ok := existing[st.ID]
		switch {
		case !ok:
			c.Inserted++
		case !at.Equal(st.UpdatedAt):
			c.Updated++
		default:
			c.Unchanged++
		}
	}
	if snap.Full {
		for id := range existing {
			if !seen[id] {
				c.DeletedIDs = append(c.DeletedIDs, id)
			}
		}
	} else {
		for _, id := range snap.DeletedStoryIDs {
			if _, ok := existing[id]; ok {
				c.DeletedIDs = append(c.DeletedIDs, id)
			}
		}
	}
	c.Deleted = len(c.DeletedIDs)
	return c
}
