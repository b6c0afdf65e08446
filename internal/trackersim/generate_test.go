package trackersim

import (
	"math"
	"reflect"
	"testing"
	"time"
)

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := Generate(Config{Seed: 7}), Generate(Config{Seed: 7})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different datasets")
	}
	c := Generate(Config{Seed: 8})
	same := 0
	for i, s := range a.Projects[0].Stories[:50] {
		if s.Name == c.Projects[0].Stories[i].Name {
			same++
		}
	}
	if same == 50 {
		t.Error("seeds 7 and 8 gave the same first 50 story names")
	}
}

func TestDefaultDatasetHeadline(t *testing.T) {
	ds := Generate(Config{})
	if len(ds.Projects) != 1 {
		t.Fatalf("projects = %d, want 1", len(ds.Projects))
	}
	p := ds.Projects[0]
	if p.ID != DefaultProjectID || p.Name != "SRE Platform" || p.TimeZone != "Asia/Tokyo" || p.PointScale != "0,1,2,3,5,8" {
		t.Errorf("project = %d %q %s %s", p.ID, p.Name, p.TimeZone, p.PointScale)
	}
	if got := len(p.Memberships); got != 5 {
		t.Errorf("members = %d, want 5", got)
	}
	if got := len(p.IterationsIn(ScopeDone)); got != 52 {
		t.Errorf("done iterations = %d, want 52", got)
	}
	cur := p.Current()
	if cur == nil || ds.Now.Before(cur.Start) || !ds.Now.Before(cur.Finish) {
		t.Fatalf("current iteration %+v does not contain now %v", cur, ds.Now)
	}
	if len(p.IterationsIn(ScopeBacklog)) < 2 {
		t.Errorf("backlog iterations = %d, want at least 2", len(p.IterationsIn(ScopeBacklog)))
	}
	if len(p.DeletedStories) == 0 {
		t.Error("no deleted stories")
	}
	for _, name := range []string{"eks-migration", "opsworks-chef", "cloudfront", "s3", "monitoring", "on-call", "cost", "aws-support"} {
		if p.LabelNamed(name) == nil {
			t.Errorf("label %q missing", name)
		}
	}
	strengths := map[float64]int{}
	for _, it := range p.IterationsIn(ScopeDone) {
		strengths[it.TeamStrength]++
	}
	if strengths[1] < 40 || strengths[0.6]+strengths[0.8] < 2 {
		t.Errorf("team strengths = %v, want mostly 1 with a few holiday weeks", strengths)
	}
}

// acceptedFeatures returns the accepted features of done iterations [from, to).
func doneStats(p *Project, from, to int) (meanEstimate, carryRate, velocityCV float64) {
	done := p.IterationsIn(ScopeDone)[from:to]
	var n, carried int
	var sum float64
	var velocities []float64
	for _, it := range done {
		for _, s := range it.Stories {
			if s.Type != TypeFeature {
				continue
			}
			n++
			sum += s.Points()
			if tr := p.StoryTransitions(s.ID); len(tr) > 0 && tr[0].OccurredAt.Before(it.Start) {
				carried++
			}
		}
		velocities = append(velocities, it.AcceptedPoints()/it.TeamStrength)
	}
	var mean, sq float64
	for _, v := range velocities {
		mean += v / float64(len(velocities))
	}
	for _, v := range velocities {
		sq += (v - mean) * (v - mean) / float64(len(velocities))
	}
	return sum / float64(n), float64(carried) / float64(n), math.Sqrt(sq) / mean
}

func TestHistoryShape(t *testing.T) {
	for _, seed := range []int64{0, 1, 2} {
		p := Generate(Config{Seed: seed}).Projects[0]
		earlyMean, earlyCarry, earlyCV := doneStats(p, 0, 12)
		lateMean, lateCarry, lateCV := doneStats(p, 40, 52)
		if earlyMean < 4 || lateMean > 2.5 {
			t.Errorf("seed %d: mean feature estimate early %.2f (want >= 4), late %.2f (want <= 2.5)", seed, earlyMean, lateMean)
		}
		if earlyCarry < 0.2 || lateCarry > 0.1 {
			t.Errorf("seed %d: carry-over rate early %.2f (want >= 0.2), late %.2f (want <= 0.1)", seed, earlyCarry, lateCarry)
		}
		if earlyCV <= lateCV {
			t.Errorf("seed %d: velocity variation early %.2f should exceed late %.2f", seed, earlyCV, lateCV)
		}
		var eights, rejectedEights int
		for _, it := range p.IterationsIn(ScopeDone)[:16] {
			for _, s := range it.Stories {
				if s.Points() != 8 {
					continue
				}
				eights++
				for _, tr := range p.StoryTransitions(s.ID) {
					if tr.State == StateRejected {
						rejectedEights++
						break
					}
				}
			}
		}
		if eights < 10 || rejectedEights == 0 {
			t.Errorf("seed %d: first 16 iterations have %d 8-pointers, %d of them rejected", seed, eights, rejectedEights)
		}
		for _, it := range p.IterationsIn(ScopeDone)[30:] {
			for _, s := range it.Stories {
				if s.Points() == 8 {
					t.Errorf("seed %d: 8-pointer %q accepted in late iteration %d", seed, s.Name, it.Number)
				}
			}
		}
	}
}

