package ingest_test

import (
	"context"
	"testing"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/trackersim"
)

func TestFullSyncFromSimulator(t *testing.T) {
	ctx := context.Background()
	store, pool := freshStore(t)
	sim, base := startSim(t, trackersim.Config{Seed: 7})
	pid := int64(trackersim.DefaultProjectID)
	s := newSyncer(t, store, base, sim.Token(), nil)

	before := sim.RequestCount()
	run := syncOnce(t, s, pid, false)
	made := int(sim.RequestCount() - before)
	t.Logf("run: %+v", run)

	var stories, planned []*trackersim.Story
	var points float64
	accepted := map[int]float64{}
	var iterations, labels, epics, members int
	kinds := map[string]int{}
	view(sim, func(p *trackersim.Project) {
		stories = p.Stories
		for _, st := range p.Stories {
			points += st.Points()
			if st.State != trackersim.StateAccepted && st.IterationNumber != 0 {
				planned = append(planned, st)
			}
		}
		for _, it := range p.Iterations {
			kinds[string(it.Scope)]++
			if it.Scope == trackersim.ScopeDone {
				accepted[it.Number] = it.AcceptedPoints()
			}
		}
		iterations, labels, epics, members = len(p.Iterations), len(p.Labels), len(p.Epics), len(p.Memberships)
	})

	if run.Kind != "full" || run.Status != sprintlens.RunSucceeded || run.Error != "" {
		t.Fatalf("run = %+v", run)
	}
	if run.StoriesInserted != len(stories) || run.StoriesUpdated != 0 || run.StoriesDeleted != 0 {
		t.Errorf("run counts inserted/updated/deleted = %d/%d/%d, want %d/0/0", run.StoriesInserted, run.StoriesUpdated, run.StoriesDeleted, len(stories))
	}
	if run.Requests != made {
		t.Errorf("run recorded %d requests, the simulator answered %d", run.Requests, made)
	}
	if run.Iterations != iterations {
		t.Errorf("run recorded %d iterations, dataset has %d", run.Iterations, iterations)
	}
	stored, err := store.SyncRunByID(ctx, run.ID)
	if err != nil || stored.Status != sprintlens.RunSucceeded || stored.FinishedAt == nil || stored.Requests != made {
		t.Fatalf("stored run = %+v, %v", stored, err)
	}

	checks := []struct {
		name string
		got  int
		want int
	}{
		{"stories", dbInt(t, pool, `SELECT count(*) FROM stories WHERE project_id = $1`, pid), len(stories)},
		{"iterations", dbInt(t, pool, `SELECT count(*) FROM iterations WHERE project_id = $1`, pid), iterations},
		{"done iterations", dbInt(t, pool, `SELECT count(*) FROM iterations WHERE project_id = $1 AND kind = 'done'`, pid), kinds["done"]},
		{"backlog iterations", dbInt(t, pool, `SELECT count(*) FROM iterations WHERE project_id = $1 AND kind = 'backlog'`, pid), kinds["backlog"]},
		{"current iterations", dbInt(t, pool, `SELECT count(*) FROM iterations WHERE project_id = $1 AND kind = 'current'`, pid), 1},
		{"labels", dbInt(t, pool, `SELECT count(*) FROM labels WHERE project_id = $1`, pid), labels},
		{"epics", dbInt(t, pool, `SELECT count(*) FROM epics WHERE project_id = $1`, pid), epics},
		{"people", dbInt(t, pool, `SELECT count(*) FROM people WHERE project_id = $1`, pid), members},
		{"project version", dbInt(t, pool, `SELECT tracker_version FROM projects WHERE id = $1`, pid), int(run.TrackerVersion)},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
	if got := dbFloat(t, pool, `SELECT coalesce(sum(estimate), 0)::float8 FROM stories WHERE project_id = $1`, pid); got != points {
		t.Errorf("points = %v, want %v", got, points)
	}
	// Accepted points per done iteration: accepted stories land in the
	// iteration whose window holds accepted_at, as Tracker counts them.
	rows, err := pool.Query(ctx, `SELECT iteration_number, sum(estimate)::float8 FROM stories
		WHERE project_id = $1 AND current_state = 'accepted' AND estimate IS NOT NULL GROUP BY 1`, pid)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int]float64{}
	for rows.Next() {
		var n *int
		var sum float64
		if err := rows.Scan(&n, &sum); err != nil {
			t.Fatal(err)
		}
		if n == nil {
			t.Errorf("%v accepted points have no iteration", sum)
			continue
		}
		got[*n] = sum
	}
	rows.Close()
	for n, want := range accepted {
		if got[n] != want {
			t.Errorf("iteration %d: accepted points %v, want %v", n, got[n], want)
		}
	}
	for _, st := range planned {
		n := dbInt(t, pool, `SELECT coalesce(iteration_number, 0) FROM stories WHERE project_id = $1 AND id = $2`, pid, st.ID)
		if n != st.IterationNumber {
			t.Errorf("story %d (%s) in iteration %d, want %d", st.ID, st.State, n, st.IterationNumber)
		}
	}
	checkStoriesMatch(t, sim, pool, pid)
	checkHistoryEndsAtStory(t, pool, pid)
	checkHistoryHasTrackerEvents(t, sim, pool, pid)
}
