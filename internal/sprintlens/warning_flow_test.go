package sprintlens

import (
	"maps"
	"slices"
	"testing"
	"time"
)

func TestMultiSprint(t *testing.T) {
	w := newWProject(t, 3) // sprint 4 is current
	start := func(id int64, at time.Time) {
		w.story(id, Feature, Unstarted, vEst(2))
		w.step(id, at, Started, vEst(2), vIter(4))
	}
	start(1, w.at(1, 1)) // crossed the ends of 1, 2 and 3
	start(2, w.at(2, 1)) // crossed 2 and 3: exactly the threshold
	start(3, w.at(3, 1)) // crossed one: normal carry-over
	start(4, w.at(1, 1)) // moved back to the backlog: not in progress
	w.step(4, w.at(2, 2), Unstarted, vEst(2), vIter(5))
	start(5, w.at(1, 1)) // moved back, then restarted: counted from the first start
	w.step(5, w.at(2, 2), Unstarted, vEst(2), vIter(5))
	w.step(5, w.at(3, 3), Started, vEst(2), vIter(4))
	start(6, w.at(1, 1)) // accepted at last
	w.step(6, w.at(4, 1), Accepted, vEst(2), vIter(4))
	start(7, w.at(3, 0)) // started the instant sprint 3 began: one boundary since
	start(8, w.at(1, 1)) // rejected is still in progress
	w.step(8, w.at(3, 1), Rejected, vEst(2), vIter(4))

	got := wOfKind(w.warnings(w.at(4, 2)), WarnMultiSprint)
	if ids := slices.Sorted(maps.Keys(got)); !slices.Equal(ids, []int64{1, 2, 5, 8}) {
		t.Fatalf("multi_sprint stories = %v, want [1 2 5 8]", ids)
	}
	for id, crossed := range map[int64]float64{1: 3, 2: 2, 5: 3, 8: 3} {
		if g := got[id]; g.Value != crossed || g.Threshold != 2 {
			t.Errorf("story %d crossed %v, want %v", id, g.Value, crossed)
		}
	}
	if !got[5].Since.Equal(w.at(1, 1)) {
		t.Errorf("story 5 since = %v, want its first start %v", got[5].Since, w.at(1, 1))
	}
	want := "Not accepted across 3 sprint boundaries since it started (2 or more warns): split off the part that is done, accept it, and plan the rest."
	if got[1].Message != want {
		t.Errorf("message = %q", got[1].Message)
	}
}

// longRunningProject has five accepted 3-point stories that took 1 to 5
// days and four accepted 2-pointers of a day each; sprint 4 is current.
func longRunningProject(t *testing.T) *wProject {
	w := newWProject(t, 3)
	for i, d := range []float64{1, 2, 3, 4, 5} {
		n := 1 + i/3
		w.done(int64(100+i), 3, n, 0.1*float64(i+1), n, 0.1*float64(i+1)+d)
	}
	for i := range 4 {
		w.done(int64(200+i), 2, 3, 0.1*float64(i+1), 3, 0.1*float64(i+1)+1)
	}
	return w
}

func TestLongRunning(t *testing.T) {
	w := longRunningProject(t)
	now := w.at(4, 4)
	day := 24 * time.Hour
	start := func(id int64, est float64, ago time.Duration, st StoryState) {
		w.story(id, Feature, Unstarted, vEst(est))
		w.step(id, now.Add(-ago), Started, vEst(est), vIter(4))
		if st != Started {
			w.step(id, now.Add(-ago/2), st, vEst(est), vIter(4))
		}
	}
	// p85 of 1..5 days: rank 4 × 0.85 = 3.4 → 4 + 0.4 × (5 − 4) = 4.4 days.
	start(1, 3, 108*time.Hour, Started)      // 4.5 days
	start(2, 3, 4*day+2*time.Hour, Finished) // 4.08 days: within
	start(3, 3, 6*day, Delivered)            // 6 days
	start(4, 2, 10*day, Started)             // only four 2-point samples
	start(5, 3, 10*day, Rejected)            // rejected: not started/finished/delivered
	start(6, 5, 10*day, Started)             // no 5-point samples at all

	got := wOfKind(w.warnings(now), WarnLongRunning)
	if ids := slices.Sorted(maps.Keys(got)); !slices.Equal(ids, []int64{1, 3}) {
		t.Fatalf("long_running stories = %v, want [1 3]", ids)
	}
	g := got[1]
	if !vNear(g.Value, 4.5) || !vNear(g.Threshold, 4.4) || g.Basis != 5 || g.Scope != "p85" || !g.Since.Equal(now.Add(-108*time.Hour)) {
		t.Errorf("story 1 = %+v", g)
	}
	want := "In progress for 4.5 days, longer than the p85 cycle time of 3-point stories (4.4 days over 5 accepted): find what blocks it, or split it."
	if g.Message != want {
		t.Errorf("message = %q", g.Message)
	}
}

