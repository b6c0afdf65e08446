package ingest_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/ingest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/tracker"
	"github.com/sprintlens/sprintlens/internal/trackersim"
)

func TestSyncRetriesTransientFaults(t *testing.T) {
	store, pool := freshStore(t)
	sim, base := startSim(t, trackersim.Config{Seed: 7})
	pid := int64(trackersim.DefaultProjectID)
	s := newSyncer(t, store, base, sim.Token(), nil)
	tests := []struct {
		name   string
		inject func()
		fault  string
	}{
		{"429 with Retry-After", func() { sim.FailNext(1, http.StatusTooManyRequests, "0") }, "fail"},
		{"500", func() { sim.FailNext(1, http.StatusInternalServerError, "") }, "fail"},
		{"503", func() { sim.FailNext(1, http.StatusServiceUnavailable, "") }, "fail"},
		{"body cut off", func() { sim.TruncateNext(1) }, "truncate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logged := len(sim.Requests())
			before := sim.RequestCount()
			tt.inject()
			run := syncOnce(t, s, pid, true)
			if run.Status != sprintlens.RunSucceeded {
				t.Fatalf("run = %+v", run)
			}
			if made := int(sim.RequestCount() - before); run.Requests != made {
				t.Errorf("run recorded %d requests, the simulator answered %d (retries count too)", run.Requests, made)
			}
			faults := 0
			for _, r := range sim.Requests()[logged:] {
				if r.Fault == tt.fault {
					faults++
				}
			}
			if faults != 1 {
				t.Errorf("%d injected faults seen, want 1", faults)
			}
			checkStoriesMatch(t, sim, pool, pid)
		})
	}
}

