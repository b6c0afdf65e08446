package sprintlens

import (
	"testing"
	"time"
)

func TestVelocityAnnotations(t *testing.T) {
	f := newReviewFixture(t)
	its := f.its
	its[2].TeamStrength = 0.5 // 1 → 0.5 at sprint 3, back to 1 at sprint 4
	history := append(f.history,
		// Re-estimated before it started: not an annotation.
		HistoryEntry{StoryID: 9, OccurredAt: f.at(3, 1), State: Unstarted, Estimate: vEst(5)},
		HistoryEntry{StoryID: 9, OccurredAt: f.at(3, 2), State: Unstarted, Estimate: vEst(2)},
	)
	changes := []WindowChange{{At: f.at(4, 1), From: 3, To: 2}}
	got := VelocityAnnotations(its, history, changes)
	// Story 1 went 8 → 3 on day 2 of sprint 2, after starting on day 1.
	// Story 7 and the rest never changed estimate once started.
	want := []Annotation{
		{Kind: AnnotationReestimate, Iteration: 2, At: f.at(2, 2), StoryID: 1, From: 8, To: 3},
		{Kind: AnnotationTeamStrength, Iteration: 3, At: its[2].Start, From: 1, To: 0.5},
		{Kind: AnnotationTeamStrength, Iteration: 4, At: its[3].Start, From: 0.5, To: 1},
		{Kind: AnnotationWindowChange, Iteration: 4, At: f.at(4, 1), From: 3, To: 2},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d annotations, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Kind != w.Kind || g.Iteration != w.Iteration || !g.At.Equal(w.At) || g.StoryID != w.StoryID || g.From != w.From || g.To != w.To {
			t.Errorf("annotation %d = %+v, want %+v", i, g, w)
		}
	}
	// A window change outside every iteration is kept, with iteration 0,
	// after the two team-strength changes.
	late := VelocityAnnotations(its, nil, []WindowChange{{At: its[3].Finish.Add(time.Hour), From: 2, To: 4}})
	if len(late) != 3 || late[2].Kind != AnnotationWindowChange || late[2].Iteration != 0 {
		t.Errorf("late change = %+v", late)
	}
}
