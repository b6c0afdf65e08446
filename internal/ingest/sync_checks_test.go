package ingest_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sprintlens/sprintlens/internal/trackersim"
)

// checkHistoryEndsAtStory asserts every story has history and its latest
// entry is the story as it stands: state, estimate and, for a story in the
// current or backlog iteration, that iteration.
func checkHistoryEndsAtStory(t *testing.T, pool *pgxpool.Pool, pid int64) {
	t.Helper()
	const q = `
SELECT s.id, s.current_state, h.state, s.estimate::float8, h.estimate::float8, s.iteration_number, h.iteration_number
FROM stories s
LEFT JOIN LATERAL (SELECT state, estimate, iteration_number FROM story_history h
                   WHERE h.project_id = s.project_id AND h.story_id = s.id
                   ORDER BY occurred_at DESC, seq DESC LIMIT 1) h ON true
WHERE s.project_id = $1 AND (h.state IS NULL OR h.state <> s.current_state
   OR h.estimate IS DISTINCT FROM s.estimate
   OR (s.current_state NOT IN ('accepted', 'unscheduled') AND h.iteration_number IS DISTINCT FROM s.iteration_number))
LIMIT 5`
	rows, err := pool.Query(context.Background(), q, pid)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var state string
		var hstate *string
		var est, hest *float64
		var it, hit *int
		if err := rows.Scan(&id, &state, &hstate, &est, &hest, &it, &hit); err != nil {
			t.Fatal(err)
		}
		t.Errorf("story %d: now %s %v in %v, latest history %v %v in %v", id, state, deref(est), deref(it), deref(hstate), deref(hest), deref(hit))
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// checkHistoryHasTrackerEvents asserts each state change and estimate
// change the simulator recorded for a live story is in the history at its
// exact time.
func checkHistoryHasTrackerEvents(t *testing.T, sim *trackersim.Server, pool *pgxpool.Pool, pid int64) {
	t.Helper()
	type key struct {
		story int64
		at    time.Time
	}
	type want struct {
		state    string
		estimate *float64
		estSet   bool
	}
	wants := map[key]*want{}
	view(sim, func(p *trackersim.Project) {
		for _, a := range p.Activities {
			if p.Story(a.StoryID) == nil || a.Kind == trackersim.KindStoryDelete {
				continue
			}
			k := key{a.StoryID, a.OccurredAt.UTC()}
			w := wants[k]
			if w == nil {
				w = &want{}
				wants[k] = w
			}
			if a.ToState != "" {
				w.state = a.ToState
			}
			if a.EstimateChanged {
				w.estimate, w.estSet = a.ToEstimate, true
			}
		}
	})
	rows, err := pool.Query(context.Background(), `SELECT story_id, occurred_at, state, estimate::float8 FROM story_history
		WHERE project_id = $1 AND source = 'activity'`, pid)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type got struct {
		state    string
		estimate *float64
	}
	have := map[key]got{}
	for rows.Next() {
		var k key
		var g got
		if err := rows.Scan(&k.story, &k.at, &g.state, &g.estimate); err != nil {
			t.Fatal(err)
		}
		k.at = k.at.UTC()
		have[k] = g
	}
	bad := 0
	for k, w := range wants {
		g, ok := have[k]
		switch {
		case !ok:
			bad++
			if bad <= 5 {
				t.Errorf("story %d: no history entry at %s", k.story, k.at)
			}
		case w.state != "" && g.state != w.state, w.estSet && !sameFloat(g.estimate, w.estimate):
			bad++
			if bad <= 5 {
				t.Errorf("story %d at %s: history %s %v, Tracker says %s %v", k.story, k.at, g.state, deref(g.estimate), w.state, deref(w.estimate))
			}
		}
	}
	if len(wants) == 0 {
		t.Fatal("the dataset has no story activity to compare with")
	}
	if bad > 0 {
		t.Errorf("%d of %d Tracker events missing or wrong in the history", bad, len(wants))
	}
}

func sameFloat(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// checkStoriesMatch asserts the stored stories are the simulator's live
// stories: same ids, names, states, estimates and iterations (icebox
// stories have none).
func checkStoriesMatch(t *testing.T, sim *trackersim.Server, pool *pgxpool.Pool, pid int64) {
	t.Helper()
	type story struct {
		name, state string
		estimate    *float64
		iteration   int
	}
	want := map[int64]story{}
	view(sim, func(p *trackersim.Project) {
		for _, s := range p.Stories {
			var est *float64
			if s.Estimate != nil {
				v := *s.Estimate
				est = &v
			}
			want[s.ID] = story{s.Name, s.State, est, s.IterationNumber}
		}
	})
	rows, err := pool.Query(context.Background(), `SELECT id, name, current_state, estimate::float8, coalesce(iteration_number, 0)
		FROM stories WHERE project_id = $1`, pid)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[int64]story{}
	for rows.Next() {
		var id int64
		var s story
		if err := rows.Scan(&id, &s.name, &s.state, &s.estimate, &s.iteration); err != nil {
			t.Fatal(err)
		}
		got[id] = s
	}
	bad := 0
	report := func(format string, args ...any) {
		if bad++; bad <= 5 {
			t.Errorf(format, args...)
		}
	}
	for id, w := range want {
		g, ok := got[id]
		switch {
		case !ok:
			report("story %d (%s) was not stored", id, w.name)
		case g.name != w.name || g.state != w.state || !sameFloat(g.estimate, w.estimate) || g.iteration != w.iteration:
			report("story %d stored as %q %s %v in %d, Tracker has %q %s %v in %d", id,
				g.name, g.state, deref(g.estimate), g.iteration, w.name, w.state, deref(w.estimate), w.iteration)
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			report("story %d is stored but not in Tracker", id)
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d stories differ", bad, len(want))
	}
}
