package sprintlens

import (
	"testing"
	"time"
)

// teamPlan is the simulated team of the demo in miniature: until sprint
// splitFrom it works in coarse stories (an 8 that runs into the next sprint,
// every third one into the sprint after that, beside a 5 and a 2); from
// splitFrom on it splits finely (3, 2, 2, 2, 2, 1, 1, all done in the
// sprint). Each story is created in the backlog two sprints before it starts.
type teamStory struct {
	id                      int64
	est                     float64
	created, start, accepts time.Time
	planned                 int
}

const teamSplitFrom = 9

func teamPlanFor(w *wProject, sprints int) []teamStory {
	var plan []teamStory
	id := int64(1)
	add := func(n int, est, startDay float64, acceptSprint int, acceptDay float64) {
		plan = append(plan, teamStory{id: id, est: est, planned: n,
			created: w.at(n, startDay).AddDate(0, 0, -14), start: w.at(n, startDay), accepts: w.at(acceptSprint, acceptDay)})
		id++
	}
	for n := 1; n <= sprints; n++ {
		if n < teamSplitFrom {
			roll := 1
			if n%3 == 1 {
				roll = 2
			}
			add(n, 8, 0.5, n+roll, 3)
			add(n, 5, 1, n, 4)
			add(n, 2, 2, n, 3)
			continue
		}
		for i, est := range []float64{3, 2, 2, 2, 2, 1, 1} {
			d := 0.3 + 0.5*float64(i)
			add(n, est, d, n, d+1.5)
		}
	}
	return plan
}

// teamAt is the project as it stood on day 2.5 of sprint current: only what
// had happened by then.
func teamAt(t *testing.T, current int) (*wProject, time.Time) {
	w := newWProject(t, current-1)
	now := w.at(current, 2.5)
	plan := teamPlanFor(newWProject(t, current+12), current+12)
	for _, s := range plan {
		if !s.created.Before(now) {
			continue
		}
		w.story(s.id, Feature, Unstarted, vEst(s.est))
		w.step(s.id, s.created, Unstarted, vEst(s.est), vIter(s.planned))
		if s.start.Before(now) {
			w.step(s.id, s.start, Started, vEst(s.est), vIter(s.planned))
		}
		if s.accepts.Before(now) {
			n := 1 + int(s.accepts.Sub(w.its[0].Start)/(7*24*time.Hour))
			w.step(s.id, s.accepts, Accepted, vEst(s.est), vIter(n))
		}
	}
	return w, now
}

func TestSimulatedTeamEarlyCoarseStoriesAreFlagged(t *testing.T) {
	w, now := teamAt(t, 6)
	ws := w.warnings(now)
	tooBig := wOfKind(ws, WarnTooBig)
	var open8 int
	for _, s := range w.stories {
		if s.State != Accepted && s.Points() == 8 {
			open8++
			if _, ok := tooBig[s.ID]; !ok {
				t.Errorf("open 8-pointer %d (%s) is not flagged too big", s.ID, s.State)
			}
		}
	}
	if open8 < 3 {
		t.Fatalf("the coarse team should have several open 8s, has %d", open8)
	}
	// Sprint 4's 8 started on its day 0.5 and is still open on sprint 6's day 2.5.
	if multi := wOfKind(ws, WarnMultiSprint); len(multi) != 1 {
		t.Errorf("multi_sprint = %v, want sprint 4's 8", multi)
	}
	if lumpy := wOfKind(ws, WarnLumpySprint); len(lumpy) == 0 {
		t.Error("the coarse sprints should be lumpy")
	}
}

func TestSimulatedTeamRadarImprovesAfterSplitting(t *testing.T) {
	w, now := teamAt(t, 24)
	d := w.data()
	m := ComputeMetrics(d, now)
	ws := ComputeWarnings(d, m, DefaultWarningSettings(), now)
	for _, k := range []WarningKind{WarnTooBig, WarnMultiSprint, WarnUnestimatedSoon, WarnLongRunning} {
		if got := wOfKind(ws, k); len(got) != 0 {
			t.Errorf("after splitting no open story should be %s: %v", k, got)
		}
	}
	var proj []RadarRow
	for _, r := range ComputeRadar(d, m, ProjectSizeLimit(d.Project, m.Velocity), now) {
		if r.Scope == "" {
			proj = append(proj, r)
		}
	}
	early, recent := RadarTrend(proj, RadarTrendSprints)
	if early.BigShare <= 30 || recent.BigShare != 0 {
		t.Errorf("big-story share early %v, recent %v: want high, then 0", early.BigShare, recent.BigShare)
	}
	if early.Lumpiness <= recent.Lumpiness || early.SpannedShare <= recent.SpannedShare || recent.SpannedShare != 0 {
		t.Errorf("lumpiness %v → %v, spanned %v → %v: both should fall", early.Lumpiness, recent.Lumpiness,
			early.SpannedShare, recent.SpannedShare)
	}
	if early.Volatility <= recent.Volatility {
		t.Errorf("volatility %v → %v should fall", early.Volatility, recent.Volatility)
	}
	last := proj[len(proj)-1]
	if !last.Current || last.Runway == nil || *last.Runway <= 0 {
		t.Errorf("the current sprint should show a ready runway: %+v", last)
	}
	cal := Calibrate(m.CycleBySize)
	counts := map[float64]int{}
	for _, s := range w.stories {
		if s.State == Accepted {
			counts[s.Points()]++
		}
	}
	if len(cal.Rows) != len(counts) {
		t.Fatalf("calibration rows %+v, want one per accepted size %v", cal.Rows, counts)
	}
	for _, r := range cal.Rows {
		if r.Count != counts[r.Estimate] {
			t.Errorf("size %v: %d samples, want %d", r.Estimate, r.Count, counts[r.Estimate])
		}
	}
}
