package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// ImportSource feeds ImportStories one story at a time, so an export of
// any size is written without holding it in memory.
type ImportSource interface {
	// Next returns the next story, or io.EOF after the last one. Any other
	// error aborts the import and is returned as is.
	Next() (sprintlens.Story, error)
	// Plan is called once Next has returned io.EOF: what the source
	// learned from every row (iterations, current iteration, settings).
	Plan() (ImportPlan, error)
}

// ImportPlan is what an import writes besides the stories.
type ImportPlan struct {
	// Project carries the name, time zone, iteration length and current
	// iteration to store; user settings (velocity window, ...) are kept.
	Project sprintlens.Project
	// Iterations replace the project's iterations.
	Iterations []sprintlens.Iteration
}

// ImportRequest says where an import goes.
type ImportRequest struct {
	ProjectID int64
	// RunID is the running sync_runs row, finished as succeeded in the
	// same transaction as the data.
	RunID int64
	// ObservedAt is when the export was taken (or, when unknown, when the
	// import started): the updated_at of changed stories and the time of
	// the history entries that record a story's state at export.
	ObservedAt time.Time
	// After runs in the import's transaction once the stories are merged
	// (the metrics precompute), so the numbers change with the data.
	After []AfterSave
}

// MaxReportedDeletions bounds ImportCounts.DeletedIDs; Deleted counts all.
const MaxReportedDeletions = 1000

// ImportCounts says what an import changed.
type ImportCounts struct {
	// Stories is the number of stories in the export.
	Stories                      int
	Inserted, Updated, Unchanged int
	Deleted                      int
	// DeletedIDs lists the first MaxReportedDeletions removed stories, by id.
	DeletedIDs []int64
	Iterations int
	// Labels is the number of distinct labels the export uses; NewLabels
	// of them were not known before.
	Labels, NewLabels int
	// People is the number of distinct owners and requesters; NewPeople
	// of them were not known before.
	People, NewPeople int
}

// ImportStories writes a full export of one csv-sourced project in one
// transaction: nothing is written unless everything is.
//
// Stories stream from src into a temporary staging table through COPY,
// then are merged into stories by id (inserted, updated when a field
// differs, left alone when equal); stories of the project missing from
// the export are deleted with their history. Labels and people are
// matched by name, keeping the ids of known ones; story labels are
// replaced; reconstructed history entries are appended (see
// appendHistory); iterations and the project row are rewritten from
// src.Plan; the run req.RunID is finished as succeeded. A lock on the
// project makes a concurrent import or sync of it fail with ErrLocked.
func (s *Store) ImportStories(ctx context.Context, req ImportRequest, src ImportSource) (ImportCounts, error) {
	var counts ImportCounts
	rows := &copySource{src: src, pid: req.ProjectID}
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		var locked bool
		if err := tx.QueryRow(ctx, `SELECT pg_try_advisory_xact_lock($1)`, req.ProjectID).Scan(&locked); err != nil {
			return fmt.Errorf("lock project: %w", err)
		}
		if !locked {
			return fmt.Errorf("another import or sync of project %d is running: %w", req.ProjectID, sprintlens.ErrLocked)
		}
		if _, err := tx.Exec(ctx, createImportStage); err != nil {
			return fmt.Errorf("create staging: %w", err)
		}
		n, err := tx.CopyFrom(ctx, pgx.Identifier{"import_stage"}, importStageColumns, rows)
		if rows.err != nil {
			// The source's own error (bad rows, a broken upload) says more
			// than the COPY failure it caused.
			return rows.err
		}
		if err != nil {
			return fmt.Errorf("copy stories: %w", err)
		}
		counts.Stories = int(n)
		plan, err := src.Plan()
		if err != nil {
			return err
		}
		if err := mergeImport(ctx, tx, req, plan, &counts); err != nil {
			return err
		}
		for _, fn := range req.After {
			if err := fn(ctx, tx, req.ProjectID); err != nil {
				return err
			}
		}
		return finishRun(ctx, tx, req.RunID, sprintlens.RunSucceeded, RunCounts{
			Inserted: counts.Inserted, Updated: counts.Updated, Deleted: counts.Deleted, Iterations: counts.Iterations,
		}, "")
	})
	if err != nil {
		if rows.err != nil {
			return ImportCounts{}, rows.err // the source's own error, for errors.As
		}
		return ImportCounts{}, fmt.Errorf("postgres: import project %d: %w", req.ProjectID, translate(err))
	}
	return counts, nil
}

const createImportStage = `
CREATE TEMP TABLE import_stage (
    id                bigint NOT NULL,
    name              text NOT NULL,
    story_type        text NOT NULL,
    current_state     text NOT NULL,
    estimate          numeric,
    iteration_number  int,
    position          int NOT NULL,
    description       text NOT NULL,
    url               text NOT NULL,
    requested_by      text NOT NULL,
    owners            text[] NOT NULL,
    labels            text[] NOT NULL,
    created_at        timestamptz NOT NULL,
    accepted_at       timestamptz,
    deadline          timestamptz
) ON COMMIT DROP`

var importStageColumns = []string{"id", "name", "story_type", "current_state", "estimate", "iteration_number",
	"position", "description", "url", "requested_by", "owners", "labels", "created_at", "accepted_at", "deadline"}

// copySource adapts an ImportSource to pgx.CopyFromSource. pgx calls it
// from its own goroutine while the COPY runs; err keeps the source's
// error so the caller can return it rather than the COPY's.
type copySource struct {
	src    ImportSource
	pid    int64
	values []any
	err    error
}

func (c *copySource) Next() bool {
	st, err := c.src.Next()
	if errors.Is(err, io.EOF) {
		return false
	}
	if err != nil {
		c.err = err
		return false
	}
	if st.ProjectID != 0 && st.ProjectID != c.pid {
		c.err = fmt.Errorf("story %d belongs to project %d, not %d", st.ID, st.ProjectID, c.pid)
		return false
	}
	c.values = []any{st.ID, st.Name, string(st.Type), string(st.State), st.Estimate, st.IterationNumber,
		st.Position, st.Description, st.URL, st.RequestedBy, nonNil(st.Owners), nonNil(st.Labels),
		st.CreatedAt, st.AcceptedAt, st.Deadline}
	return true
}

func (c *copySource) Values() ([]any, error) { return c.values, nil }

func (c *copySource) Err() error { return c.err }

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