func TestLongRunningPercentileSetting(t *testing.T) {
	// p50 of 1..5 days is exactly 3 days: 3 days is not longer, 3 days and a minute is.
	w := longRunningProject(t)
	now := w.at(4, 4)
	for id, ago := range map[int64]time.Duration{1: 72 * time.Hour, 2: 72*time.Hour + time.Minute} {
		w.story(id, Feature, Unstarted, vEst(3))
		w.step(id, now.Add(-ago), Started, vEst(3), vIter(4))
	}
	got := wOfKind(w.warningsWith(WarningSettings{LumpyShare: 40, LongRunningPercentile: 50}, now), WarnLongRunning)
	if ids := slices.Sorted(maps.Keys(got)); !slices.Equal(ids, []int64{2}) || got[2].Scope != "p50" || got[2].Threshold != 3 {
		t.Fatalf("with p50: %v, want only story 2 over 3 days", got)
	}
}

func TestRejectedTwice(t *testing.T) {
	w := newWProject(t, 3)
	cycle := func(id int64, rejections []float64, end StoryState) {
		w.story(id, Feature, Unstarted, vEst(2))
		w.step(id, w.at(1, 1), Started, vEst(2), vIter(1))
		for _, d := range rejections {
			w.step(id, w.at(1, d-0.5), Delivered, vEst(2), vIter(1))
			w.step(id, w.at(1, d), Rejected, vEst(2), vIter(1))
			w.step(id, w.at(1, d+0.2), Started, vEst(2), vIter(1))
		}
		w.step(id, w.at(3, 1), end, vEst(2), vIter(3))
	}
	cycle(1, []float64{2, 4}, Started)
	cycle(2, []float64{2}, Started)
	cycle(3, []float64{2, 4}, Accepted) // done: nothing to act on
	cycle(4, []float64{2, 3, 5}, Delivered)
	// A sync that saw "rejected" twice in a row records one rejection.
	w.story(5, Feature, Unstarted, vEst(2))
	w.step(5, w.at(1, 1), Rejected, vEst(2), vIter(1))
	w.step(5, w.at(1, 2), Rejected, vEst(2), vIter(1))
	w.step(5, w.at(1, 3), Started, vEst(2), vIter(1))

	got := wOfKind(w.warnings(w.at(4, 1)), WarnRejectedTwice)
	if ids := slices.Sorted(maps.Keys(got)); !slices.Equal(ids, []int64{1, 4}) {
		t.Fatalf("rejected_twice stories = %v, want [1 4]", ids)
	}
	if g := got[1]; g.Value != 2 || !g.Since.Equal(w.at(1, 4)) {
		t.Errorf("story 1 = %+v, want 2 rejections since the second at %v", g, w.at(1, 4))
	}
	if got[4].Value != 3 || !got[4].Since.Equal(w.at(1, 3)) {
		t.Errorf("story 4 = %+v", got[4])
	}
	want := "Rejected 2 times (2 or more warns): agree on the acceptance criteria, or split the disputed part into its own story."
	if got[1].Message != want {
		t.Errorf("message = %q", got[1].Message)
	}
}
