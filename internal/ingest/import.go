package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/tracker"
)

// ImportStore is what an import writes through.
type ImportStore interface {
	EnsureCSVProject(ctx context.Context, p sprintlens.Project) (sprintlens.Project, bool, error)
	StartRun(ctx context.Context, r sprintlens.SyncRun) (int64, error)
	UpdateRunProgress(ctx context.Context, id int64, progress string, requests int) error
	FinishRun(ctx context.Context, r sprintlens.SyncRun) error
	ImportStories(ctx context.Context, req postgres.ImportRequest, src postgres.ImportSource) (sprintlens.ImportCounts, error)
}

// Importer imports Pivotal Tracker CSV exports, one project per file.
// It is safe for concurrent use: each Import has its own state.
type Importer struct {
	Store ImportStore
	// AfterImport, when set, runs after an import committed (the metrics
	// precompute plugs in here). Its error is returned wrapped in
	// sprintlens.ErrAfterImport with the summary: the import stands.
	AfterImport func(ctx context.Context, projectID int64) error
	// InTx hooks run inside the import's transaction (the metrics
	// precompute): if one fails, nothing of the import is kept.
	InTx []postgres.AfterSave
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// NewImporter returns an Importer writing through store; hooks run in the
// import's transaction (postgres.RefreshMetricsHook in production).
func NewImporter(store ImportStore, hooks ...postgres.AfterSave) *Importer {
	return &Importer{Store: store, InTx: hooks}
}

// Import reads one CSV export from r and writes it into one project, all
// or nothing: a bad row (up to sprintlens.MaxCSVErrors are collected, as
// a *sprintlens.CSVErrors) or any other failure leaves the stored data as
// it was. A project synced from Tracker is refused (ErrConflict). Each import that
// reaches its project is recorded as a sync_runs row of kind import;
// failed ones too, with the errors. Stories of the project missing from
// the export are deleted and listed in the summary.
func (im *Importer) Import(ctx context.Context, r io.Reader, opts sprintlens.ImportOptions) (sprintlens.ImportSummary, error) {
	now := time.Now
	if im.Now != nil {
		now = im.Now
	}
	started := now()
	var sum sprintlens.ImportSummary
	p, created, err := im.resolveProject(ctx, opts)
	if err != nil {
		return sum, err
	}
	sum.ProjectID, sum.ProjectName, sum.ProjectCreated, sum.TimeZone = p.ID, p.Name, created, p.TimeZone
	loc, err := LoadTimeZone(p.TimeZone)
	if err != nil {
		return sum, err
	}
	_, exportedAt := exportFileName(opts.FileName, loc)
	if !exportedAt.IsZero() {
		sum.ExportedAt = &exportedAt
	}
	observedAt := exportedAt
	if observedAt.IsZero() {
		observedAt = started
	}

	who := opts.TriggeredBy
	if who == "" {
		who = "unknown"
	}
	sum.RunID, err = im.Store.StartRun(ctx, sprintlens.SyncRun{ProjectID: p.ID, Kind: postgres.RunImport, TriggeredBy: who})
	if err != nil {
		return sum, fmt.Errorf("ingest: %w", err)
	}
	progress := func(line string) {
		// A lost progress line must not fail the import; the final
		// state of the run is written separately.
		_ = im.Store.UpdateRunProgress(ctx, sum.RunID, line, 0)
		if opts.Progress != nil {
			opts.Progress(line)
		}
	}

	src, err := im.load(ctx, r, p, loc, observedAt, exportedAt, &sum, progress)
	sum.Duration = now().Sub(started)
	if src != nil {
		st := src.rd.Stats()
		sum.Layout, sum.Skipped, sum.SkippedRows = src.rd.Layout(), st.Skipped, st.SkippedRows
	}
	if err != nil {
		return sum, im.fail(ctx, sum.RunID, err)
	}
	if im.AfterImport != nil {
		if err := im.AfterImport(ctx, p.ID); err != nil {
			return sum, fmt.Errorf("ingest: project %d was imported, but %w: %w", p.ID, sprintlens.ErrAfterImport, err)
		}
	}
	return sum, nil
}

// load streams the export into the store; the store finishes the run as
// succeeded in the data's own transaction.
func (im *Importer) load(ctx context.Context, r io.Reader, p sprintlens.Project, loc *time.Location,
	observedAt, exportedAt time.Time, sum *sprintlens.ImportSummary, progress func(string)) (*csvSource, error) {
	rd, err := tracker.NewCSVReader(r)
	if err != nil {
		var ce *sprintlens.CSVError
		if errors.As(err, &ce) {
			return nil, &sprintlens.CSVErrors{Errors: []*sprintlens.CSVError{ce}}
		}
		return nil, err
	}
	rd.SetLocation(loc)
	src := &csvSource{rd: rd, project: p, observedAt: observedAt, exportedAt: exportedAt,
		iterations: iterationSet{}, progress: progress}
	counts, err := im.Store.ImportStories(ctx, postgres.ImportRequest{ProjectID: p.ID, RunID: sum.RunID, ObservedAt: observedAt, After: im.InTx}, src)
	if err != nil {
		return src, err
	}
	sum.ImportCounts = counts
	if src.plan != nil {
		sum.CurrentIteration = src.plan.Project.CurrentIteration
	}
	return src, nil
}

// fail records the failed run outside the rolled-back data transaction,
// even when ctx is already cancelled (a closed upload, an interrupt).
func (im *Importer) fail(ctx context.Context, runID int64, err error) error {
	status := sprintlens.RunFailed
	if ctx.Err() != nil {
		status = sprintlens.RunCancelled
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if ferr := im.Store.FinishRun(rctx, sprintlens.SyncRun{ID: runID, Status: status, Error: runErrorText(err)}); ferr != nil {
		return errors.Join(err, fmt.Errorf("ingest: record the failed run: %w", ferr))
	}
	return err
}

// runErrorText is what the failed run records: every row error, or the
// error's text.
func runErrorText(err error) string {
	var ce *sprintlens.CSVErrors
	if errors.As(err, &ce) {
		return strings.Join(ce.Lines(), "\n")
	}
	return err.Error()
}
