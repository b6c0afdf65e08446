package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/tracker"
)

// Defaults for SyncConfig.
const (
	// DefaultFullEvery is how old the last full sync may be before an
	// incremental run turns into a full reconcile.
	DefaultFullEvery = 24 * time.Hour
	// DefaultTimeout bounds a run started with StartSync.
	DefaultTimeout = 10 * time.Minute
	// updateMargin is read again before the stored cursors, because
	// Tracker's timestamps have one-second resolution and a change can be
	// committed with a time slightly before one already read.
	updateMargin = 2 * time.Minute
)

// SyncConfig is what a Syncer needs besides its store.
type SyncConfig struct {
	BaseURL string // TRACKER_BASE_URL
	Token   string // TRACKER_TOKEN
	// Projects are the TRACKER_PROJECTS ids; each run makes sure they are
	// known, beside those added on the projects page.
	Projects []int64
	// Timeout bounds a run started in the background with StartSync
	// (SYNC_TIMEOUT). Scheduled runs get their deadline from the scheduler.
	Timeout time.Duration
	// FullEvery: see DefaultFullEvery.
	FullEvery time.Duration
	// MinInterval makes a scheduled run skip a project whose latest run
	// started less than this long ago. Every replica runs the schedule and
	// the advisory lock only keeps their runs apart in time, so without it
	// a replica whose tick comes just after another's finished syncs the
	// project a second time. Set it below the schedule's interval (serve
	// uses three quarters of it); 0 turns the check off.
	MinInterval time.Duration
	// ClientOptions go to tracker.New (retries, HTTP client, logger).
	ClientOptions []tracker.Option
	// AfterSave hooks run inside each save's transaction: the metrics
	// precompute plugs in here so pages never mix new stories with old numbers.
	AfterSave []postgres.AfterSave
	Logger    *slog.Logger
	// OnRequest, when set, sees every Tracker request of every run. A run
	// reads some listings in parallel, so it may be called concurrently.
	OnRequest func(projectID int64, info tracker.RequestInfo)
	// OnRunFinished, when set, sees every recorded run once it has ended
	// (succeeded, failed or cancelled), with how long it ran: background
	// runs wait their turn after being recorded, so took can be shorter
	// than the run's FinishedAt - StartedAt. Serve counts runs for
	// /metrics here; the syncer itself knows nothing of Prometheus. Runs
	// of several projects end concurrently, so it may be called concurrently.
	OnRunFinished func(run sprintlens.SyncRun, took time.Duration)
}

// RunOptions shape one sync.
type RunOptions struct {
	// Full forces a full sync even when an incremental one would do.
	Full bool
	// TriggeredBy is recorded with the run: "schedule", "cli", "web", "api".
	TriggeredBy string
	// Progress, when set, receives the run after each page read (the CLI
	// prints its Progress line).
	Progress func(run sprintlens.SyncRun)

	// scheduled runs honour SyncConfig.MinInterval; a person asking for a
	// sync gets one.
	scheduled bool
}

// ErrSyncedRecently is returned, with no run recorded, when a scheduled
// run finds the project's latest run started within SyncConfig.MinInterval:
// another replica already synced it on this tick.
var ErrSyncedRecently = errors.New("synced recently by another run")

// Syncer pulls Tracker projects into the store. Run syncs every enabled
// project (the scheduled job); SyncProject syncs one; StartSync starts runs
// in the background for the web UI, and Shutdown waits for those.
type Syncer struct {
	store *postgres.Store
	cfg   SyncConfig
	log   *slog.Logger

	bgCtx    context.Context
	bgCancel context.CancelFunc
	bg       sync.WaitGroup
}

