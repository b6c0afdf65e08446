package postgres_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

func TestRunLifecycle(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.Pool(t)
	pgtest.Reset(t, pool)
	st := postgres.NewStore(pool)
	for _, id := range []int64{5, 6} {
		if err := st.UpsertProject(ctx, sprintlens.Project{ID: id, Name: "P"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.StartRun(ctx, 5, "weekly", "cli"); !errors.Is(err, sprintlens.ErrInvalid) {
		t.Fatalf("unknown kind: %v", err)
	}
	if _, err := st.StartRun(ctx, 404, postgres.RunFull, "cli"); !errors.Is(err, sprintlens.ErrInvalid) {
		t.Fatalf("unknown project: %v", err)
	}
	full, err := st.StartRun(ctx, 5, postgres.RunFull, "schedule")
	if err != nil {
		t.Fatal(err)
	}
	imp, err := st.StartRun(ctx, 5, postgres.RunImport, "aiko")
	if err != nil {
		t.Fatal(err)
	}
	other, err := st.StartRun(ctx, 6, postgres.RunIncremental, "schedule")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateRunProgress(ctx, full, "stories 1500/3104"); err != nil {
		t.Fatal(err)
	}
	counts := postgres.RunCounts{Inserted: 3, Updated: 2, Deleted: 1, Iterations: 4, Requests: 9, TrackerVersion: 77}
	if err := st.FinishRun(ctx, full, sprintlens.RunSucceeded, counts, ""); err != nil {
		t.Fatal(err)
	}
	if err := st.FinishRun(ctx, imp, sprintlens.RunFailed, postgres.RunCounts{}, "line 3: bad"); err != nil {
		t.Fatal(err)
	}
	// A finished run keeps its record: no second finish, no late progress.
	if err := st.FinishRun(ctx, full, sprintlens.RunFailed, postgres.RunCounts{}, "late"); !errors.Is(err, sprintlens.ErrConflict) {
		t.Errorf("second finish: %v", err)
	}
	if err := st.UpdateRunProgress(ctx, full, "late progress"); err != nil {
		t.Fatal(err)
	}
	if err := st.FinishRun(ctx, 99999, sprintlens.RunFailed, postgres.RunCounts{}, ""); !errors.Is(err, sprintlens.ErrNotFound) {
		t.Errorf("unknown run: %v", err)
	}
	if err := st.FinishRun(ctx, other, sprintlens.RunRunning, postgres.RunCounts{}, ""); !errors.Is(err, sprintlens.ErrInvalid) {
		t.Errorf("finish as running: %v", err)
	}

	runs, err := st.Runs(ctx, 5, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].ID != imp || runs[1].ID != full {
		t.Fatalf("runs of project 5 = %+v, want the import then the full sync", runs)
	}
	got := runs[1]
	if got.Kind != "full" || got.Status != sprintlens.RunSucceeded || got.FinishedAt == nil || got.Progress != "stories 1500/3104" ||
		got.StoriesInserted != 3 || got.StoriesUpdated != 2 || got.StoriesDeleted != 1 || got.Iterations != 4 ||
		got.Requests != 9 || got.TrackerVersion != 77 || got.TriggeredBy != "schedule" || got.Error != "" {
		t.Errorf("full run = %+v", got)
	}
	if runs[0].Status != sprintlens.RunFailed || runs[0].Error != "line 3: bad" || runs[0].Kind != "import" {
		t.Errorf("import run = %+v", runs[0])
	}
	all, err := st.Runs(ctx, 0, 2)
	if err != nil || len(all) != 2 || all[0].ID != other {
		t.Errorf("latest 2 runs of all projects = %+v, %v", all, err)
	}
	if all[0].Status != sprintlens.RunRunning || all[0].FinishedAt != nil {
		t.Errorf("running run = %+v", all[0])
	}
}

func TestEnsureCSVProject(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.Pool(t)
	pgtest.Reset(t, pool)
	st := postgres.NewStore(pool)
	if err := st.UpsertProject(ctx, sprintlens.Project{ID: 3, Name: "ops"}); err != nil { // a Tracker project
		t.Fatal(err)
	}
	steps := []struct {
		in      sprintlens.Project
		wantID  int64
		source  sprintlens.Source
		created bool
	}{
		{sprintlens.Project{Name: "ops", TimeZone: "Asia/Tokyo"}, postgres.FirstCSVProjectID, sprintlens.SourceCSV, true}, // the Tracker "ops" is not reused
		{sprintlens.Project{Name: "ops"}, postgres.FirstCSVProjectID, sprintlens.SourceCSV, false},
		{sprintlens.Project{Name: "web"}, postgres.FirstCSVProjectID + 1, sprintlens.SourceCSV, true},
		{sprintlens.Project{ID: 3, Name: "x"}, 3, sprintlens.SourceTracker, false}, // returned for the caller to refuse
		{sprintlens.Project{ID: 12, Name: "x"}, 12, sprintlens.SourceCSV, true},
		{sprintlens.Project{Name: "db"}, postgres.FirstCSVProjectID + 2, sprintlens.SourceCSV, true},
	}
	for i, s := range steps {
		p, created, err := st.EnsureCSVProject(ctx, s.in)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if p.ID != s.wantID || p.Source != s.source || created != s.created {
			t.Errorf("step %d: got %d %s created %v, want %d %s %v", i, p.ID, p.Source, created, s.wantID, s.source, s.created)
		}
	}
	p, _ := st.Project(ctx, postgres.FirstCSVProjectID)
	if p.TimeZone != "Asia/Tokyo" || p.VelocityWindow != sprintlens.DefaultVelocityWindow {
		t.Errorf("created project = %+v", p)
	}
}
