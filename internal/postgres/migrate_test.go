package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestMigrateFromEmptyAndRerun(t *testing.T) {
	ctx := context.Background()
	url, drop, err := pgtest.CreateDatabase(ctx, "slmig")
	if err != nil {
		t.Fatal(err)
	}
	defer drop()
	pool, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()

	err = postgres.CheckSchema(ctx, pool)
	if !errors.Is(err, postgres.ErrSchemaBehind) {
		t.Fatalf("empty database: CheckSchema = %v, want ErrSchemaBehind", err)
	}
	want, _ := postgres.LatestVersion()
	for i := 0; i < 2; i++ { // the second run must be a no-op
		v, err := postgres.Migrate(ctx, pool)
		if err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		if v != want {
			t.Fatalf("run %d: version %d, want %d", i, v, want)
		}
	}
	if err := postgres.CheckSchema(ctx, pool); err != nil {
		t.Fatalf("after migrate: %v", err)
	}
}

func TestProjectRoundTrip(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)

	if _, err := st.Project(ctx, 42); !errors.Is(err, sprintlens.ErrNotFound) {
		t.Fatalf("missing project error = %v, want ErrNotFound", err)
	}
	p := sprintlens.Project{ID: 42, Name: "SRE Platform", TimeZone: "Asia/Tokyo", IterationWeeks: 1}
	if err := st.UpsertProject(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, err := st.Project(ctx, 42)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "SRE Platform" || got.TimeZone != "Asia/Tokyo" || got.VelocityWindow != 3 || got.Source != sprintlens.SourceTracker {
		t.Errorf("round trip: %+v", got)
	}
}

// Upgrading a database that holds projects recomputes their metrics, so
// numbers a new migration makes room for appear without waiting for a sync
// that finds something changed.
func TestMigrateUpgradeRecomputesMetrics(t *testing.T) {
	ctx := context.Background()
	url, drop, err := pgtest.CreateDatabase(ctx, "slupg")
	if err != nil {
		t.Fatal(err)
	}
	defer drop()
	pool, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	latest, err := postgres.Migrate(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	st := postgres.NewStore(pool)
	t0 := time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)
	snap := sprintlens.Snapshot{Project: sprintlens.Project{ID: 9, Name: "P"}, Full: true,
		Iterations: []sprintlens.Iteration{{Number: 1, Start: t0, Finish: t0.AddDate(0, 0, 7), TeamStrength: 1, Kind: "current"}},
		Stories:    []sprintlens.Story{storyAt(1, sprintlens.Unstarted, pts(8), t0)}}
	if _, err := st.SaveSnapshot(ctx, snap); err != nil { // no metrics hook: as saved by an older build
		t.Fatal(err)
	}
	if _, err := st.MetricsSummary(ctx, 9); !errors.Is(err, sprintlens.ErrNotFound) {
		t.Fatalf("metrics before the upgrade: %v, want none", err)
	}
	// Step back one migration, as an older build left the schema.
	if err := postgres.MigrateDownTo(ctx, pool, latest-1); err != nil {
		t.Fatal(err)
	}
	if v, err := postgres.Migrate(ctx, pool); err != nil || v != latest {
		t.Fatalf("upgrade: version %d, %v", v, err)
	}
	if _, err := st.MetricsSummary(ctx, 9); err != nil {
		t.Fatalf("metrics after the upgrade: %v", err)
	}
}
