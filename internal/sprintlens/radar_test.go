package sprintlens

import (
	"math"
	"testing"
)

// radarProject is small enough to compute by hand; the size limit is 5.
//
//	sprint 1 accepts 2                      → 2 points, largest 2
//	sprint 2 accepts 8 (started in 1) and 3 → 11 points, 8 big, 1 of 2 spanned
//	                 and a 1-point bug, which does not count
//	sprint 3 accepts 3, 2, 2                → 7 points, largest 3
//	sprint 4 (current) plans 3 (started) and 2
//
// The backlog: story 8 (3 points) all along; story 9 at 8 points, cut to 2
// late in sprint 2; story 10 unestimated until sprint 3 gives it 5; story
// 11 in the icebox; stories 12 and 13 planned into sprint 4 during 3.
func radarProject(t *testing.T) *wProject {
	w := newWProject(t, 3)
	w.p.SizeLimit = vEst(5)
	w.done(1, 8, 1, 1, 2, 2, "eks")
	w.done(2, 2, 1, 1, 1, 3)
	w.done(3, 3, 2, 1, 2, 3, "eks")
	w.story(4, Bug, Unstarted, vEst(1))
	w.step(4, w.at(2, 1), Started, vEst(1), vIter(2))
	w.step(4, w.at(2, 2), Accepted, vEst(1), vIter(2))
	w.done(5, 3, 3, 0.5, 3, 2, "ci")
	w.done(6, 2, 3, 1, 3, 2)
	w.done(7, 2, 3, 1, 3, 3)
	backlog := func(id int64, est *float64, st StoryState) {
		w.story(id, Feature, st, est)
		w.step(id, w.at(1, 0), st, est, nil)
	}
	backlog(8, vEst(3), Unstarted)
	backlog(9, vEst(8), Unstarted)
	w.step(9, w.at(2, 4), Unstarted, vEst(2), nil)
	backlog(10, nil, Unstarted)
	w.step(10, w.at(3, 1), Unstarted, vEst(5), nil)
	backlog(11, vEst(2), Unscheduled)
	w.story(12, Feature, Unstarted, vEst(3))
	w.step(12, w.at(3, 5), Unstarted, vEst(3), vIter(4))
	w.step(12, w.at(4, 0.5), Started, vEst(3), vIter(4))
	w.story(13, Feature, Unstarted, vEst(2))
	w.step(13, w.at(3, 5), Unstarted, vEst(2), vIter(4))
	return w
}

