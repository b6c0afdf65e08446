package sprintlens

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestCoverage(t *testing.T) {
	epics := []Epic{
		{ProjectID: 1, ID: 10, Name: "Observability", LabelName: "obs"},
		{ProjectID: 1, ID: 11, Name: "Pager revamp", LabelName: "pager"},
		{ProjectID: 1, ID: 12, Name: "Cost", LabelName: "cost"},
		{ProjectID: 2, ID: 13, Name: "Observability (platform)", LabelName: "obs"},
	}
	krs := []KeyResult{
		{ID: 1, LabelLinks: []string{"slo"}},
		{ID: 2, EpicLinks: []int64{10}},
		{ID: 3, LabelLinks: []string{"toil"}, EpicLinks: []int64{11}},
		{ID: 4},
		{ID: 5, LabelLinks: []string{"ghost"}},
	}
	chore := story(6, Accepted, nil, "toil")
	chore.Type = Chore
	otherProject := story(7, Accepted, est(2), "obs")
	otherProject.ProjectID = 2
	release := story(8, Accepted, nil, "slo")
	release.Type = Release
	accepted := []Story{
		story(1, Accepted, est(3), "slo"),        // KR1
		story(2, Accepted, est(5), "obs"),        // KR2 through epic 10
		story(3, Accepted, est(2), "slo", "obs"), // KR1 and KR2, counted once
		story(4, Accepted, est(8), "misc"),       // nothing
		story(5, Accepted, est(1), "pager"),      // KR3 through epic 11
		chore,                                    // KR3 by label, no points
		otherProject,                             // "obs" in project 2 is epic 13, linked to nothing
		release,                                  // left out
	}

	c := Coverage(accepted, epics, KRLinksOf(krs))

	// accepted: 3+5+2+8+1+0+2 = 21 points in 7 stories;
	// linked: stories 1,2,3,5,6 = 3+5+2+1+0 = 11 points.
	if c.AcceptedPoints != 21 || c.AcceptedCount != 7 || c.LinkedPoints != 11 || c.LinkedCount != 5 {
		t.Errorf("accepted %v in %d, linked %v in %d; want 21 in 7, 11 in 5",
			c.AcceptedPoints, c.AcceptedCount, c.LinkedPoints, c.LinkedCount)
	}
	if pct, ok := c.LinkedPercent(); !ok || !near(pct, 100*11.0/21) {
		t.Errorf("LinkedPercent = %v, %v; want %v", pct, ok, 100*11.0/21)
	}
	wantByKR := map[int64]float64{1: 5, 2: 7, 3: 1}
	if !maps.Equal(c.PointsByKR, wantByKR) {
		t.Errorf("PointsByKR = %v, want %v", c.PointsByKR, wantByKR)
	}
	var unlinked []int64
	for _, e := range c.UnlinkedEpics {
		unlinked = append(unlinked, e.ID)
	}
	if !slices.Equal(unlinked, []int64{12, 13}) {
		t.Errorf("UnlinkedEpics = %v, want [12 13]", unlinked)
	}
	if !slices.Equal(c.KRsWithoutLinks, []int64{4}) {
		t.Errorf("KRsWithoutLinks = %v, want [4]", c.KRsWithoutLinks)
	}
	if !slices.Equal(c.KRsWithoutAcceptedWork, []int64{5}) {
		t.Errorf("KRsWithoutAcceptedWork = %v, want [5]", c.KRsWithoutAcceptedWork)
	}
}

func TestCoverageEmptySprint(t *testing.T) {
	c := Coverage(nil, nil, []KRLinks{{KeyResultID: 1, Labels: []string{"slo"}}})
	if _, ok := c.LinkedPercent(); ok {
		t.Error("LinkedPercent ok with nothing accepted")
	}
	if !slices.Equal(c.KRsWithoutAcceptedWork, []int64{1}) {
		t.Errorf("KRsWithoutAcceptedWork = %v, want [1]", c.KRsWithoutAcceptedWork)
	}
	// Only unestimated work accepted: a share of points is undefined.
	c = Coverage([]Story{story(1, Accepted, nil, "slo")}, nil, []KRLinks{{KeyResultID: 1, Labels: []string{"slo"}}})
	if _, ok := c.LinkedPercent(); ok || c.LinkedCount != 1 {
		t.Errorf("unestimated only: ok=%v linked=%d, want false, 1", ok, c.LinkedCount)
	}
}

