package sprintlens

import (
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"
)

func TestProjectSizeLimit(t *testing.T) {
	tests := []struct {
		name     string
		override *float64
		velocity float64
		want     float64
		over     bool
	}{
		{name: "no velocity yet: the cap", velocity: 0, want: 5},
		{name: "half the velocity is higher: the cap", velocity: 12, want: 5},
		{name: "half the velocity is lower", velocity: 7, want: 3.5},
		{name: "exactly twice the cap", velocity: 10, want: 5},
		{name: "the project's own limit wins", override: vEst(8), velocity: 6, want: 8, over: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ProjectSizeLimit(Project{SizeLimit: tt.override}, Velocity{Value: tt.velocity})
			if got.Points != tt.want || got.Override != tt.over || got.Velocity != tt.velocity {
				t.Fatalf("limit = %+v, want %v (override %v)", got, tt.want, tt.over)
			}
		})
	}
}

func TestTooBig(t *testing.T) {
	w := newWProject(t, 3)
	w.wSteady(3) // velocity 10 → limit min(5, 5) = 5
	w.story(1, Feature, Unstarted, vEst(8))
	w.story(2, Feature, Unstarted, vEst(5)) // exactly at the limit
	w.done(3, 8, 4, 0.2, 4, 1)              // accepted: nothing left to split
	w.story(4, Feature, Unstarted, vEst(8)) // re-estimated to 3: the warning goes
	w.step(4, w.at(2, 1), Unstarted, vEst(8), vIter(5))
	w.step(4, w.at(3, 1), Unstarted, vEst(3), vIter(5))
	w.story(5, Feature, Unstarted, vEst(3)) // re-estimated up to 8
	w.step(5, w.at(2, 1), Unstarted, vEst(3), vIter(5))
	w.step(5, w.at(3, 2), Unstarted, vEst(8), vIter(5))
	w.story(6, Feature, Unscheduled, vEst(8)) // the icebox is open work too
	w.story(7, Bug, Unstarted, vEst(5.5))     // estimated bugs are judged by size too

	got := wOfKind(w.warnings(w.at(4, 2)), WarnTooBig)
	if ids := slices.Sorted(maps.Keys(got)); !slices.Equal(ids, []int64{1, 5, 6, 7}) {
		t.Fatalf("too_big stories = %v, want [1 5 6 7]", ids)
	}
	w1 := got[1]
	if w1.Value != 8 || w1.Threshold != 5 || *w1.Points != 8 {
		t.Errorf("story 1 = %+v", w1)
	}
	if want := "8 points is above this project's 5-point limit: split it."; w1.Message != want {
		t.Errorf("message = %q, want %q", w1.Message, want)
	}
	if created := w.its[0].Start.Add(-24 * time.Hour); !w1.Since.Equal(created) {
		t.Errorf("a story without history is too big since its creation, got %v", w1.Since)
	}
	if !got[5].Since.Equal(w.at(3, 2)) {
		t.Errorf("story 5 is too big since its re-estimate at %v, got %v", w.at(3, 2), got[5].Since)
	}
	if got[7].Message != "5.5 points is above this project's 5-point limit: split it." {
		t.Errorf("story 7 message = %q", got[7].Message)
	}
}

func TestTooBigLimitFollowsVelocityAndOverride(t *testing.T) {
	w := newWProject(t, 3)
	for n := 1; n <= 3; n++ { // 6 points a sprint → limit min(5, 3) = 3
		w.done(int64(100+n), 3, n, 0.5, n, 1)
		w.done(int64(200+n), 3, n, 1, n, 2)
	}
	w.story(1, Feature, Unstarted, vEst(5))
	w.story(2, Feature, Unstarted, vEst(3))
	now := w.at(4, 1)
	got := wOfKind(w.warnings(now), WarnTooBig)
	if _, ok := got[1]; !ok || len(got) != 1 {
		t.Fatalf("with velocity 6 only the 5 is too big, got %v", got)
	}
	if got[1].Message != "5 points is above this project's 3-point limit: split it." {
		t.Errorf("message = %q", got[1].Message)
	}
	w.p.SizeLimit = vEst(5)
	if got := wOfKind(w.warnings(now), WarnTooBig); len(got) != 0 {
		t.Fatalf("a size limit of 5 allows the 5, got %v", got)
	}
}

func TestUnestimatedSoon(t *testing.T) {
	w := newWProject(t, 3)
	w.wSteady(3) // velocity 10: two sprints are 20 points
	add := func(id int64, typ StoryType, st StoryState, est *float64, iter, pos int) {
		s := w.story(id, typ, st, est)
		s.Position = pos
		if iter > 0 {
			s.IterationNumber = vIter(iter)
		}
	}
	// The current sprint comes first whatever its positions say.
	add(11, Feature, Unstarted, vEst(5), 4, 50)
	add(12, Feature, Started, vEst(5), 4, 60)
	add(13, Feature, Unstarted, nil, 4, 70) // 10 points above it
	add(14, Feature, Unstarted, vEst(8), 5, 1)
	add(15, Bug, Unstarted, nil, 5, 2)     // bugs are not estimated
	add(16, Feature, Unstarted, nil, 5, 3) // 18 above
	add(17, Feature, Unstarted, vEst(2), 5, 4)
	add(18, Feature, Unstarted, nil, 5, 5) // 20 above: exactly two sprints
	add(19, Feature, Unstarted, vEst(1), 6, 6)
	add(20, Feature, Unstarted, nil, 6, 7)   // 21 above: beyond
	add(21, Feature, Unscheduled, nil, 0, 0) // the icebox is not the next two sprints
	add(22, Chore, Unstarted, vEst(3), 5, 3) // estimated chores do not count
	got := wOfKind(w.warnings(w.at(4, 2)), WarnUnestimatedSoon)
	if ids := slices.Sorted(maps.Keys(got)); !slices.Equal(ids, []int64{13, 16, 18}) {
		t.Fatalf("unestimated_soon stories = %v, want [13 16 18]", ids)
	}
	for id, above := range map[int64]float64{13: 10, 16: 18, 18: 20} {
		if g := got[id]; g.Value != above || g.Threshold != 20 || g.Basis != 10 || g.Points != nil {
			t.Errorf("story %d = %+v, want %v points above, threshold 20", id, g, above)
		}
	}
	want := "Unestimated, yet within the next two sprints of work (10 points above it; two sprints at velocity 10 is 20 points): estimate it before it is planned."
	if got[13].Message != want {
		t.Errorf("message = %q", got[13].Message)
	}
}