func TestComputeRadar(t *testing.T) {
	w := radarProject(t)
	now := w.at(4, 2)
	d := w.data()
	m := ComputeMetrics(d, now)
	rows := ComputeRadar(d, m, ProjectSizeLimit(d.Project, m.Velocity), now)

	v3 := 20.0 / 3 // mean of 2, 11, 7
	sd3 := math.Sqrt((math.Pow(2-v3, 2) + math.Pow(11-v3, 2) + math.Pow(7-v3, 2)) / 3)
	type want struct {
		number        int
		scope         string
		current       bool
		points, big   float64
		largest       float64
		stories, span int
		ready         float64 // -1: nil
		velocity, vol float64
	}
	wants := []want{
		{1, "", false, 2, 0, 2, 1, 0, 3, 2, 0},
		{2, "", false, 11, 8, 8, 2, 1, 3 + 2, 6.5, 4.5 / 6.5 * 100},
		{2, "eks", false, 11, 8, 8, 2, 1, -1, 0, 0},
		{3, "", false, 7, 0, 3, 3, 0, 3 + 2 + 5 + 3 + 2, v3, sd3 / v3 * 100},
		{3, "ci", false, 3, 0, 3, 1, 0, -1, 0, 0},
		{4, "", true, 5, 0, 3, 2, 0, 3 + 2 + 5 + 2, v3, sd3 / v3 * 100},
	}
	if len(rows) != len(wants) {
		t.Fatalf("got %d rows, want %d: %+v", len(rows), len(wants), rows)
	}
	for i, wt := range wants {
		r := rows[i]
		ok := r.Number == wt.number && r.Scope == wt.scope && r.Current == wt.current && vNear(r.Points, wt.points) &&
			vNear(r.BigPoints, wt.big) && vNear(r.LargestPoints, wt.largest) && r.Stories == wt.stories &&
			r.Spanned == wt.span && vNear(r.Velocity, wt.velocity) && vNear(r.Volatility, wt.vol)
		if wt.ready < 0 {
			ok = ok && r.ReadyPoints == nil && r.Runway == nil
		} else {
			ok = ok && r.ReadyPoints != nil && vNear(*r.ReadyPoints, wt.ready) && r.Runway != nil && vNear(*r.Runway, wt.ready/wt.velocity)
		}
		if !ok {
			t.Errorf("row %d = %+v (ready %v runway %v), want %+v", i, r, deref(r.ReadyPoints), deref(r.Runway), wt)
		}
	}
	if r := rows[1]; !vNear(r.BigShare(), 800.0/11) || !vNear(r.Lumpiness(), 800.0/11) || r.SpannedShare() != 50 {
		t.Errorf("sprint 2 shares: big %v lumpiness %v spanned %v", r.BigShare(), r.Lumpiness(), r.SpannedShare())
	}
	if r := rows[3]; r.BigShare() != 0 || !vNear(r.Lumpiness(), 300.0/7) || r.SpannedShare() != 0 {
		t.Errorf("sprint 3 shares: big %v lumpiness %v spanned %v", r.BigShare(), r.Lumpiness(), r.SpannedShare())
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestRadarRunwayUnknownBeforeRecordedHistory(t *testing.T) {
	w := radarProject(t)
	for i := range w.hist {
		w.hist[i].Source = Reconstructed
	}
	now := w.at(4, 2)
	d := w.data()
	m := ComputeMetrics(d, now)
	for _, r := range ComputeRadar(d, m, ProjectSizeLimit(d.Project, m.Velocity), now) {
		if r.Scope != "" {
			continue
		}
		if r.Current != (r.ReadyPoints != nil) {
			t.Errorf("sprint %d: ready %v; only the current sprint, read from the stories, is known", r.Number, deref(r.ReadyPoints))
		}
	}
}

func TestRadarTrend(t *testing.T) {
	w := radarProject(t)
	now := w.at(4, 2)
	d := w.data()
	m := ComputeMetrics(d, now)
	var proj []RadarRow
	for _, r := range ComputeRadar(d, m, ProjectSizeLimit(d.Project, m.Velocity), now) {
		if r.Scope == "" {
			proj = append(proj, r)
		}
	}
	early, recent := RadarTrend(proj, 2)
	// Early: sprints 1-2, 13 points, 8 big, 1 of 3 stories spanned,
	// lumpiness mean(100, 800/11), volatility of 2 and 11 = 4.5/6.5.
	if early.Sprints != 2 || early.First != 1 || early.Last != 2 || !vNear(early.BigShare, 800.0/13) ||
		!vNear(early.Lumpiness, (100+800.0/11)/2) || !vNear(early.SpannedShare, 100.0/3) || !vNear(early.Volatility, 4.5/6.5*100) {
		t.Errorf("early = %+v", early)
	}
	// Recent: sprints 2-3 (the current one is skipped), 18 points, 8 big,
	// 1 of 5 spanned, lumpiness mean(800/11, 300/7), volatility of 11 and 7 = 2/9.
	if recent.Sprints != 2 || recent.First != 2 || recent.Last != 3 || !vNear(recent.BigShare, 800.0/18) ||
		!vNear(recent.Lumpiness, (800.0/11+300.0/7)/2) || !vNear(recent.SpannedShare, 20) || !vNear(recent.Volatility, 2.0/9*100) {
		t.Errorf("recent = %+v", recent)
	}
}
