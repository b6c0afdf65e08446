package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

const syncRunColumns = `id, project_id, kind, status, started_at, finished_at, progress, stories_inserted,
	stories_updated, stories_deleted, iterations, requests, error, tracker_version, triggered_by`

func scanSyncRun(row pgx.CollectableRow) (sprintlens.SyncRun, error) {
	var r sprintlens.SyncRun
	var status string
	err := row.Scan(&r.ID, &r.ProjectID, &r.Kind, &status, &r.StartedAt, &r.FinishedAt, &r.Progress,
		&r.StoriesInserted, &r.StoriesUpdated, &r.StoriesDeleted, &r.Iterations, &r.Requests, &r.Error,
		&r.TrackerVersion, &r.TriggeredBy)
	r.Status = sprintlens.RunStatus(status)
	return r, err
}

// SyncRunStart records a run as running and returns its id. The project
// row must exist (sync_runs references it).
func (s *Store) SyncRunStart(ctx context.Context, r sprintlens.SyncRun) (int64, error) {
	const q = `
INSERT INTO sync_runs (project_id, kind, status, progress, tracker_version, triggered_by)
VALUES ($1, $2, 'running', $3, $4, $5) RETURNING id`
	var id int64
	if err := s.pool.QueryRow(ctx, q, r.ProjectID, r.Kind, r.Progress, r.TrackerVersion, r.TriggeredBy).Scan(&id); err != nil {
		return 0, fmt.Errorf("postgres: start sync run of project %d: %w", r.ProjectID, translate(err))
	}
	return id, nil
}

// SyncRunProgress replaces a running run's progress line ("stories 1500/3104").
func (s *Store) SyncRunProgress(ctx context.Context, id int64, progress string, requests int) error {
	_, err := s.pool.Exec(ctx, `UPDATE sync_runs SET progress = $2, requests = $3 WHERE id = $1 AND status = 'running'`,
		id, progress, requests)
	if err != nil {
		return fmt.Errorf("postgres: sync run %d progress: %w", id, translate(err))
	}
	return nil
}

// SyncRunFinish stores a run's outcome: status, counts, requests, error
// text and the Tracker version it reached. finished_at is the database's now.
func (s *Store) SyncRunFinish(ctx context.Context, r sprintlens.SyncRun) error {
	const q = `
UPDATE sync_runs SET status = $2, finished_at = now(), progress = $3, stories_inserted = $4,
    stories_updated = $5, stories_deleted = $6, iterations = $7, requests = $8, error = $9,
    tracker_version = $10, kind = $11
WHERE id = $1`
	tag, err := s.pool.Exec(ctx, q, r.ID, string(r.Status), r.Progress, r.StoriesInserted, r.StoriesUpdated,
		r.StoriesDeleted, r.Iterations, r.Requests, r.Error, r.TrackerVersion, r.Kind)
	if err != nil {
		return fmt.Errorf("postgres: finish sync run %d: %w", r.ID, translate(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: finish sync run %d: %w", r.ID, sprintlens.ErrNotFound)
	}
	return nil
}

// SyncRunsAbandon marks a project's runs still shown as running as failed.
// Call it while holding the project's sync lock: no live worker can own
// them then, so they belong to a process that died mid-run.
func (s *Store) SyncRunsAbandon(ctx context.Context, projectID int64) (int, error) {
	tag, err := s.pool.Exec(ctx, `
UPDATE sync_runs SET status = 'failed', finished_at = now(),
    error = 'interrupted: the process stopped before the run finished'
WHERE project_id = $1 AND status = 'running'`, projectID)
	if err != nil {
		return 0, fmt.Errorf("postgres: abandon sync runs of project %d: %w", projectID, translate(err))
	}
	return int(tag.RowsAffected()), nil
}

// SyncRunByID returns one run or sprintlens.ErrNotFound.
func (s *Store) SyncRunByID(ctx context.Context, id int64) (sprintlens.SyncRun, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+syncRunColumns+` FROM sync_runs WHERE id = $1`, id)
	if err != nil {
		return sprintlens.SyncRun{}, fmt.Errorf("postgres: sync run %d: %w", id, err)
	}
	r, err := pgx.CollectExactlyOneRow(rows, scanSyncRun)
	if err != nil {
		return sprintlens.SyncRun{}, fmt.Errorf("postgres: sync run %d: %w", id, translate(err))
	}
	return r, nil
}

// SyncRunsRecent lists the latest runs of every project, newest first.
func (s *Store) SyncRunsRecent(ctx context.Context, limit int) ([]sprintlens.SyncRun, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.pool.Query(ctx, `SELECT `+syncRunColumns+` FROM sync_runs ORDER BY started_at DESC, id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: recent sync runs: %w", err)
	}
	runs, err := pgx.CollectRows(rows, scanSyncRun)
	if err != nil {
		return nil, fmt.Errorf("postgres: recent sync runs: %w", err)
	}
	return runs, nil
}
