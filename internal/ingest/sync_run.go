package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/tracker"
)

// run is one project's sync from the moment its lock is taken and its
// sync_runs row written until the row is finished and the lock released.
type run struct {
	s        *Syncer
	opts     RunOptions
	rec      sprintlens.SyncRun
	state    postgres.SyncState
	unlock   func()
	client   *tracker.Client
	requests atomic.Int64
	started  time.Time

	mu      sync.Mutex // guards the progress fields while listings run in parallel
	phases  []phase
	written time.Time
}

// begin takes the project's lock, decides between a full and an
// incremental sync and records the run as running.
func (s *Syncer) begin(ctx context.Context, projectID int64, opts RunOptions) (*run, error) {
	unlock, err := s.store.TryLockProjectSync(ctx, projectID)
	if err != nil {
		return nil, err
	}
	if err := s.checkRecent(ctx, projectID, opts); err != nil {
		unlock()
		return nil, err
	}
	r := &run{s: s, opts: opts, unlock: unlock, started: time.Now()}
	if err := r.prepare(ctx, projectID); err != nil {
		unlock()
		return nil, err
	}
	return r, nil
}

// checkRecent refuses a scheduled run of a project whose latest run
// started within MinInterval. It runs under the project's lock, so two
// replicas cannot both find the project stale and both sync it.
func (s *Syncer) checkRecent(ctx context.Context, projectID int64, opts RunOptions) error {
	if !opts.scheduled || s.cfg.MinInterval <= 0 {
		return nil
	}
	age, found, err := s.store.LatestRunAge(ctx, projectID)
	if err != nil {
		return err
	}
	if found && age < s.cfg.MinInterval {
		return fmt.Errorf("sync: project %d: %w %s ago", projectID, ErrSyncedRecently, age.Round(time.Millisecond))
	}
	return nil
}

func (r *run) prepare(ctx context.Context, projectID int64) error {
	s := r.s
	if n, err := s.store.AbandonRuns(ctx, projectID); err != nil {
		return err
	} else if n > 0 {
		s.log.Warn("sync: marked runs of a stopped process as failed", "project", projectID, "runs", n)
	}
	state, err := s.store.SyncState(ctx, projectID)
	if errors.Is(err, sprintlens.ErrNotFound) {
		if err := s.store.AddTrackerProject(ctx, sprintlens.Project{ID: projectID}); err != nil {
			return err
		}
		state, err = s.store.SyncState(ctx, projectID)
	}
	if err != nil {
		return err
	}
	if state.Project.Source != sprintlens.SourceTracker {
		// Syncing would turn the import into a Tracker project and replace it.
		return sprintlens.Invalid("project", fmt.Sprintf("project %d was imported from CSV, not synced from Tracker", projectID))
	}
	r.state = state
	r.client, err = s.client(func(info tracker.RequestInfo) {
		r.requests.Add(1)
		if s.cfg.OnRequest != nil {
			s.cfg.OnRequest(projectID, info)
		}
	})
	if err != nil {
		return err
	}
	kind := postgres.RunIncremental
	if r.opts.Full || state.Project.Version == 0 || state.LastFullSyncAt == nil ||
		time.Since(*state.LastFullSyncAt) > s.cfg.FullEvery {
		kind = postgres.RunFull
	}
	r.rec = sprintlens.SyncRun{ProjectID: projectID, Kind: kind, Status: sprintlens.RunRunning,
		StartedAt: r.started, Progress: "queued", TrackerVersion: state.Project.Version, TriggeredBy: r.opts.TriggeredBy}
	r.rec.ID, err = s.store.StartRun(ctx, r.rec)
	return err
}

// execute syncs, records the outcome and releases the lock. Whatever
// happens, the run's row ends finished: the UI shows every failure.
func (r *run) execute(ctx context.Context) (sprintlens.SyncRun, error) {
	defer r.unlock()
	r.started = time.Now()
	err := r.sync(ctx)
	return r.finish(ctx, err)
}

// abort finishes a run that was begun but will not execute.
func (r *run) abort(cause error) {
	defer r.unlock()
	_, _ = r.finish(context.Background(), fmt.Errorf("not started: %w", cause))
}

