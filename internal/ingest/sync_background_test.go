package ingest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/ingest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/trackersim"
)

func TestScheduledRunSyncsConfiguredAndAddedProjects(t *testing.T) {
	ctx := context.Background()
	store, pool := freshStore(t)
	sim, base := startSim(t, trackersim.Config{Seed: 4, Projects: 2})
	var ids []int64
	sim.View(func(ds *trackersim.Dataset) {
		for _, p := range ds.Projects {
			ids = append(ids, p.ID)
		}
	})
	// The first project comes from TRACKER_PROJECTS, the second is added
	// on the projects page.
	s := newSyncer(t, store, base, sim.Token(), func(c *ingest.SyncConfig) { c.Projects = ids[:1] })
	p, err := s.AddProject(ctx, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	if p.Name == "" || p.ID != ids[1] {
		t.Errorf("added project = %+v", p)
	}
	if err := s.Run(ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if n := dbInt(t, pool, `SELECT count(*) FROM sync_runs WHERE project_id = $1 AND status = 'succeeded' AND triggered_by = 'schedule'`, id); n != 1 {
			t.Errorf("project %d: %d successful scheduled runs, want 1", id, n)
		}
		if n := dbInt(t, pool, `SELECT count(*) FROM stories WHERE project_id = $1`, id); n == 0 {
			t.Errorf("project %d: no stories", id)
		}
	}
	sums, err := store.ProjectSummaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ps := range sums {
		if ps.Stale(time.Now()) || ps.Name == "" {
			t.Errorf("project %d after a sync: stale %v, name %q", ps.ID, ps.Stale(time.Now()), ps.Name)
		}
	}
}

func TestStartSyncRunsInTheBackground(t *testing.T) {
	store, _ := freshStore(t)
	sim, base := startSim(t, trackersim.Config{Seed: 4}, trackersim.WithLatency(5*time.Millisecond))
	pid := int64(trackersim.DefaultProjectID)
	s := newSyncer(t, store, base, sim.Token(), nil)
	if _, err := s.StartSync(context.Background(), 0, false, "web"); !errors.Is(err, sprintlens.ErrInvalid) {
		t.Errorf("StartSync with no project: %v, want ErrInvalid", err)
	}
	// The request that starts the run ends at once; the run goes on.
	reqCtx, cancel := context.WithCancel(context.Background())
	ids, err := s.StartSync(reqCtx, pid, false, "web")
	cancel()
	if err != nil || len(ids) != 1 {
		t.Fatalf("StartSync = %v, %v", ids, err)
	}
	run, err := store.SyncRunByID(context.Background(), ids[0])
	if err != nil || run.Status != sprintlens.RunRunning {
		t.Fatalf("run right after StartSync = %+v, %v; want it recorded as running", run, err)
	}
	ctx, stop := context.WithTimeout(context.Background(), 30*time.Second)
	defer stop()
	if err := s.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	run, err = store.SyncRunByID(context.Background(), ids[0])
	if err != nil || run.Status != sprintlens.RunSucceeded || run.TriggeredBy != "web" || run.StoriesInserted == 0 {
		t.Fatalf("run after Shutdown waited = %+v, %v", run, err)
	}
	if _, err := s.StartSync(context.Background(), pid, false, "web"); err == nil {
		t.Error("StartSync after Shutdown should refuse")
	}
}

func TestShutdownCancelsRunsPastItsDeadline(t *testing.T) {
	store, _ := freshStore(t)
	sim, base := startSim(t, trackersim.Config{Seed: 4}, trackersim.WithLatency(100*time.Millisecond))
	s := newSyncer(t, store, base, sim.Token(), nil)
	ids, err := s.StartSync(context.Background(), trackersim.DefaultProjectID, false, "web")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	if err := s.Shutdown(ctx); err == nil {
		t.Error("Shutdown returned nil although a run outlived its deadline")
	}
	run, err := store.SyncRunByID(context.Background(), ids[0])
	if err != nil || run.Status != sprintlens.RunCancelled || run.FinishedAt == nil {
		t.Fatalf("run cut short by shutdown = %+v, %v", run, err)
	}
}
