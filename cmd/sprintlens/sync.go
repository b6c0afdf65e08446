package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/sprintlens/sprintlens/internal/config"
	"github.com/sprintlens/sprintlens/internal/ingest"
	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/tracker"
	"github.com/sprintlens/sprintlens/internal/trackersim"
)

// cmdSync syncs once: every enabled project, or the one named by --project
// (added if new), printing progress per page and a summary per project.
func cmdSync(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet("sync")
	project := fs.Int64("project", 0, "sync only this Tracker project `id` (it is added if new)")
	full := fs.Bool("full", false, "read the whole project instead of the changes since the last sync")
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	cfg, log, pool, err := openApp(ctx, env)
	if err != nil {
		return err
	}
	defer pool.Close()
	syncer, err := newSyncer(postgres.NewStore(pool), cfg, log, nil)
	if err != nil {
		return err
	}
	opts := ingest.RunOptions{Full: *full, TriggeredBy: "cli", Progress: func(r sprintlens.SyncRun) {
		fmt.Fprintf(env.stdout, "project %d: %s\n", r.ProjectID, r.Progress)
	}}
	var runs []sprintlens.SyncRun
	if *project != 0 {
		var run sprintlens.SyncRun
		run, err = syncer.SyncProject(ctx, *project, opts)
		if run.ID != 0 {
			runs = append(runs, run)
		}
	} else {
		runs, err = syncer.SyncAll(ctx, opts)
		if err == nil && len(runs) == 0 {
			return errors.New("sync: no project to sync: set TRACKER_PROJECTS, pass --project ID, or add one on the projects page")
		}
	}
	for _, r := range runs {
		printRunSummary(env.stdout, r)
	}
	return err
}

// printRunSummary writes one line per run: what changed and what it cost.
func printRunSummary(w io.Writer, r sprintlens.SyncRun) {
	d := time.Duration(0)
	if r.FinishedAt != nil {
		d = r.FinishedAt.Sub(r.StartedAt).Round(time.Millisecond)
	}
	if r.Status != sprintlens.RunSucceeded {
		fmt.Fprintf(w, "project %d: %s sync %s after %s and %d requests: %s\n", r.ProjectID, r.Kind, r.Status, d, r.Requests, r.Error)
		return
	}
	fmt.Fprintf(w, "project %d: %s sync done: %d inserted, %d updated, %d deleted, %d iterations, %d requests, %s\n",
		r.ProjectID, r.Kind, r.StoriesInserted, r.StoriesUpdated, r.StoriesDeleted, r.Iterations, r.Requests, d)
}

// newSyncer wires a Syncer from the configuration. Every save precomputes
// the project's metrics in its own transaction. onRun, when not nil, sees
// every run that ended (serve counts them for /metrics).
func newSyncer(store *postgres.Store, cfg config.Config, log *slog.Logger, onRun func(sprintlens.SyncRun, time.Duration)) (*ingest.Syncer, error) {
	gap, err := shortestTickGap(cfg.SyncSchedule, cfg.TimeZone, time.Now())
	if err != nil {
		return nil, err
	}
	return ingest.NewSyncer(store, ingest.SyncConfig{
		BaseURL:  cfg.TrackerBaseURL,
		Token:    cfg.TrackerToken,
		Projects: cfg.TrackerProjects,
		Timeout:  cfg.SyncTimeout,
		// Replicas' ticks of "*/15 * * * *" meet at the same instants, but
		// those of "@every 2m" are as far apart as the processes' starts.
		// Anything above half the gap lets exactly one replica sync per
		// tick whatever that offset; below the whole gap leaves room for
		// a late tick.
		MinInterval:   gap * 3 / 4,
		ClientOptions: []tracker.Option{tracker.WithLogger(log)},
		Logger:        log,
		AfterSave:     []postgres.AfterSave{postgres.RefreshMetricsHook(time.Now)},
		OnRunFinished: onRun,
	})
}

// shortestTickGap is the shortest time between two consecutive ticks of a
// cron spec over the next few ticks from now ("0 9 * * 1-5" gives a day).
func shortestTickGap(spec, zone string, now time.Time) (time.Duration, error) {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return 0, fmt.Errorf("TIME_ZONE: %w", err)
	}
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		return 0, fmt.Errorf("SYNC_SCHEDULE %q: %w", spec, err)
	}
	var gap time.Duration
	t := sched.Next(now.In(loc))
	for range 16 {
		next := sched.Next(t)
		if d := next.Sub(t); d > 0 && (gap == 0 || d < gap) {
			gap = d
		}
		t = next
	}
	return gap, nil
}

// cmdSim serves a simulated Tracker until interrupted, printing what to
// point TRACKER_* at.
func cmdSim(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet("sim")
	addr := fs.String("addr", "127.0.0.1:8081", "`host:port` to listen on (port 0 picks a free one)")
	projects := fs.Int("projects", 1, "number of projects")
	stories := fs.Int("stories", 0, "live stories per project (0: a five-person team's year, about 600)")
	seed := fs.Int64("seed", 1, "random seed; the same seed gives the same data")
	latency := fs.Duration("latency", 0, "delay every response by this much")
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	sim, base, stop, err := startSim(trackersim.Config{Seed: *seed, Projects: *projects, StoriesPerProject: *stories}, *addr)
	if err != nil {
		return err
	}
	sim.SetLatency(*latency)
	fmt.Fprintf(env.stdout, "Simulated Tracker API v5 at %s\n\n", base)
	fmt.Fprintf(env.stdout, "  TRACKER_BASE_URL=%s\n  TRACKER_TOKEN=%s\n  TRACKER_PROJECTS=%s\n\n(press Ctrl-C to stop)\n",
		base, sim.Token(), joinIDs(simProjectIDs(sim)))
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return stop(sctx)
}

// startSim generates a dataset whose present is now, so the simulated
// team's current sprint is this week, and serves it on addr.
func startSim(cfg trackersim.Config, addr string) (*trackersim.Server, string, func(context.Context) error, error) {
	cfg.Now = time.Now()
	sim := trackersim.New(trackersim.Generate(cfg))
	base, stop, err := sim.Start(addr)
	if err != nil {
		return nil, "", nil, err
	}
	return sim, base, stop, nil
}

func simProjectIDs(sim *trackersim.Server) []int64 {
	var ids []int64
	sim.View(func(ds *trackersim.Dataset) {
		for _, p := range ds.Projects {
			ids = append(ids, p.ID)
		}
	})
	return ids
}

func joinIDs(ids []int64) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ","
		}
		s += fmt.Sprint(id)
	}
	return s
}
