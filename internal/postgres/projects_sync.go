package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// SyncProjectIDs lists the Tracker projects to sync: those with
// sync_enabled, whether they came from TRACKER_PROJECTS or the projects page.
func (s *Store) SyncProjectIDs(ctx context.Context) ([]int64, error) {
	rows, err := s.pool.Query(ctx, `SELECT id FROM projects WHERE sync_enabled AND source = 'tracker' ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: projects to sync: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("postgres: projects to sync: %w", err)
	}
	return ids, nil
}

// AddTrackerProject makes a Tracker project known and enabled for sync.
// A new project gets p's name until its first sync fills the rest; a known
// one is re-enabled and keeps its data and settings. A project imported
// from CSV cannot become a synced one: the two would fight over its stories.
func (s *Store) AddTrackerProject(ctx context.Context, p sprintlens.Project) error {
	if p.ID <= 0 {
		return sprintlens.Invalid("project_id", "must be a positive Tracker project id")
	}
	if p.Name == "" {
		p.Name = fmt.Sprintf("Tracker project %d", p.ID)
	}
	const q = `
INSERT INTO projects (id, name, source, sync_enabled) VALUES ($1, $2, 'tracker', true)
ON CONFLICT (id) DO UPDATE SET sync_enabled = true, updated_at = now()
WHERE projects.source = 'tracker'
RETURNING id`
	var id int64
	err := s.pool.QueryRow(ctx, q, p.ID, p.Name).Scan(&id)
	if err == pgx.ErrNoRows {
		return sprintlens.Invalid("project_id", fmt.Sprintf("project %d was imported from CSV; it cannot also be synced", p.ID))
	}
	if err != nil {
		return fmt.Errorf("postgres: add project %d: %w", p.ID, translate(err))
	}
	return nil
}

// SyncState is what a sync needs to know about its last run of a project.
type SyncState struct {
	Project sprintlens.Project
	// LastFullSyncAt is when a full sync last committed (nil: never).
	LastFullSyncAt *time.Time
	// StoriesUpdatedThrough is the latest updated_at among stored stories,
	// in Tracker's clock: where an incremental sync resumes reading.
	StoriesUpdatedThrough *time.Time
	// HistoryThrough is the latest history entry learned from Tracker's
	// activity or transitions, in Tracker's clock.
	HistoryThrough *time.Time
	// Iterations are the stored iterations, in number order.
	Iterations []sprintlens.Iteration
}

// SyncState reads a project's sync cursors and stored iterations, or
// returns sprintlens.ErrNotFound.
func (s *Store) SyncState(ctx context.Context, projectID int64) (SyncState, error) {
	p, err := s.Project(ctx, projectID)
	if err != nil {
		return SyncState{}, err
	}
	st := SyncState{Project: p}
	const q = `
SELECT (SELECT last_full_sync_at FROM projects WHERE id = $1),
       (SELECT max(updated_at) FROM stories WHERE project_id = $1),
       (SELECT max(occurred_at) FROM story_history WHERE project_id = $1 AND source = 'activity')`
	if err := s.pool.QueryRow(ctx, q, projectID).Scan(&st.LastFullSyncAt, &st.StoriesUpdatedThrough, &st.HistoryThrough); err != nil {
		return SyncState{}, fmt.Errorf("postgres: sync state of project %d: %w", projectID, err)
	}
	rows, err := s.pool.Query(ctx, `
SELECT number, start_at, finish_at, team_strength::float8, length_weeks, kind, tracker_velocity::float8
FROM iterations WHERE project_id = $1 ORDER BY number`, projectID)
	if err != nil {
		return SyncState{}, fmt.Errorf("postgres: iterations of project %d: %w", projectID, err)
	}
	st.Iterations, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (sprintlens.Iteration, error) {
		it := sprintlens.Iteration{ProjectID: projectID}
		err := row.Scan(&it.Number, &it.Start, &it.Finish, &it.TeamStrength, &it.Length, &it.Kind, &it.TrackerVelocity)
		return it, err
	})
	if err != nil {
		return SyncState{}, fmt.Errorf("postgres: iterations of project %d: %w", projectID, err)
	}
	return st, nil
}

// LatestHistory returns, for each of storyIDs that has history, its most
// recent entry; with sources given, only entries from those sources count.
func (s *Store) LatestHistory(ctx context.Context, projectID int64, storyIDs []int64, sources ...sprintlens.HistorySource) (map[int64]sprintlens.HistoryEntry, error) {
	out := make(map[int64]sprintlens.HistoryEntry, len(storyIDs))
	if len(storyIDs) == 0 {
		return out, nil
	}
	src := make([]string, len(sources))
	for i, v := range sources {
		src[i] = string(v)
	}
	const q = `
SELECT DISTINCT ON (story_id) story_id, occurred_at, state, estimate::float8, iteration_number, source
FROM story_history
WHERE project_id = $1 AND story_id = ANY($2) AND (cardinality($3::text[]) = 0 OR source = ANY($3))
ORDER BY story_id, occurred_at DESC, seq DESC`
	rows, err := s.pool.Query(ctx, q, projectID, storyIDs, src)
	if err != nil {
		return nil, fmt.Errorf("postgres: latest history of project %d: %w", projectID, err)
	}
	var h sprintlens.HistoryEntry
	var state, source string
	_, err = pgx.ForEachRow(rows, []any{&h.StoryID, &h.OccurredAt, &state, &h.Estimate, &h.IterationNumber, &source}, func() error {
		e := h
		e.ProjectID, e.State, e.Source = projectID, sprintlens.StoryState(state), sprintlens.HistorySource(source)
		out[e.StoryID] = e
		h.Estimate, h.IterationNumber = nil, nil // fresh pointers for the next row
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: latest history of project %d: %w", projectID, err)
	}
	return out, nil
}

// MarkSynced records that a sync found the project unchanged: its data is
// as fresh as a save would have made it.
func (s *Store) MarkSynced(ctx context.Context, projectID int64) error {
	_, err := s.pool.Exec(ctx, `UPDATE projects SET last_synced_at = now() WHERE id = $1`, projectID)
	if err != nil {
		return fmt.Errorf("postgres: mark project %d synced: %w", projectID, translate(err))
	}
	return nil
}

// MarkFullSync is an AfterSave hook stamping last_full_sync_at in the
// save's own transaction, so the stamp exists exactly when the data does.
func MarkFullSync() AfterSave {
	return func(ctx context.Context, tx pgx.Tx, projectID int64) error {
		if _, err := tx.Exec(ctx, `UPDATE projects SET last_full_sync_at = now() WHERE id = $1`, projectID); err != nil {
			return fmt.Errorf("mark full sync: %w", err)
		}
		return nil
	}
}
