package ingest_test

import (
	"context"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/ingest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/trackersim"
)

// pickStories finds n live stories in the given state, in panel order.
func pickStories(sim *trackersim.Server, state string, n int) []int64 {
	var ids []int64
	view(sim, func(p *trackersim.Project) {
		for _, s := range p.Stories {
			if s.State == state && len(ids) < n && (state != trackersim.StateUnstarted || s.Estimate != nil) {
				ids = append(ids, s.ID)
			}
		}
	})
	return ids
}

func TestIncrementalSyncPicksUpChanges(t *testing.T) {
	ctx := context.Background()
	store, pool := freshStore(t)
	sim, base := startSim(t, trackersim.Config{Seed: 11})
	pid := int64(trackersim.DefaultProjectID)
	s := newSyncer(t, store, base, sim.Token(), nil)
	syncOnce(t, s, pid, false)

	unstarted := pickStories(sim, trackersim.StateUnstarted, 2)
	icebox := pickStories(sim, trackersim.StateUnscheduled, 1)
	if len(unstarted) < 2 || len(icebox) < 1 {
		t.Fatal("the dataset lacks backlog or icebox stories to change")
	}
	edited, reestimated, deleted := unstarted[0], unstarted[1], icebox[0]
	if err := sim.EditStory(pid, edited, func(st *trackersim.Story) {
		st.Name = "Split the ingress migration into per-cluster stories"
		st.State = trackersim.StateStarted
	}); err != nil {
		t.Fatal(err)
	}
	var newEstimate float64 = 1
	view(sim, func(p *trackersim.Project) {
		if *p.Story(reestimated).Estimate == 1 {
			newEstimate = 2
		}
	})
	if err := sim.Reestimate(pid, reestimated, newEstimate); err != nil {
		t.Fatal(err)
	}
	est := 2.0
	added, err := sim.AddStory(pid, trackersim.Story{Name: "Rotate the etcd certificates", State: trackersim.StateUnstarted, Estimate: &est})
	if err != nil {
		t.Fatal(err)
	}
	if err := sim.DeleteStory(pid, deleted); err != nil {
		t.Fatal(err)
	}

	before := sim.RequestCount()
	run := syncOnce(t, s, pid, false)
	if run.Kind != "incremental" || run.Status != sprintlens.RunSucceeded {
		t.Fatalf("second run = %+v", run)
	}
	if run.StoriesInserted != 1 || run.StoriesUpdated != 2 || run.StoriesDeleted != 1 {
		t.Errorf("inserted/updated/deleted = %d/%d/%d, want 1/2/1", run.StoriesInserted, run.StoriesUpdated, run.StoriesDeleted)
	}
	if made := int(sim.RequestCount() - before); run.Requests != made {
		t.Errorf("run recorded %d requests, the simulator answered %d", run.Requests, made)
	}
	checkStoriesMatch(t, sim, pool, pid)
	checkHistoryEndsAtStory(t, pool, pid)
	checkHistoryHasTrackerEvents(t, sim, pool, pid)
	if n := dbInt(t, pool, `SELECT count(*) FROM story_history WHERE project_id = $1 AND story_id = $2`, pid, deleted); n != 0 {
		t.Errorf("the deleted story kept %d history entries", n)
	}
	if n := dbInt(t, pool, `SELECT count(*) FROM story_history WHERE project_id = $1 AND story_id = $2 AND source = 'activity'
		AND estimate = 2 AND state = 'unstarted'`, pid, added.ID); n != 1 {
		t.Errorf("the new story's creation entries = %d, want 1", n)
	}
	if n := dbInt(t, pool, `SELECT count(*) FROM story_history WHERE project_id = $1 AND story_id = $2 AND source = 'activity'
		AND estimate = $3`, pid, reestimated, newEstimate); n != 1 {
		t.Errorf("the re-estimate entries = %d, want 1", n)
	}

	// Nothing changed since: one request tells.
	before = sim.RequestCount()
	run = syncOnce(t, s, pid, false)
	if made := sim.RequestCount() - before; made != 1 || run.Requests != 1 {
		t.Errorf("an incremental sync with nothing changed made %d requests (recorded %d), want 1", made, run.Requests)
	}
	if run.Kind != "incremental" || run.Status != sprintlens.RunSucceeded || run.StoriesInserted+run.StoriesUpdated+run.StoriesDeleted != 0 {
		t.Errorf("unchanged run = %+v", run)
	}
	var synced time.Time
	if err := pool.QueryRow(ctx, `SELECT last_synced_at FROM projects WHERE id = $1`, pid).Scan(&synced); err != nil || time.Since(synced) > time.Minute {
		t.Errorf("an unchanged sync should still mark the data fresh: last_synced_at %v, %v", synced, err)
	}
}

func TestIncrementalSyncAfterSprintRollover(t *testing.T) {
	store, pool := freshStore(t)
	sim, base := startSim(t, trackersim.Config{Seed: 5})
	pid := int64(trackersim.DefaultProjectID)
	s := newSyncer(t, store, base, sim.Token(), nil)
	syncOnce(t, s, pid, false)
	var oldCurrent int
	view(sim, func(p *trackersim.Project) { oldCurrent = p.Current().Number })

	// A week passes with no change in Tracker: the project version stays,
	// but the current iteration closes and its unfinished stories roll over.
	sim.AdvanceTime(7 * 24 * time.Hour)
	run := syncOnce(t, s, pid, false)
	if run.Kind != "incremental" || run.Requests < 2 {
		t.Fatalf("rollover run = %+v, want an incremental run that reads the iterations", run)
	}
	checkStoriesMatch(t, sim, pool, pid)
	checkHistoryEndsAtStory(t, pool, pid)
	var kinds = map[string]int{}
	view(sim, func(p *trackersim.Project) {
		for _, it := range p.Iterations {
			kinds[string(it.Scope)]++
		}
	})
	if got := dbInt(t, pool, `SELECT count(*) FROM iterations WHERE project_id = $1 AND kind = 'done'`, pid); got != kinds["done"] {
		t.Errorf("done iterations = %d, want %d", got, kinds["done"])
	}
	if got := dbInt(t, pool, `SELECT number FROM iterations WHERE project_id = $1 AND kind = 'current'`, pid); got != oldCurrent+1 {
		t.Errorf("current iteration = %d, want %d", got, oldCurrent+1)
	}
}

func TestFullReconcile(t *testing.T) {
	store, _ := freshStore(t)
	sim, base := startSim(t, trackersim.Config{Seed: 3})
	pid := int64(trackersim.DefaultProjectID)
	tests := []struct {
		name      string
		fullEvery time.Duration
		force     bool
		want      string
	}{
		{"recent full sync", time.Hour, false, "incremental"},
		{"forced with --full", time.Hour, true, "full"},
		{"last full sync too old", time.Nanosecond, false, "full"},
	}
	first := newSyncer(t, store, base, sim.Token(), nil)
	syncOnce(t, first, pid, false)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSyncer(t, store, base, sim.Token(), func(c *ingest.SyncConfig) { c.FullEvery = tt.fullEvery })
			if run := syncOnce(t, s, pid, tt.force); run.Kind != tt.want {
				t.Errorf("kind = %s, want %s", run.Kind, tt.want)
			}
		})
	}
}
