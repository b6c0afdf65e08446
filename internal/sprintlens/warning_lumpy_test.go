package sprintlens

import (
	"maps"
	"slices"
	"testing"
)

// lumpyProject: sprint 1 accepted 5+3+2 (and an 8-point bug, which does not
// count), sprint 2 accepted 2+2+1, sprint 3 accepted 1+1; the current
// sprint 4 plans 8+3+3+3+3 = 20 after a 5 was moved out of it.
func lumpyProject(t *testing.T) *wProject {
	w := newWProject(t, 3)
	w.done(1, 5, 1, 0.5, 1, 3)
	w.done(2, 3, 1, 1, 1, 2)
	w.done(3, 2, 1, 1, 1, 2)
	w.story(4, Bug, Unstarted, vEst(8))
	w.step(4, w.at(1, 1), Started, vEst(8), vIter(1))
	w.step(4, w.at(1, 2), Accepted, vEst(8), vIter(1))
	w.done(5, 2, 2, 0.5, 2, 3)
	w.done(6, 2, 2, 1, 2, 2)
	w.done(7, 1, 2, 1, 2, 2)
	w.done(8, 1, 3, 1, 3, 2)
	w.done(9, 1, 3, 1, 3, 2)
	plan := func(id int64, est float64) {
		w.story(id, Feature, Unstarted, vEst(est))
		w.step(id, w.at(3, 4), Unstarted, vEst(est), vIter(4))
	}
	plan(21, 8)
	w.step(21, w.at(4, 0.5), Started, vEst(8), vIter(4))
	for id := int64(22); id <= 25; id++ {
		plan(id, 3)
	}
	plan(26, 5) // moved to the next sprint during this one: removed
	w.step(26, w.at(4, 1), Unstarted, vEst(5), vIter(5))
	return w
}

func TestLumpySprint(t *testing.T) {
	w := lumpyProject(t)
	now := w.at(4, 2)
	got := wOfKind(w.warnings(now), WarnLumpySprint)
	// 5/10 = 50%; 2/5 = 40% twice (at the share counts); 1/2 = 50% but a
	// 1-pointer cannot be split; 8/20 = 40% in the current sprint.
	if ids := slices.Sorted(maps.Keys(got)); !slices.Equal(ids, []int64{1, 5, 6, 21}) {
		t.Fatalf("lumpy_sprint stories = %v, want [1 5 6 21]", ids)
	}
	checks := []struct {
		id           int64
		share, total float64
		sprint       int
	}{{1, 50, 10, 1}, {5, 40, 5, 2}, {6, 40, 5, 2}, {21, 40, 20, 4}}
	for _, c := range checks {
		g := got[c.id]
		if !vNear(g.Value, c.share) || g.Basis != c.total || g.Iteration != c.sprint || g.Threshold != 40 || !g.Since.Equal(w.its[c.sprint-1].Start) {
			t.Errorf("story %d = %+v, want %v%% of sprint %d's %v", c.id, g, c.share, c.sprint, c.total)
		}
	}
	want := "5 of sprint 1's 10 points (50%) sit in this one story, at or above the 40% lumpy limit: split stories like it so the sprint finishes evenly."
	if got[1].Message != want {
		t.Errorf("message = %q", got[1].Message)
	}

	got = wOfKind(w.warningsWith(WarningSettings{LumpyShare: 50, LongRunningPercentile: 85}, now), WarnLumpySprint)
	if ids := slices.Sorted(maps.Keys(got)); !slices.Equal(ids, []int64{1}) {
		t.Fatalf("at a 50%% share only story 1 stays lumpy, got %v", ids)
	}
}