// NewSyncer checks the Tracker settings and builds a Syncer.
func NewSyncer(store *postgres.Store, cfg SyncConfig) (*Syncer, error) {
	if cfg.BaseURL == "" || cfg.Token == "" {
		return nil, errors.New("sync: TRACKER_BASE_URL and TRACKER_TOKEN must both be set")
	}
	// Fail on a malformed URL now rather than in every run.
	if _, err := tracker.New(cfg.BaseURL, cfg.Token); err != nil {
		return nil, err
	}
	if cfg.FullEvery <= 0 {
		cfg.FullEvery = DefaultFullEvery
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Syncer{store: store, cfg: cfg, log: log, bgCtx: ctx, bgCancel: cancel}, nil
}

// Run syncs every enabled project one after another: the scheduled job.
// A project another worker is syncing is skipped; failures of single
// projects are joined into the returned error after the others were
// tried, except a rejected token, which would fail them all.
func (s *Syncer) Run(ctx context.Context) error {
	_, err := s.SyncAll(ctx, RunOptions{TriggeredBy: "schedule", scheduled: true})
	return err
}

// SyncAll syncs every enabled project and returns the runs it recorded.
func (s *Syncer) SyncAll(ctx context.Context, opts RunOptions) ([]sprintlens.SyncRun, error) {
	ids, err := s.projectIDs(ctx)
	if err != nil {
		return nil, err
	}
	var runs []sprintlens.SyncRun
	var errs []error
	for _, id := range ids {
		if ctx.Err() != nil {
			errs = append(errs, fmt.Errorf("sync: stopped before project %d: %w", id, context.Cause(ctx)))
			break
		}
		run, err := s.SyncProject(ctx, id, opts)
		switch {
		case errors.Is(err, sprintlens.ErrLocked):
			s.log.Info("sync: project already being synced elsewhere; skipped", "project", id)
			continue
		case errors.Is(err, ErrSyncedRecently):
			s.log.Info("sync: project synced recently by another run; skipped", "project", id, "error", err)
			continue
		case err != nil:
			errs = append(errs, err)
		}
		if run.ID != 0 {
			runs = append(runs, run)
		}
		if errors.Is(err, tracker.ErrTokenRejected) {
			break // every other project would be refused the same way
		}
	}
	return runs, errors.Join(errs...)
}

// SyncProject syncs one project now and returns its recorded run. A project
// not yet known is added first. It returns an error wrapping
// sprintlens.ErrLocked, with no run recorded, when another worker holds
// the project's lock, or ErrSyncedRecently for a scheduled run that found
// it freshly synced; any other failure is recorded in the run too.
func (s *Syncer) SyncProject(ctx context.Context, projectID int64, opts RunOptions) (sprintlens.SyncRun, error) {
	r, err := s.begin(ctx, projectID, opts)
	if err != nil {
		return sprintlens.SyncRun{}, err
	}
	return r.execute(ctx)
}

// StartSync starts syncing projectID (0: every enabled project) in the
// background and returns the ids of the runs it recorded, so a page can
// follow their progress. The runs outlive ctx: they are bounded by
// SyncConfig.Timeout and by Shutdown. Projects already being synced are
// left to that run; if that leaves nothing to start, the error wraps
// sprintlens.ErrLocked.
func (s *Syncer) StartSync(ctx context.Context, projectID int64, full bool, triggeredBy string) ([]int64, error) {
	if s.bgCtx.Err() != nil {
		return nil, errors.New("sync: shutting down")
	}
	ids := []int64{projectID}
	if projectID == 0 {
		var err error
		if ids, err = s.projectIDs(ctx); err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			return nil, sprintlens.Invalid("project", "no Tracker project is enabled for sync; add one first")
		}
	}
	opts := RunOptions{Full: full, TriggeredBy: triggeredBy}
	var begun []*run
	var lockErr error
	for _, id := range ids {
		r, err := s.begin(ctx, id, opts)
		if errors.Is(err, sprintlens.ErrLocked) {
			lockErr = err
			continue
		}
		if err != nil {
			for _, b := range begun {
				b.abort(err)
			}
			return nil, err
		}
		begun = append(begun, r)
	}
	if len(begun) == 0 {
		return nil, lockErr
	}
	runIDs := make([]int64, len(begun))
	for i, r := range begun {
		runIDs[i] = r.rec.ID
	}
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		// One after another: Tracker rate-limits per token, and each run
		// already holds its project's lock, so none can be taken over.
		for _, r := range begun {
			ctx, cancel := context.WithTimeout(s.bgCtx, s.cfg.Timeout)
			if _, err := r.execute(ctx); err != nil {
				s.log.Error("sync failed", "project", r.rec.ProjectID, "run", r.rec.ID, "error", err)
			}
			cancel()
		}
	}()
	return runIDs, nil
}

// Shutdown waits for background runs until ctx ends, then cancels them
// (each is recorded as cancelled) and waits a little more for them to stop.
func (s *Syncer) Shutdown(ctx context.Context) error {
	done := make(chan struct{})
	go func() { s.bg.Wait(); close(done) }()
	select {
	case <-done:
		s.bgCancel()
		return nil
	case <-ctx.Done():
		s.bgCancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
		}
		return fmt.Errorf("sync: runs still going at shutdown: %w", ctx.Err())
	}
}

// AddProject checks with Tracker that projectID exists and is visible to
// the token, then enables it for sync under its Tracker name.
func (s *Syncer) AddProject(ctx context.Context, projectID int64) (sprintlens.Project, error) {
	if projectID <= 0 {
		return sprintlens.Project{}, sprintlens.Invalid("project_id", "enter a Tracker project id, a positive number")
	}
	c, err := s.client(nil)
	if err != nil {
		return sprintlens.Project{}, err
	}
	tp, err := c.GetProject(ctx, projectID)
	if err != nil {
		msg := describe(projectID, err)
		if errors.Is(err, tracker.ErrProjectNotFound) || errors.Is(err, tracker.ErrTokenRejected) {
			return sprintlens.Project{}, sprintlens.Invalid("project_id", msg)
		}
		return sprintlens.Project{}, fmt.Errorf("sync: add project %d: %w", projectID, err)
	}
	p := mapProject(tp)
	if err := s.store.AddTrackerProject(ctx, p); err != nil {
		return sprintlens.Project{}, err
	}
	return p, nil
}

// projectIDs makes the TRACKER_PROJECTS known, then lists every enabled
// Tracker project.
func (s *Syncer) projectIDs(ctx context.Context) ([]int64, error) {
	known, err := s.store.SyncProjectIDs(ctx)
	if err != nil {
		return nil, err
	}
	have := make(map[int64]bool, len(known))
	for _, id := range known {
		have[id] = true
	}
	added := false
	for _, id := range s.cfg.Projects {
		if !have[id] {
			if err := s.store.AddTrackerProject(ctx, sprintlens.Project{ID: id}); err != nil {
				return nil, err
			}
			added = true
		}
	}
	if !added {
		return known, nil
	}
	return s.store.SyncProjectIDs(ctx)
}

// client builds a Tracker client for one run: the hook counts the run's
// requests.
func (s *Syncer) client(hook func(tracker.RequestInfo)) (*tracker.Client, error) {
	opts := append([]tracker.Option{}, s.cfg.ClientOptions...)
	if hook != nil {
		opts = append(opts, tracker.WithRequestHook(hook))
	}
	return tracker.New(s.cfg.BaseURL, s.cfg.Token, opts...)
}
