package ingest_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sprintlens/sprintlens/internal/ingest"
	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/tracker"
	"github.com/sprintlens/sprintlens/internal/trackersim"
)

// simNow is the simulated present of the test datasets: shortly before
// the real now, so what a sync observes comes after everything the
// simulator recorded, as with a real Tracker.
var simNow = time.Now().UTC().Add(-time.Hour).Truncate(time.Minute)

// startSim serves a generated dataset over HTTP for the test's lifetime.
func startSim(t testing.TB, cfg trackersim.Config, opts ...trackersim.Option) (*trackersim.Server, string) {
	t.Helper()
	if cfg.Now.IsZero() {
		cfg.Now = simNow
	}
	return startSimWith(t, trackersim.Generate(cfg), opts...)
}

// startSimWith serves ds over HTTP for the test's lifetime.
func startSimWith(t testing.TB, ds *trackersim.Dataset, opts ...trackersim.Option) (*trackersim.Server, string) {
	t.Helper()
	sim := trackersim.New(ds, opts...)
	hs := httptest.NewServer(sim)
	t.Cleanup(hs.Close)
	return sim, hs.URL + trackersim.BasePath
}

// freshStore is an empty migrated database.
func freshStore(t testing.TB) (*postgres.Store, *pgxpool.Pool) {
	t.Helper()
	pool := pgtest.Pool(t)
	pgtest.Reset(t, pool)
	return postgres.NewStore(pool), pool
}

// newSyncer builds a syncer with retries fast enough for tests.
func newSyncer(t testing.TB, store *postgres.Store, base, token string, change func(*ingest.SyncConfig)) *ingest.Syncer {
	t.Helper()
	cfg := ingest.SyncConfig{BaseURL: base, Token: token,
		ClientOptions: []tracker.Option{tracker.WithRetry(4, 20*time.Second)}}
	if change != nil {
		change(&cfg)
	}
	s, err := ingest.NewSyncer(store, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = s.Shutdown(ctx)
	})
	return s
}

func syncOnce(t testing.TB, s *ingest.Syncer, pid int64, full bool) sprintlens.SyncRun {
	t.Helper()
	run, err := s.SyncProject(context.Background(), pid, ingest.RunOptions{Full: full, TriggeredBy: "test"})
	if err != nil {
		t.Fatalf("sync project %d: %v", pid, err)
	}
	return run
}

// dbInt runs a query returning one integer.
func dbInt(t testing.TB, pool *pgxpool.Pool, q string, args ...any) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func dbFloat(t testing.TB, pool *pgxpool.Pool, q string, args ...any) float64 {
	t.Helper()
	var f float64
	if err := pool.QueryRow(context.Background(), q, args...).Scan(&f); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return f
}

// view reads the simulator's dataset under its lock.
func view(sim *trackersim.Server, fn func(p *trackersim.Project)) {
	sim.View(func(ds *trackersim.Dataset) { fn(ds.Projects[0]) })
}