// TestCoverageBySprint: one pass over a period's work gives, per sprint,
// what Coverage gives for that sprint's stories, whether the work comes
// one story at a time or summed by sprint and labels as the store does.
func TestCoverageBySprint(t *testing.T) {
	epics := []Epic{
		{ProjectID: 1, ID: 10, Name: "Observability", LabelName: "obs"},
		{ProjectID: 2, ID: 13, Name: "Observability (platform)", LabelName: "obs"},
	}
	links := []KRLinks{{KeyResultID: 1, Labels: []string{"slo"}}, {KeyResultID: 2, EpicIDs: []int64{10}},
		{KeyResultID: 3}, {KeyResultID: 4, Labels: []string{"ghost"}}}
	in := func(s Story, project int64, sprint int) Story {
		s.ProjectID = project
		if sprint > 0 {
			s.IterationNumber = &sprint
		}
		return s
	}
	release := story(9, Accepted, nil, "slo")
	release.Type = Release
	stories := []Story{
		in(story(1, Accepted, est(3), "slo"), 1, 47),
		in(story(2, Accepted, est(5), "obs"), 1, 47),
		in(story(3, Accepted, est(2), "obs"), 1, 47),          // same sprint and labels as 2
		in(story(10, Accepted, est(1), "misc", "obs"), 1, 47), // as 2 once misc is cut
		in(story(4, Accepted, est(8), "misc"), 1, 48),         // nothing linked
		in(story(5, Accepted, est(1), "obs"), 2, 47),          // epic 13: not linked
		in(story(6, Accepted, est(2), "obs", "slo"), 2, 47),   // KR 1
		in(story(7, Accepted, est(5), "slo"), 1, 0),           // no sprint: period only
		in(release, 1, 47),
	}
	bySprintOf := map[SprintRef][]Story{}
	for _, s := range stories {
		if s.IterationNumber != nil {
			k := SprintRef{s.ProjectID, *s.IterationNumber}
			bySprintOf[k] = append(bySprintOf[k], s)
		}
	}
	grouped := sumWork(WorkOf(stories), nil)
	keep := CoverageLabels(epics, links)
	if !slices.Equal(keep, []string{"ghost", "obs", "slo"}) {
		t.Fatalf("CoverageLabels = %v, want the linked labels and epic 10's label", keep)
	}
	cut := sumWork(WorkOf(stories), keep)
	if len(cut) != 6 {
		t.Fatalf("summing with the labels coverage looks at gave %d groups, want 6 (story 10 joins 2 and 3)", len(cut))
	}
	if len(grouped) != 7 {
		t.Fatalf("summing by sprint and labels gave %d groups, want 7", len(grouped))
	}

	for name, work := range map[string][]AcceptedWork{"per story": WorkOf(stories), "summed": grouped, "summed on kept labels": cut} {
		whole, bySprint := CoverageBySprint(work, epics, links)
		want := Coverage(stories, epics, links)
		// 3+5+2+1+8+1+2+5 = 27 points in 8 stories; linked: 1 (slo), 2, 3
		// and 10 (epic 10), 6 (slo), 7 (slo) = 3+5+2+1+2+5 = 18 in 6.
		if whole.AcceptedPoints != 27 || whole.AcceptedCount != 8 || whole.LinkedPoints != 18 || whole.LinkedCount != 6 {
			t.Errorf("%s: period %+v, want 27 points in 8, 18 linked in 6", name, whole)
		}
		if !reflect.DeepEqual(whole, want) {
			t.Errorf("%s: period %+v, Coverage gives %+v", name, whole, want)
		}
		if len(bySprint) != len(bySprintOf) {
			t.Errorf("%s: %d sprints, want %d", name, len(bySprint), len(bySprintOf))
		}
		for k, ss := range bySprintOf {
			if got, want := bySprint[k], Coverage(ss, epics, links); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: sprint %v: %+v, Coverage gives %+v", name, k, got, want)
			}
		}
		if c := bySprint[SprintRef{1, 47}]; c.AcceptedPoints != 11 || c.LinkedPoints != 11 || c.AcceptedCount != 4 {
			t.Errorf("%s: project 1 sprint 47: %+v, want 11 points in 4 stories, all linked", name, c)
		}
	}
}

// sumWork sums work by project, sprint and labels as the store does,
// keeping only the labels in keep (all when nil).
func sumWork(work []AcceptedWork, keep []string) []AcceptedWork {
	type group struct {
		project int64
		sprint  int // 0: none
		labels  string
	}
	var out []AcceptedWork
	at := map[group]int{}
	for _, w := range work {
		if keep != nil {
			var kept []string
			for _, l := range w.Labels {
				if slices.Contains(keep, l) {
					kept = append(kept, l)
				}
			}
			w.Labels = kept
		}
		g := group{w.ProjectID, 0, strings.Join(w.Labels, ",")}
		if w.Iteration != nil {
			g.sprint = *w.Iteration
		}
		if i, ok := at[g]; ok {
			out[i].Points += w.Points
			out[i].Count += w.Count
			continue
		}
		at[g] = len(out)
		out = append(out, w)
	}
	return out
}
