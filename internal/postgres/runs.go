package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

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

// StartRun records that a sync or import of r.ProjectID has begun (status
// running) and returns the run's id. r.Kind is RunFull, RunIncremental or
// RunImport; r.TriggeredBy names who or what started it ("cli",
// "schedule", a user); r.Progress (a first line such as "queued") and
// r.TrackerVersion (the version the run starts from) are stored as given.
// The project must exist: an unknown one is ErrInvalid.
func (s *Store) StartRun(ctx context.Context, r sprintlens.SyncRun) (int64, error) {
	switch r.Kind {
	case RunFull, RunIncremental, RunImport:
	default:
		return 0, fmt.Errorf("postgres: start run: %w", sprintlens.Invalid("kind", fmt.Sprintf("%q is not full, incremental or import", r.Kind)))
	}
	var id int64
	err := s.pool.QueryRow(ctx, `
INSERT INTO sync_runs (project_id, kind, status, progress, tracker_version, triggered_by)
VALUES ($1, $2, 'running', $3, $4, $5) RETURNING id`,
		r.ProjectID, r.Kind, r.Progress, r.TrackerVersion, r.TriggeredBy).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: start %s run of project %d: %w", r.Kind, r.ProjectID, translate(err))
	}
	return id, nil
}

// UpdateRunProgress replaces a running run's progress line ("stories
// 1500/3104") and its count of Tracker requests so far (0 for imports),
// so the UI can show how far a long run has got. It is a no-op once the
// run finished. Callers bound how often they write (see ingest).
func (s *Store) UpdateRunProgress(ctx context.Context, id int64, progress string, requests int) error {
	_, err := s.pool.Exec(ctx, `UPDATE sync_runs SET progress = $2, requests = $3 WHERE id = $1 AND status = 'running'`,
		id, progress, requests)
	if err != nil {
		return fmt.Errorf("postgres: run %d progress: %w", id, translate(err))
	}
	return nil
}

// FinishRun ends the running run r.ID with r.Status (succeeded, failed or
// cancelled), its story counts, iterations, requests, error text and the
// Tracker version it reached; finished_at is the database's now. An empty
// r.Progress keeps the last progress line. Call it outside the run's data
// transaction when that transaction failed, so the failure stays recorded
// after the rollback. Finishing a run twice (or one AbandonRuns closed)
// is ErrConflict; an unknown id is ErrNotFound.
func (s *Store) FinishRun(ctx context.Context, r sprintlens.SyncRun) error {
	return finishRun(ctx, s.pool, r)
}

// runDB is what finishRun needs: the pool, or a transaction when a run
// is recorded together with its data.
type runDB interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func finishRun(ctx context.Context, db runDB, r sprintlens.SyncRun) error {
	switch r.Status {
	case sprintlens.RunSucceeded, sprintlens.RunFailed, sprintlens.RunCancelled:
	default:
		return fmt.Errorf("postgres: finish run %d: %w", r.ID, sprintlens.Invalid("status", fmt.Sprintf("%q does not end a run", r.Status)))
	}
	tag, err := db.Exec(ctx, `
UPDATE sync_runs SET status = $2, finished_at = now(), progress = COALESCE(NULLIF($3, ''), progress),
    stories_inserted = $4, stories_updated = $5, stories_deleted = $6, iterations = $7, requests = $8,
    error = $9, tracker_version = $10
WHERE id = $1 AND status = 'running'`,
		r.ID, string(r.Status), r.Progress, r.StoriesInserted, r.StoriesUpdated, r.StoriesDeleted, r.Iterations,
		r.Requests, r.Error, r.TrackerVersion)
	if err != nil {
		return fmt.Errorf("postgres: finish run %d: %w", r.ID, translate(err))
	}
	if tag.RowsAffected() == 1 {
		return nil
	}
	var cur string
	err = db.QueryRow(ctx, `SELECT status FROM sync_runs WHERE id = $1`, r.ID).Scan(&cur)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("postgres: finish run %d: %w", r.ID, sprintlens.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("postgres: finish run %d: %w", r.ID, translate(err))
	}
	return fmt.Errorf("postgres: finish run %d: already %s: %w", r.ID, cur, sprintlens.ErrConflict)
}

// AbandonRuns marks a project's runs still shown as running as failed and
// returns how many it closed. Call it while holding the project's sync
// lock (TryLockProjectSync): no live worker can own them then, so they
// belong to a process that died mid-run.
func (s *Store) AbandonRuns(ctx context.Context, projectID int64) (int, error) {
	tag, err := s.pool.Exec(ctx, `
UPDATE sync_runs SET status = 'failed', finished_at = now(),
    error = 'interrupted: the process stopped before the run finished'
WHERE project_id = $1 AND status = 'running'`, projectID)
	if err != nil {
		return 0, fmt.Errorf("postgres: abandon runs of project %d: %w", projectID, translate(err))
	}
	return int(tag.RowsAffected()), nil
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

// RunByID returns one run or sprintlens.ErrNotFound.
func (s *Store) RunByID(ctx context.Context, id int64) (sprintlens.SyncRun, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+runColumns+` FROM sync_runs WHERE id = $1`, id)
	if err != nil {
		return sprintlens.SyncRun{}, fmt.Errorf("postgres: run %d: %w", id, err)
	}
	r, err := pgx.CollectExactlyOneRow(rows, scanRun)
	if err != nil {
		return sprintlens.SyncRun{}, fmt.Errorf("postgres: run %d: %w", id, translate(err))
	}
	return r, nil
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

// LatestRunAge reports how long ago the project's latest run started,
// measured by the database's clock so every replica reads the same age;
// found is false when the project has no run.
func (s *Store) LatestRunAge(ctx context.Context, projectID int64) (age time.Duration, found bool, err error) {
	var secs *float64
	err = s.pool.QueryRow(ctx, `SELECT extract(epoch FROM now() - max(started_at))::float8 FROM sync_runs WHERE project_id = $1`,
		projectID).Scan(&secs)
	if err != nil {
		return 0, false, fmt.Errorf("postgres: latest run of project %d: %w", projectID, translate(err))
	}
	if secs == nil {
		return 0, false, nil
	}
	return time.Duration(*secs * float64(time.Second)), true, nil
}