func TestCurrentAndBacklog(t *testing.T) {
	p := Generate(Config{}).Projects[0]
	states := map[string]int{}
	for _, s := range p.Current().Stories {
		states[s.State]++
	}
	for _, st := range []string{StateAccepted, StateStarted, StateFinished, StateDelivered, StateRejected, StateUnstarted} {
		if states[st] == 0 {
			t.Errorf("current iteration has no %s story (states %v)", st, states)
		}
	}
	capacity := float64(p.Velocity)
	for _, it := range p.IterationsIn(ScopeBacklog) {
		if pts := it.Points(); pts > capacity*it.TeamStrength && estimatedCount(it) > 1 {
			t.Errorf("backlog iteration %d holds %.0f points, velocity %d", it.Number, pts, p.Velocity)
		}
	}
	var big, unestimated int
	for _, it := range p.IterationsIn(ScopeBacklog)[:2] {
		for _, s := range it.Stories {
			if s.Type == TypeFeature && s.Estimate == nil {
				unestimated++
			}
			if s.Points() == 8 {
				big++
			}
		}
	}
	if big == 0 || unestimated == 0 {
		t.Errorf("next two sprints: %d 8-pointers, %d unestimated features; want both", big, unestimated)
	}
	reestimatedAfterStart := 0
	for _, a := range p.Activities {
		if a.Highlight == "estimated" && a.FromEstimate != nil {
			if tr := p.StoryTransitions(a.StoryID); len(tr) > 0 && tr[0].Version < a.Version {
				reestimatedAfterStart++
			}
		}
	}
	if reestimatedAfterStart == 0 {
		t.Error("no story was re-estimated after it started")
	}
}

func estimatedCount(it *Iteration) int {
	n := 0
	for _, s := range it.Stories {
		if s.Points() > 0 {
			n++
		}
	}
	return n
}

// TestHistoryIsConsistent checks what a sync relies on: versions, times,
// transitions and iterations agree with each other.
func TestHistoryIsConsistent(t *testing.T) {
	for _, cfg := range []Config{{}, {Seed: 3, Now: time.Date(2026, 3, 2, 0, 30, 0, 0, time.FixedZone("JST", 9*3600))}} {
		ds := Generate(cfg)
		p := ds.Projects[0]
		if p.Version != int64(len(p.Activities)) {
			t.Errorf("version %d, %d activities", p.Version, len(p.Activities))
		}
		for i, a := range p.Activities {
			if a.Version != int64(i+1) || (i > 0 && a.OccurredAt.Before(p.Activities[i-1].OccurredAt)) || a.OccurredAt.After(ds.Now) {
				t.Fatalf("activity %d out of order: %+v", i, a)
			}
		}
		for _, it := range p.Iterations {
			for _, s := range it.Stories {
				checkStory(t, p, it, s)
			}
		}
		for i := 1; i < len(p.Iterations); i++ {
			if p.Iterations[i].Number != p.Iterations[i-1].Number+1 || !p.Iterations[i].Start.Equal(p.Iterations[i-1].Finish) {
				t.Fatalf("iterations %d and %d are not contiguous", p.Iterations[i-1].Number, p.Iterations[i].Number)
			}
		}
	}
}

func checkStory(t *testing.T, p *Project, it *Iteration, s *Story) {
	t.Helper()
	tr := p.StoryTransitions(s.ID)
	for i := 1; i < len(tr); i++ {
		if tr[i].OccurredAt.Before(tr[i-1].OccurredAt) {
			t.Fatalf("story %d transitions out of order", s.ID)
		}
		if tr[i-1].State == StateRejected && tr[i].State != StateStarted {
			t.Fatalf("story %d: %s after rejected", s.ID, tr[i].State)
		}
	}
	if len(tr) > 0 && tr[len(tr)-1].State != s.State {
		t.Fatalf("story %d is %s but last transition is %s", s.ID, s.State, tr[len(tr)-1].State)
	}
	if s.State != StateAccepted {
		return
	}
	if s.AcceptedAt == nil || s.AcceptedAt.Before(it.Start) || !s.AcceptedAt.Before(it.Finish) {
		t.Fatalf("story %d accepted at %v outside iteration %d", s.ID, s.AcceptedAt, it.Number)
	}
	if len(tr) == 0 || tr[0].State != StateStarted || !tr[len(tr)-1].OccurredAt.Equal(*s.AcceptedAt) {
		t.Fatalf("story %d: transitions %+v do not end in its acceptance", s.ID, tr)
	}
	if s.Type == TypeChore && len(tr) != 2 {
		t.Fatalf("chore %d has %d transitions, want started and accepted", s.ID, len(tr))
	}
}

func TestLargeGeneration(t *testing.T) {
	tests := []struct {
		cfg        Config
		perProject int
	}{
		{Config{Projects: 1, StoriesPerProject: 100000}, 100000},
		{Config{Projects: 20, StoriesPerProject: 5000}, 5000},
	}
	for _, tt := range tests {
		start := time.Now()
		ds := Generate(tt.cfg)
		took := time.Since(start)
		if len(ds.Projects) != tt.cfg.Projects {
			t.Fatalf("%+v: %d projects", tt.cfg, len(ds.Projects))
		}
		ids := map[int64]bool{}
		for _, p := range ds.Projects {
			if len(p.Stories) != tt.perProject {
				t.Errorf("project %d: %d stories, want %d", p.ID, len(p.Stories), tt.perProject)
			}
			for _, s := range p.Stories {
				if ids[s.ID] {
					t.Fatalf("story id %d repeated", s.ID)
				}
				ids[s.ID] = true
			}
			if p.Current() == nil || len(p.IterationsIn(ScopeDone)) < 52 {
				t.Errorf("project %d: %d done iterations", p.ID, len(p.IterationsIn(ScopeDone)))
			}
		}
		t.Logf("%+v generated in %v", tt.cfg, took)
	}
}
