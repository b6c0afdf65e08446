package sprintlens

import (
	"maps"
	"slices"
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