// rejectingTracker answers every request with status, as a Tracker (or a
// proxy before it) does for a token it refuses.
func rejectingTracker(t *testing.T, status int) string {
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"kind":"error","code":"unauthorized_operation","error":"Authorization failure.","general_problem":"You aren't authorized to access the requested resource."}`))
	}))
	t.Cleanup(hs.Close)
	return hs.URL + "/services/v5"
}

func TestSyncFailsFastOnRejectedToken(t *testing.T) {
	ctx := context.Background()
	store, _ := freshStore(t)
	sim, simBase := startSim(t, trackersim.Config{Seed: 7})
	tests := []struct {
		name, base, token string
		status            string
	}{
		{"simulator, wrong token", simBase, "not-the-token", "HTTP 403"},
		{"401", rejectingTracker(t, http.StatusUnauthorized), sim.Token(), "HTTP 401"},
		{"403", rejectingTracker(t, http.StatusForbidden), sim.Token(), "HTTP 403"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pid := int64(trackersim.DefaultProjectID)
			s := newSyncer(t, store, tt.base, tt.token, nil)
			run, err := s.SyncProject(ctx, pid, ingest.RunOptions{TriggeredBy: "test"})
			if !errors.Is(err, tracker.ErrTokenRejected) {
				t.Fatalf("error = %v, want ErrTokenRejected", err)
			}
			if !strings.Contains(err.Error(), "tracker: token rejected") || !strings.Contains(err.Error(), tt.status) {
				t.Errorf("error text %q", err)
			}
			if run.Requests != 1 {
				t.Errorf("%d requests; a rejected token must not be retried", run.Requests)
			}
			stored, err := store.SyncRunByID(ctx, run.ID)
			if err != nil {
				t.Fatal(err)
			}
			if stored.Status != sprintlens.RunFailed || !strings.Contains(stored.Error, "token rejected") || stored.FinishedAt == nil {
				t.Errorf("recorded run = %+v", stored)
			}
		})
	}
}

func TestSyncUnknownProject(t *testing.T) {
	ctx := context.Background()
	store, _ := freshStore(t)
	sim, base := startSim(t, trackersim.Config{Seed: 7})
	s := newSyncer(t, store, base, sim.Token(), nil)
	run, err := s.SyncProject(ctx, 4242, ingest.RunOptions{})
	if !errors.Is(err, tracker.ErrProjectNotFound) {
		t.Fatalf("error = %v", err)
	}
	const want = "tracker: project 4242 not found or not visible to this token"
	stored, serr := store.SyncRunByID(ctx, run.ID)
	if serr != nil || stored.Status != sprintlens.RunFailed || stored.Error != want {
		t.Fatalf("recorded run = %+v (%v), want failed with %q", stored, serr, want)
	}
	if _, err := s.AddProject(ctx, 4242); !errors.Is(err, sprintlens.ErrInvalid) || !strings.Contains(err.Error(), want) {
		t.Errorf("adding an unknown project: %v", err)
	}
}

func TestImportedProjectIsNotSynced(t *testing.T) {
	ctx := context.Background()
	store, pool := freshStore(t)
	sim, base := startSim(t, trackersim.Config{Seed: 7})
	if err := store.UpsertProject(ctx, sprintlens.Project{ID: trackersim.DefaultProjectID, Name: "from CSV", Source: sprintlens.SourceCSV}); err != nil {
		t.Fatal(err)
	}
	s := newSyncer(t, store, base, sim.Token(), nil)
	if _, err := s.SyncProject(ctx, trackersim.DefaultProjectID, ingest.RunOptions{}); !errors.Is(err, sprintlens.ErrInvalid) {
		t.Fatalf("syncing an imported project: %v, want ErrInvalid", err)
	}
	if n := dbInt(t, pool, `SELECT count(*) FROM projects WHERE source = 'csv'`); n != 1 {
		t.Error("the imported project changed source")
	}
	if err := s.Run(ctx); err != nil {
		t.Errorf("the scheduled run should leave imported projects alone: %v", err)
	}
	if n := dbInt(t, pool, `SELECT count(*) FROM sync_runs`); n != 0 {
		t.Errorf("%d runs recorded for an imported project", n)
	}
}

func TestCancelledSyncKeepsPreviousData(t *testing.T) {
	store, pool := freshStore(t)
	sim, base := startSim(t, trackersim.Config{Seed: 9})
	pid := int64(trackersim.DefaultProjectID)
	first := newSyncer(t, store, base, sim.Token(), nil)
	syncOnce(t, first, pid, false)
	version := dbInt(t, pool, `SELECT tracker_version FROM projects WHERE id = $1`, pid)
	victim := pickStories(sim, trackersim.StateUnstarted, 1)[0]
	if err := sim.EditStory(pid, victim, func(st *trackersim.Story) { st.Name = "renamed while syncing" }); err != nil {
		t.Fatal(err)
	}
	stories := dbInt(t, pool, `SELECT count(*) FROM stories WHERE project_id = $1`, pid)
	history := dbInt(t, pool, `SELECT count(*) FROM story_history WHERE project_id = $1`, pid)

	// Cut an incremental run short after its first reads, and a full one
	// while its story, transition and activity listings run in parallel.
	for _, tc := range []struct {
		full     bool
		cancelAt int
	}{{false, 3}, {true, 10}} {
		full := tc.full
		ctx, cancel := context.WithCancel(context.Background())
		var once sync.Once
		var n atomic.Int64
		s := newSyncer(t, store, base, sim.Token(), func(c *ingest.SyncConfig) {
			c.OnRequest = func(int64, tracker.RequestInfo) {
				if n.Add(1) == int64(tc.cancelAt) {
					once.Do(cancel)
				}
			}
		})
		run, err := s.SyncProject(ctx, pid, ingest.RunOptions{Full: full})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("full=%v: error = %v, want context.Canceled", full, err)
		}
		if run.Status != sprintlens.RunCancelled || !strings.Contains(run.Error, "cancelled") {
			t.Errorf("full=%v: run = %+v", full, run)
		}
		checks := []struct {
			what      string
			got, want int
		}{
			{"stories", dbInt(t, pool, `SELECT count(*) FROM stories WHERE project_id = $1`, pid), stories},
			{"history", dbInt(t, pool, `SELECT count(*) FROM story_history WHERE project_id = $1`, pid), history},
			{"version", dbInt(t, pool, `SELECT tracker_version FROM projects WHERE id = $1`, pid), version},
			{"renamed", dbInt(t, pool, `SELECT count(*) FROM stories WHERE name = 'renamed while syncing'`), 0},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("full=%v: after a cancelled sync %s = %d, want %d as before", full, c.what, c.got, c.want)
			}
		}
	}
	// The next run picks the change up.
	syncOnce(t, first, pid, false)
	checkStoriesMatch(t, sim, pool, pid)
}

func TestSyncTimeoutIsRecorded(t *testing.T) {
	store, _ := freshStore(t)
	sim, base := startSim(t, trackersim.Config{Seed: 9}, trackersim.WithLatency(200*time.Millisecond))
	s := newSyncer(t, store, base, sim.Token(), nil)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	run, err := s.SyncProject(ctx, trackersim.DefaultProjectID, ingest.RunOptions{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v", err)
	}
	if run.Status != sprintlens.RunFailed || !strings.Contains(run.Error, "timed out") {
		t.Errorf("run = %+v", run)
	}
}

func TestConcurrentSyncOfOneProjectIsLocked(t *testing.T) {
	ctx := context.Background()
	store, _ := freshStore(t)
	sim, base := startSim(t, trackersim.Config{Seed: 9}, trackersim.WithLatency(30*time.Millisecond))
	pid := int64(trackersim.DefaultProjectID)
	// Two syncers stand for two replicas sharing the database.
	b := newSyncer(t, store, base, sim.Token(), nil)
	started := make(chan struct{})
	var once sync.Once
	slow := newSyncer(t, store, base, sim.Token(), func(c *ingest.SyncConfig) {
		c.OnRequest = func(int64, tracker.RequestInfo) { once.Do(func() { close(started) }) }
	})
	done := make(chan error, 1)
	go func() {
		_, err := slow.SyncProject(ctx, pid, ingest.RunOptions{})
		done <- err
	}()
	<-started
	_, err := b.SyncProject(ctx, pid, ingest.RunOptions{})
	if !errors.Is(err, sprintlens.ErrLocked) {
		t.Fatalf("second concurrent sync: %v, want ErrLocked", err)
	}
	if _, err := b.StartSync(ctx, pid, false, "test"); !errors.Is(err, sprintlens.ErrLocked) {
		t.Errorf("StartSync during a sync: %v, want ErrLocked", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("first sync: %v", err)
	}
	runs, err := store.SyncRunsRecent(ctx, 10)
	if err != nil || len(runs) != 1 {
		t.Fatalf("runs = %d (%v), want only the first: a locked-out sync records nothing", len(runs), err)
	}
	// The lock is released with the run.
	if run := syncOnce(t, b, pid, false); run.Status != sprintlens.RunSucceeded {
		t.Errorf("sync after the first finished: %+v", run)
	}
}
