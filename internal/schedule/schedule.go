// Package schedule runs jobs on cron specs with robfig/cron v3: a panic in
// a job is recovered, a run still going when its next tick comes is
// skipped, every run gets its own context with a timeout, and Stop waits
// for running jobs (up to the caller's deadline).
package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"
)

// Job is anything with Run(ctx). Jobs know nothing of cron.
type Job interface {
	Run(ctx context.Context) error
}

// JobFunc adapts a function to Job.
type JobFunc func(ctx context.Context) error

// Run calls f.
func (f JobFunc) Run(ctx context.Context) error { return f(ctx) }

// Scheduler owns a cron instance and the context jobs run under.
type Scheduler struct {
	cron   *cron.Cron
	log    *slog.Logger
	ctx    context.Context
	cancel context.CancelFunc
}

// New makes a scheduler whose specs are read in loc.
func New(loc *time.Location, log *slog.Logger) *Scheduler {
	cl := cronLogger{log}
	c := cron.New(
		cron.WithLocation(loc),
		// SkipIfStillRunning must wrap Recover: in cron v3.0.1 it hands its
		// token back without a defer, so a panic escaping it would skip
		// the job forever after.
		cron.WithChain(cron.SkipIfStillRunning(cl), cron.Recover(cl)),
		cron.WithLogger(cl),
	)
	ctx, cancel := context.WithCancel(context.Background())
	return &Scheduler{cron: c, log: log, ctx: ctx, cancel: cancel}
}

// Add schedules job under spec; each run is bounded by timeout.
func (s *Scheduler) Add(name, spec string, timeout time.Duration, job Job) error {
	_, err := s.cron.AddFunc(spec, func() {
		ctx, cancel := context.WithTimeout(s.ctx, timeout)
		defer cancel()
		start := time.Now()
		if err := job.Run(ctx); err != nil {
			s.log.Error("scheduled job failed", "job", name, "error", err, "duration", time.Since(start))
			return
		}
		s.log.Info("scheduled job done", "job", name, "duration", time.Since(start))
	})
	if err != nil {
		return fmt.Errorf("schedule: %s spec %q: %w", name, spec, err)
	}
	return nil
}

// Start begins running jobs.
func (s *Scheduler) Start() { s.cron.Start() }

// Stop stops scheduling, cancels running jobs' contexts once ctx expires,
// and waits for them to return.
func (s *Scheduler) Stop(ctx context.Context) error {
	done := s.cron.Stop().Done()
	select {
	case <-done:
		s.cancel()
		return nil
	case <-ctx.Done():
		s.cancel() // ask running jobs to give up, then wait briefly for them
		select {
		case <-done:
		case <-time.After(5 * time.Second):
		}
		return fmt.Errorf("schedule: jobs still running at shutdown: %w", ctx.Err())
	}
}

type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "error", err)...)
}
