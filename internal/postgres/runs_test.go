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

func TestRunLifecycle(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
	for _, id := range []int64{5, 6} {
		if err := st.UpsertProject(ctx, sprintlens.Project{ID: id, Name: "P"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.StartRun(ctx, sprintlens.SyncRun{ProjectID: 5, Kind: "weekly", TriggeredBy: "cli"}); !errors.Is(err, sprintlens.ErrInvalid) {
		t.Fatalf("unknown kind: %v", err)
	}
	if _, err := st.StartRun(ctx, sprintlens.SyncRun{ProjectID: 404, Kind: postgres.RunFull, TriggeredBy: "cli"}); !errors.Is(err, sprintlens.ErrInvalid) {
		t.Fatalf("unknown project: %v", err)
	}
	full, err := st.StartRun(ctx, sprintlens.SyncRun{ProjectID: 5, Kind: postgres.RunFull, TriggeredBy: "schedule"})
	if err != nil {
		t.Fatal(err)
	}
	imp, err := st.StartRun(ctx, sprintlens.SyncRun{ProjectID: 5, Kind: postgres.RunImport, TriggeredBy: "aiko"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := st.StartRun(ctx, sprintlens.SyncRun{ProjectID: 6, Kind: postgres.RunIncremental, TriggeredBy: "schedule"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateRunProgress(ctx, full, "stories 1500/3104", 5); err != nil {
		t.Fatal(err)
	}
	done := sprintlens.SyncRun{ID: full, Status: sprintlens.RunSucceeded, StoriesInserted: 3, StoriesUpdated: 2,
		StoriesDeleted: 1, Iterations: 4, Requests: 9, TrackerVersion: 77}
	if err := st.FinishRun(ctx, done); err != nil {
		t.Fatal(err)
	}
	if err := st.FinishRun(ctx, sprintlens.SyncRun{ID: imp, Status: sprintlens.RunFailed, Error: "line 3: bad"}); err != nil {
		t.Fatal(err)
	}
	// A finished run keeps its record: no second finish, no late progress.
	if err := st.FinishRun(ctx, sprintlens.SyncRun{ID: full, Status: sprintlens.RunFailed, Error: "late"}); !errors.Is(err, sprintlens.ErrConflict) {
		t.Errorf("second finish: %v", err)
	}
	if err := st.UpdateRunProgress(ctx, full, "late progress", 99); err != nil {
		t.Fatal(err)
	}
	if err := st.FinishRun(ctx, sprintlens.SyncRun{ID: 99999, Status: sprintlens.RunFailed}); !errors.Is(err, sprintlens.ErrNotFound) {
		t.Errorf("unknown run: %v", err)
	}
	if err := st.FinishRun(ctx, sprintlens.SyncRun{ID: other, Status: sprintlens.RunRunning}); !errors.Is(err, sprintlens.ErrInvalid) {
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

func TestTrackerProjectRuns(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
	if err := st.AddTrackerProject(ctx, sprintlens.Project{ID: 5}); err != nil {
		t.Fatal(err)
	}
	if err := st.UpsertProject(ctx, sprintlens.Project{ID: 6, Name: "csv", Source: sprintlens.SourceCSV}); err != nil {
		t.Fatal(err)
	}
	if err := st.AddTrackerProject(ctx, sprintlens.Project{ID: 6}); !errors.Is(err, sprintlens.ErrInvalid) {
		t.Errorf("enabling sync of an imported project: %v, want ErrInvalid", err)
	}
	ids, err := st.SyncProjectIDs(ctx)
	if err != nil || len(ids) != 1 || ids[0] != 5 {
		t.Fatalf("projects to sync = %v, %v; want [5]", ids, err)
	}

	id, err := st.StartRun(ctx, sprintlens.SyncRun{ProjectID: 5, Kind: postgres.RunFull, TriggeredBy: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateRunProgress(ctx, id, "stories 500/3104", 3); err != nil {
		t.Fatal(err)
	}
	r, err := st.RunByID(ctx, id)
	if err != nil || r.Status != sprintlens.RunRunning || r.Progress != "stories 500/3104" || r.Requests != 3 || r.FinishedAt != nil {
		t.Fatalf("running run = %+v, %v", r, err)
	}
	r.Status, r.StoriesInserted, r.Requests, r.TrackerVersion, r.Progress = sprintlens.RunSucceeded, 3104, 21, 77, "done"
	if err := st.FinishRun(ctx, r); err != nil {
		t.Fatal(err)
	}
	// A run left running by a process that died is closed as failed.
	orphan, err := st.StartRun(ctx, sprintlens.SyncRun{ProjectID: 5, Kind: postgres.RunIncremental, Progress: "queued", TrackerVersion: 77})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := st.AbandonRuns(ctx, 5); err != nil || n != 1 {
		t.Fatalf("abandoned %d runs, %v; want 1", n, err)
	}
	// Its worker, should it turn up after all, cannot overwrite that.
	late := sprintlens.SyncRun{ID: orphan, Status: sprintlens.RunSucceeded, Progress: "done"}
	if err := st.FinishRun(ctx, late); !errors.Is(err, sprintlens.ErrConflict) {
		t.Errorf("finishing an abandoned run: %v, want ErrConflict", err)
	}
	runs, err := st.Runs(ctx, 0, 10)
	if err != nil || len(runs) != 2 {
		t.Fatalf("recent runs = %v, %v", runs, err)
	}
	if runs[0].ID != orphan || runs[0].Status != sprintlens.RunFailed || runs[0].Error == "" || runs[0].FinishedAt == nil ||
		runs[0].Progress != "queued" || runs[0].TrackerVersion != 77 {
		t.Errorf("abandoned run = %+v", runs[0])
	}
	if runs[1].ID != id || runs[1].Status != sprintlens.RunSucceeded || runs[1].StoriesInserted != 3104 ||
		runs[1].TrackerVersion != 77 || runs[1].Progress != "done" || runs[1].Requests != 21 {
		t.Errorf("finished run = %+v", runs[1])
	}
	if _, err := st.RunByID(ctx, 999); !errors.Is(err, sprintlens.ErrNotFound) {
		t.Errorf("unknown run: %v", err)
	}
}

func TestEnsureCSVProject(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
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

func TestLatestRunAge(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
	if err := st.AddTrackerProject(ctx, sprintlens.Project{ID: 7}); err != nil {
		t.Fatal(err)
	}
	if _, found, err := st.LatestRunAge(ctx, 7); err != nil || found {
		t.Fatalf("a project without runs: found %v, %v", found, err)
	}
	for _, ago := range []time.Duration{90 * time.Minute, 10 * time.Minute} {
		id, err := st.StartRun(ctx, sprintlens.SyncRun{ProjectID: 7, Kind: postgres.RunFull, TriggeredBy: "test"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Pool().Exec(ctx, `UPDATE sync_runs SET started_at = now() - make_interval(secs => $2) WHERE id = $1`, id, ago.Seconds()); err != nil {
			t.Fatal(err)
		}
	}
	age, found, err := st.LatestRunAge(ctx, 7)
	if err != nil || !found || age < 10*time.Minute || age > 11*time.Minute {
		t.Fatalf("latest run age = %s (found %v, %v), want the newer run's 10m", age, found, err)
	}
}
