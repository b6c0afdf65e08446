package postgres_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

func TestSyncLockIsExclusivePerProject(t *testing.T) {
	ctx := context.Background()
	st := postgres.NewStore(pgtest.Pool(t))
	unlock, err := st.TryLockProjectSync(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.TryLockProjectSync(ctx, 1); !errors.Is(err, sprintlens.ErrLocked) {
		t.Fatalf("second lock of project 1: %v, want ErrLocked", err)
	}
	other, err := st.TryLockProjectSync(ctx, 2)
	if err != nil {
		t.Fatalf("project 2 has its own lock: %v", err)
	}
	other()
	unlock()
	again, err := st.TryLockProjectSync(ctx, 1)
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	again()
}

func TestSyncRunLifecycle(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.Pool(t)
	pgtest.Reset(t, pool)
	st := postgres.NewStore(pool)
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

	id, err := st.SyncRunStart(ctx, sprintlens.SyncRun{ProjectID: 5, Kind: "full", TriggeredBy: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SyncRunProgress(ctx, id, "stories 500/3104", 3); err != nil {
		t.Fatal(err)
	}
	r, err := st.SyncRunByID(ctx, id)
	if err != nil || r.Status != sprintlens.RunRunning || r.Progress != "stories 500/3104" || r.Requests != 3 || r.FinishedAt != nil {
		t.Fatalf("running run = %+v, %v", r, err)
	}
	r.Status, r.StoriesInserted, r.Requests, r.TrackerVersion = sprintlens.RunSucceeded, 3104, 21, 77
	if err := st.SyncRunFinish(ctx, r); err != nil {
		t.Fatal(err)
	}
	// A run left running by a process that died is closed as failed.
	orphan, err := st.SyncRunStart(ctx, sprintlens.SyncRun{ProjectID: 5, Kind: "incremental"})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := st.SyncRunsAbandon(ctx, 5); err != nil || n != 1 {
		t.Fatalf("abandoned %d runs, %v; want 1", n, err)
	}
	runs, err := st.SyncRunsRecent(ctx, 10)
	if err != nil || len(runs) != 2 {
		t.Fatalf("recent runs = %v, %v", runs, err)
	}
	if runs[0].ID != orphan || runs[0].Status != sprintlens.RunFailed || runs[0].Error == "" || runs[0].FinishedAt == nil {
		t.Errorf("abandoned run = %+v", runs[0])
	}
	if runs[1].ID != id || runs[1].Status != sprintlens.RunSucceeded || runs[1].StoriesInserted != 3104 || runs[1].TrackerVersion != 77 {
		t.Errorf("finished run = %+v", runs[1])
	}
	if _, err := st.SyncRunByID(ctx, 999); !errors.Is(err, sprintlens.ErrNotFound) {
		t.Errorf("unknown run: %v", err)
	}
}
