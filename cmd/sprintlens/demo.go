package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sprintlens/sprintlens/internal/config"
	"github.com/sprintlens/sprintlens/internal/ingest"
	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/trackersim"
)

// cmdDemo makes sure a database exists (the local server's, or a private
// one), migrates it, starts a simulated Tracker, syncs it and serves,
// printing the URL to open.
func cmdDemo(ctx context.Context, env *environment, args []string) error {
	if err := parseFlags(newFlagSet("demo"), env, args); err != nil {
		return err
	}
	cfg, err := config.Load(env.getenv)
	if err != nil {
		return err
	}
	log := newLogger(cfg, env.stderr)
	if env.getenv("DATABASE_URL") == "" && env.getenv("DATABASE_URL_FILE") == "" && !defaultServerReachable(cfg.DatabaseURL) {
		fmt.Fprintln(env.stdout, "No PostgreSQL at", config.RedactURL(cfg.DatabaseURL), "- starting a private one for the demo")
		local, err := postgres.StartLocalServer(ctx)
		if err != nil {
			return err
		}
		defer func() {
			if err := local.Stop(); err != nil {
				log.Warn("private PostgreSQL did not stop cleanly", "error", err)
			}
		}()
		cfg.DatabaseURL = local.URL()
	}
	created, err := postgres.EnsureDatabase(ctx, cfg.DatabaseURL)
	if err != nil {
		if env.getenv("DATABASE_URL") == "" {
			return errors.Join(err, postgres.ErrNoLocalServer)
		}
		return err
	}
	if created {
		fmt.Fprintln(env.stdout, "Created database", config.RedactURL(cfg.DatabaseURL))
	}
	cfg.RunMigrations = true
	pool, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer pool.Close()

	// The demo's Tracker is a simulated SRE team served in-process; the
	// scheduler keeps syncing it like a real one.
	_, stopSim, err := startDemoTracker(ctx, &cfg, pool, log, env.stdout)
	if err != nil {
		return err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = stopSim(sctx)
	}()
	return serve(ctx, cfg, log, pool, func(addr string) {
		fmt.Fprintf(env.stdout, "\nsprintlens demo is running: open %s\n(press Ctrl-C to stop)\n\n", cfg.BaseURL)
	})
}

// startDemoTracker serves the simulated team on a free loopback port,
// points cfg's TRACKER_* settings at it, syncs it into the database and
// seeds the team's OKRs. The browser tests start the demo through it too.
func startDemoTracker(ctx context.Context, cfg *config.Config, pool *pgxpool.Pool, log *slog.Logger, stdout io.Writer) (*trackersim.Server, func(context.Context) error, error) {
	sim, base, stopSim, err := startSim(trackersim.Config{Seed: 1}, "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	fail := func(err error) (*trackersim.Server, func(context.Context) error, error) {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = stopSim(sctx)
		return nil, nil, err
	}
	cfg.TrackerBaseURL, cfg.TrackerToken, cfg.TrackerProjects = base, sim.Token(), simProjectIDs(sim)
	fmt.Fprintln(stdout, "Simulated Tracker at", base)
	store := postgres.NewStore(pool)
	syncer, err := newSyncer(store, *cfg, log, nil)
	if err != nil {
		return fail(err)
	}
	runs, err := syncer.SyncAll(ctx, ingest.RunOptions{TriggeredBy: "demo", Progress: func(r sprintlens.SyncRun) {
		fmt.Fprintf(stdout, "  syncing project %d: %s\n", r.ProjectID, r.Progress)
	}})
	for _, r := range runs {
		printRunSummary(stdout, r)
	}
	if err != nil {
		return fail(err)
	}
	// The team's OKRs, linked to the simulated project's labels.
	if err := store.SeedDemoOKRs(ctx, cfg.TrackerProjects[0], time.Now()); err != nil {
		return fail(fmt.Errorf("demo OKRs: %w", err))
	}
	return sim, stopSim, nil
}

func defaultServerReachable(databaseURL string) bool {
	u, err := url.Parse(databaseURL)
	if err != nil {
		return false
	}
	port, _ := strconv.Atoi(u.Port())
	if port == 0 {
		port = 5432
	}
	return postgres.Reachable(u.Hostname(), uint16(port))
}