func TestUnestimatedSoonWithoutVelocity(t *testing.T) {
	w := newWProject(t, 0) // sprint 1 is current, nothing done
	for id, iter := range map[int64]int{1: 1, 2: 2, 3: 3} {
		s := w.story(id, Feature, Unstarted, nil)
		s.IterationNumber = vIter(iter)
	}
	got := wOfKind(w.warnings(w.at(1, 1)), WarnUnestimatedSoon)
	if ids := slices.Sorted(maps.Keys(got)); !slices.Equal(ids, []int64{1, 2}) {
		t.Fatalf("without velocity the current and next sprint count: got %v, want [1 2]", ids)
	}
}

func TestThinScope(t *testing.T) {
	w := newWProject(t, 3)
	w.wSteady(3)
	w.epics = []Epic{{ID: 9, Name: "EKS migration", LabelName: "eks"}}
	// eks: 1 of 3 open stories estimated (33%) → thin; both unestimated flagged.
	w.story(1, Feature, Unstarted, vEst(2), "eks")
	w.story(2, Feature, Unstarted, nil, "eks")
	w.story(3, Feature, Unscheduled, nil, "eks", "ci")
	w.done(4, 3, 2, 1, 2, 2, "eks") // accepted: not open scope
	// obs: 3 of 3 features estimated; its unestimated chore is not considered.
	w.story(5, Feature, Unstarted, vEst(1), "obs")
	w.story(6, Feature, Unstarted, vEst(1), "obs")
	w.story(7, Feature, Unstarted, vEst(2), "obs")
	w.story(8, Chore, Unstarted, nil, "obs")
	// ci: 2 of 3 estimated (67%) but an unestimated feature → thin.
	w.story(9, Feature, Unstarted, vEst(1), "ci")
	w.story(10, Feature, Unstarted, vEst(1), "ci")
	// toil: chores only, ignored while chores do not count.
	w.story(11, Chore, Unstarted, nil, "toil")
	w.story(12, Chore, Unstarted, nil, "toil")
	w.story(13, Chore, Unstarted, vEst(1), "toil")
	now := w.at(4, 1)

	got := wOfKind(w.warnings(now), WarnThinScope)
	if ids := slices.Sorted(maps.Keys(got)); !slices.Equal(ids, []int64{2, 3}) {
		t.Fatalf("thin_scope stories = %v, want [2 3]", ids)
	}
	// Story 3 is in eks (1 of 3 estimated) and ci (2 of 3): the thinner wins.
	if g := got[3]; g.Scope != "eks" || !g.Epic || g.Basis != 3 || g.Threshold != 50 || !vNear(g.Value, 100.0/3) {
		t.Errorf("story 3 = %+v, want epic eks with 1 of 3 estimated", g)
	}
	want := "Epic eks has 1 of 3 open stories estimated (33.3%); it counts as thin under 50% or with any unestimated feature: estimate this story so the scope's forecast holds."
	if got[2].Message != want {
		t.Errorf("message = %q", got[2].Message)
	}

	w.p.CountBugsAndChores = true // now chores are scope: toil is 1 of 3 (33%)
	got = wOfKind(w.warnings(now), WarnThinScope)
	if ids := slices.Sorted(maps.Keys(got)); !slices.Equal(ids, []int64{2, 3, 11, 12}) {
		t.Fatalf("counting chores: thin_scope stories = %v, want [2 3 11 12]", ids)
	}
	if g := got[11]; g.Scope != "toil" || g.Epic || !vNear(g.Value, 100.0/3) {
		t.Errorf("story 11 = %+v", g)
	}
}

func TestWarningsOrderedByKindThenStory(t *testing.T) {
	w := newWProject(t, 3)
	w.wSteady(3)
	w.story(2, Feature, Unstarted, vEst(8), "a")
	w.story(1, Feature, Unstarted, nil, "a")
	s := w.story(3, Feature, Unstarted, vEst(8))
	s.IterationNumber = vIter(4)
	ws := w.warnings(w.at(4, 1))
	var got []string
	for _, x := range ws {
		got = append(got, fmt.Sprintf("%s:%d", x.Kind, x.StoryID))
	}
	want := []string{"too_big:2", "too_big:3", "unestimated_soon:1", "thin_scope:1"}
	if !slices.Equal(got, want) {
		t.Fatalf("order = %v, want %v", got, want)
	}
}
