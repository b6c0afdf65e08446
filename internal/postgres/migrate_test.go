package postgres_test

import (
	"context"
	"errors"
	"testing"

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
