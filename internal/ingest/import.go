package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/tracker"
)

// ImportStore is what an import writes through.
type ImportStore interface {
	EnsureCSVProject(ctx context.Context, p sprintlens.Project) (sprintlens.Project, bool, error)
	StartRun(ctx context.Context, projectID int64, kind, triggeredBy string) (int64, error)
	UpdateRunProgress(ctx context.Context, id int64, progress string) error
	FinishRun(ctx context.Context, id int64, status sprintlens.RunStatus, counts postgres.RunCounts, errText string) error
	ImportStories(ctx context.Context, req postgres.ImportRequest, src postgres.ImportSource) (postgres.ImportCounts, error)
}

// Importer imports Pivotal Tracker CSV exports, one project per file.
// It is safe for concurrent use: each Import has its own state.
type Importer struct {
	Store ImportStore
	// AfterImport, when set, runs after an import committed (the metrics
	// precompute plugs in here). Its error is returned wrapped in
	// ErrAfterImport with the summary: the import stands.
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

// ImportOptions say where an export goes; all are optional but a name
// must come from somewhere (Name, FileName or ProjectID).
type ImportOptions struct {
	// ProjectID imports into that project (created if absent); 0 picks
	// the csv project by name, or a new id.
	ProjectID int64
	// Name names (or renames) the project.
	Name string
	// FileName is the export's file name: Tracker's
	// <name>_<yyyymmdd>_<hhmm>.csv gives the project name and the export
	// time, which places the current iteration.
	FileName string
	// TimeZone is the Olson zone the export's dates are read in; "" keeps
	// the project's (UTC for a new one).
	TimeZone string
	// TriggeredBy names who started the import, for the run record.
	TriggeredBy string
	// Progress, when set, also receives the progress lines the run record
	// gets (the CLI prints them to stderr).
	Progress func(line string)
}

// ImportCounts says what an import changed, as the store counted it.
type ImportCounts = postgres.ImportCounts

// ImportSummary reports an import. On failure the project and run fields
// are set when the import got that far.
type ImportSummary struct {
	ProjectID      int64
	ProjectName    string
	ProjectCreated bool
	TimeZone       string
	RunID          int64
	// Layout is tracker.CSVLayoutModern or tracker.CSVLayoutClassic.
	Layout string
	// ExportedAt is the export time the file name gave, if any.
	ExportedAt *time.Time
	ImportCounts
	// CurrentIteration is the iteration in progress at export (0: none).
	CurrentIteration int
	// Skipped counts rows that are not stories (blank lines, epics, empty
	// rows); SkippedRows lists the first of them with the reason.
	Skipped     int
	SkippedRows []tracker.CSVSkip
	Duration    time.Duration
}

// Import reads one CSV export from r and writes it into one project, all
// or nothing: a bad row (up to MaxCSVErrors are collected, as a
// *CSVErrors) or any other failure leaves the stored data as it was. A
// project synced from Tracker is refused (ErrConflict). Each import that
// reaches its project is recorded as a sync_runs row of kind import;
// failed ones too, with the errors. Stories of the project missing from
// the export are deleted and listed in the summary.
func (im *Importer) Import(ctx context.Context, r io.Reader, opts ImportOptions) (ImportSummary, error) {
	now := time.Now
	if im.Now != nil {
		now = im.Now
	}
	started := now()
	var sum ImportSummary
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
	sum.RunID, err = im.Store.StartRun(ctx, p.ID, postgres.RunImport, who)
	if err != nil {
		return sum, fmt.Errorf("ingest: %w", err)
	}
	progress := func(line string) {
		// A lost progress line must not fail the import; the final
		// state of the run is written separately.
		_ = im.Store.UpdateRunProgress(ctx, sum.RunID, line)
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
			return sum, fmt.Errorf("ingest: project %d was imported, but %w: %w", p.ID, ErrAfterImport, err)
		}
	}
	return sum, nil
}

// load streams the export into the store; the store finishes the run as
// succeeded in the data's own transaction.
func (im *Importer) load(ctx context.Context, r io.Reader, p sprintlens.Project, loc *time.Location,
	observedAt, exportedAt time.Time, sum *ImportSummary, progress func(string)) (*csvSource, error) {
	rd, err := tracker.NewCSVReader(r)
	if err != nil {
		var ce *tracker.CSVError
		if errors.As(err, &ce) {
			return nil, &CSVErrors{Errors: []*tracker.CSVError{ce}}
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
	if ferr := im.Store.FinishRun(rctx, runID, status, postgres.RunCounts{}, runErrorText(err)); ferr != nil {
		return errors.Join(err, fmt.Errorf("ingest: record the failed run: %w", ferr))
	}
	return err
}
