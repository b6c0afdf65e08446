package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// Run kinds, as sync_runs.kind allows them.
const (
	RunFull        = "full"
	RunIncremental = "incremental"
	RunImport      = "import"
)

// RunCounts are the totals a finished sync or import reports.
type RunCounts struct {
	Inserted, Updated, Deleted int
	Iterations                 int
	// Requests is the number of Tracker API requests (0 for imports).
	Requests int
	// TrackerVersion is the project version a sync reached (0 for imports).
	TrackerVersion int64
}

// StartRun records that a sync or import of a project has begun (status
// running) and returns the run's id. kind is RunFull, RunIncremental or
// RunImport; triggeredBy names who or what started it ("cli", "schedule",
// a user).
func (s *Store) StartRun(ctx context.Context, projectID int64, kind, triggeredBy string) (int64, error) {
	switch kind {
	case RunFull, RunIncremental, RunImport:
	default:
		return 0, fmt.Errorf("postgres: start run: %w", sprintlens.Invalid("kind", fmt.Sprintf("%q is not full, incremental or import", kind)))
	}
	var id int64
	err := s.pool.QueryRow(ctx, `
INSERT INTO sync_runs (project_id, kind, status, triggered_by) VALUES ($1, $2, 'running', $3) RETURNING id`,
		projectID, kind, triggeredBy).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: start %s run of project %d: %w", kind, projectID, translate(err))
	}
	return id, nil
}

// UpdateRunProgress replaces a running run's progress line, so the UI can
// show how far a long run has got. It is a no-op once the run finished.
func (s *Store) UpdateRunProgress(ctx context.Context, id int64, progress string) error {
	_, err := s.pool.Exec(ctx, `UPDATE sync_runs SET progress = $2 WHERE id = $1 AND status = 'running'`, id, progress)
	if err != nil {
		return fmt.Errorf("postgres: run %d progress: %w", id, translate(err))
	}
	return nil
}

// FinishRun ends a running run with status succeeded, failed or
// cancelled, its counts and, for failures, the error text. Call it
// outside the run's data transaction when that transaction failed, so the
// failure stays recorded after the rollback. Finishing a run twice is an
// ErrConflict; an unknown id is ErrNotFound.
func (s *Store) FinishRun(ctx context.Context, id int64, status sprintlens.RunStatus, counts RunCounts, errText string) error {
	return finishRun(ctx, s.pool, id, status, counts, errText)
}

// runDB is what finishRun needs: the pool, or a transaction when a run
// is recorded together with its data.
type runDB interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func finishRun(ctx context.Context, db runDB, id int64, status sprintlens.RunStatus, c RunCounts, errText string) error {
	switch status {
	case sprintlens.RunSucceeded, sprintlens.RunFailed, sprintlens.RunCancelled:
	default:
		return fmt.Errorf("postgres: finish run %d: %w", id, sprintlens.Invalid("status", fmt.Sprintf("%q does not end a run", status)))
	}
	tag, err := db.Exec(ctx, `
UPDATE sync_runs SET status = $2, finished_at = now(), stories_inserted = $3, stories_updated = $4,
    stories_deleted = $5, iterations = $6, requests = $7, tracker_version = $8, error = $9
WHERE id = $1 AND status = 'running'`,
		id, string(status), c.Inserted, c.Updated, c.Deleted, c.Iterations, c.Requests, c.TrackerVersion, errText)
	if err != nil {
		return fmt.Errorf("postgres: finish run %d: %w", id, translate(err))
	}
	if tag.RowsAffected() == 1 {
		return nil
	}
	var cur string
	err = db.QueryRow(ctx, `SELECT status FROM sync_runs WHERE id = $1`, id).Scan(&cur)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("postgres: finish run %d: %w", id, sprintlens.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("postgres: finish run %d: %w", id, translate(err))
	}
	return fmt.Errorf("postgres: finish run %d: already %s: %w", id, cur, sprintlens.ErrConflict)
}

const runColumns = `id, project_id, kind, status, started_at, finished_at, progress, stories_inserted,
	stories_updated, stories_deleted, iterations, requests, error, tracker_version, triggered_by`

func scanRun(row pgx.CollectableRow) (sprintlens.SyncRun, error) {
	var r sprintlens.SyncRun
	var status string
	err := row.Scan(&r.ID, &r.ProjectID, &r.Kind, &status, &r.StartedAt, &r.FinishedAt, &r.Progress,
		&r.StoriesInserted, &r.StoriesUpdated, &r.StoriesDeleted, &r.Iterations, &r.Requests, &r.Error,
		&r.TrackerVersion, &r.TriggeredBy)
	r.Status = sprintlens.RunStatus(status)
	return r, err
}

// DefaultRunsLimit is how many runs Runs returns when asked for 0 or fewer.
const DefaultRunsLimit = 50

// Runs lists a project's runs, newest first; projectID 0 lists every
// project's. limit <= 0 means DefaultRunsLimit.
func (s *Store) Runs(ctx context.Context, projectID int64, limit int) ([]sprintlens.SyncRun, error) {
	if limit <= 0 {
		limit = DefaultRunsLimit
	}
	rows, err := s.pool.Query(ctx, `SELECT `+runColumns+` FROM sync_runs
WHERE $1 = 0 OR project_id = $1 ORDER BY started_at DESC, id DESC LIMIT $2`, projectID, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: runs of project %d: %w", projectID, err)
	}
	runs, err := pgx.CollectRows(rows, scanRun)
	if err != nil {
		return nil, fmt.Errorf("postgres: runs of project %d: %w", projectID, err)
	}
	return runs, nil
}