func (r *run) finish(ctx context.Context, err error) (sprintlens.SyncRun, error) {
	r.rec.Requests = int(r.requests.Load())
	now := time.Now()
	r.rec.FinishedAt = &now
	r.rec.Status = sprintlens.RunSucceeded
	var runErr error
	if err != nil {
		r.rec.Status = sprintlens.RunFailed
		if errors.Is(err, context.Canceled) {
			r.rec.Status = sprintlens.RunCancelled
		}
		r.rec.Error = describe(r.rec.ProjectID, err)
		runErr = &RunError{ProjectID: r.rec.ProjectID, RunID: r.rec.ID, Message: r.rec.Error, Err: err}
	}
	// The run's own context may be what ended it; the record must still land.
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if ferr := r.s.store.FinishRun(fctx, r.rec); ferr != nil {
		r.s.log.Error("sync: could not record the run's outcome", "run", r.rec.ID, "error", ferr)
		runErr = errors.Join(runErr, ferr)
	}
	took := now.Sub(r.started)
	r.s.log.Info("sync finished", "project", r.rec.ProjectID, "run", r.rec.ID, "kind", r.rec.Kind,
		"status", r.rec.Status, "inserted", r.rec.StoriesInserted, "updated", r.rec.StoriesUpdated,
		"deleted", r.rec.StoriesDeleted, "requests", r.rec.Requests, "duration", took, "error", r.rec.Error)
	if r.s.cfg.OnRunFinished != nil {
		r.s.cfg.OnRunFinished(r.rec, took)
	}
	return r.rec, runErr
}

// progressEvery bounds how often a progress line is written to the
// database: the UI polls once a second, and a write per page would cost a
// large sync hundreds of round trips.
const progressEvery = 200 * time.Millisecond

// phase is one listing a run reads, for the progress line.
type phase struct {
	name        string
	done, total int // total 0: not known
}

// phaseOrder ranks the listings in the progress line, the biggest first.
func phaseOrder(name string) int {
	switch name {
	case "stories":
		return 0
	case "transitions":
		return 1
	case "activity":
		return 2
	}
	return 3
}

// note sets the progress line to a step without counts ("saving ...").
func (r *run) note(ctx context.Context, line string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.phases = nil
	r.publish(ctx, line, true)
}

// step records how far one listing has got. Listings read at the same
// time share the line: "stories 1500/3104, activity 800/9000".
func (r *run) step(ctx context.Context, name string, done, total int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	i := slices.IndexFunc(r.phases, func(p phase) bool { return p.name == name })
	if i < 0 {
		// A fixed order keeps the line steady while listings race.
		i = len(r.phases)
		for j, p := range r.phases {
			if phaseOrder(name) < phaseOrder(p.name) {
				i = j
				break
			}
		}
		r.phases = slices.Insert(r.phases, i, phase{name: name})
	}
	r.phases[i].done, r.phases[i].total = done, total
	parts := make([]string, len(r.phases))
	for j, p := range r.phases {
		parts[j] = fmt.Sprintf("%s %d", p.name, p.done)
		if p.total > 0 {
			parts[j] += fmt.Sprintf("/%d", max(p.total, p.done))
		}
	}
	r.publish(ctx, strings.Join(parts, ", "), false)
}

// publish hands the line to RunOptions.Progress at once and to the run's
// row at most every progressEvery (always when force). Callers hold r.mu.
func (r *run) publish(ctx context.Context, line string, force bool) {
	r.rec.Progress = line
	r.rec.Requests = int(r.requests.Load())
	if r.opts.Progress != nil {
		r.opts.Progress(r.rec)
	}
	if !force && time.Since(r.written) < progressEvery {
		return
	}
	r.written = time.Now()
	if err := r.s.store.UpdateRunProgress(ctx, r.rec.ID, line, r.rec.Requests); err != nil && ctx.Err() == nil {
		r.s.log.Warn("sync: progress not recorded", "run", r.rec.ID, "error", err)
	}
}

// RunError is a failed run. Message is the line recorded in sync_runs and
// shown in the UI; Err keeps the cause for errors.Is.
type RunError struct {
	ProjectID int64
	RunID     int64
	Message   string
	Err       error
}

func (e *RunError) Error() string { return fmt.Sprintf("sync project %d: %s", e.ProjectID, e.Message) }

// Unwrap exposes the cause (tracker.ErrTokenRejected, context.Canceled, ...).
func (e *RunError) Unwrap() error { return e.Err }

// describe turns a failure into the short line a user reads: what went
// wrong and, for the common cases, what to do about it.
func describe(projectID int64, err error) string {
	var ae *tracker.APIError
	switch {
	case errors.Is(err, tracker.ErrTokenRejected):
		status := ""
		if errors.As(err, &ae) {
			status = fmt.Sprintf(" (HTTP %d)", ae.Status)
		}
		return "tracker: token rejected" + status + ": check TRACKER_TOKEN and the token's access to the project"
	case errors.Is(err, tracker.ErrProjectNotFound):
		return fmt.Sprintf("tracker: project %d not found or not visible to this token", projectID)
	case errors.Is(err, context.Canceled):
		return "cancelled; the data from the previous sync is unchanged"
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out (SYNC_TIMEOUT); the data from the previous sync is unchanged"
	}
	return err.Error()
}
