package sprintlens

import (
	"testing"
	"time"
)

func TestForecastRange(t *testing.T) {
	tokyo := vTokyo(t)
	// The current sprint started Mon 4 Mar 2024 in Tokyo; its finish is the
	// 1st future finish, 11 Mar, then 18, 25 Mar, 1 Apr ...
	sched := Schedule{Start: time.Date(2024, 3, 4, 0, 0, 0, 0, tokyo), Weeks: 1, Location: tokyo}
	jst := func(m time.Month, d int) time.Time { return time.Date(2024, m, d, 0, 0, 0, 0, tokyo) }
	tests := []struct {
		name                          string
		remaining                     float64
		v                             Velocity
		likely, optimistic, pessimist Outlook
	}{
		// 30 ÷ 10 = 3; 30 ÷ 12 = 2.5 → 3; 30 ÷ 8 = 3.75 → 4.
		{name: "velocity 10 ± 2", remaining: 30, v: Velocity{Value: 10, StdDev: 2},
			likely: Outlook{Iterations: 3, Finish: jst(3, 25)}, optimistic: Outlook{Iterations: 3, Finish: jst(3, 25)},
			pessimist: Outlook{Iterations: 4, Finish: jst(4, 1)}},
		// 30 ÷ 3 = 10 sprints (13 May); 30 ÷ 7 ≈ 4.29 → 5 (8 Apr); 3 − 4 < 0: no bound.
		{name: "wide spread", remaining: 30, v: Velocity{Value: 3, StdDev: 4},
			likely: Outlook{Iterations: 10, Finish: jst(5, 13)}, optimistic: Outlook{Iterations: 5, Finish: jst(4, 8)},
			pessimist: Outlook{Unbounded: true}},
		// Nothing left: done now, at the schedule's start.
		{name: "nothing left", remaining: 0, v: Velocity{Value: 10, StdDev: 2},
			likely: Outlook{Finish: jst(3, 4)}, optimistic: Outlook{Finish: jst(3, 4)}, pessimist: Outlook{Finish: jst(3, 4)}},
		// No pace at all: only unbounded answers.
		{name: "zero velocity", remaining: 5, v: Velocity{},
			likely: Outlook{Unbounded: true}, optimistic: Outlook{Unbounded: true}, pessimist: Outlook{Unbounded: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ForecastRange(tt.remaining, tt.v, sched)
			for _, c := range []struct {
				what      string
				got, want Outlook
			}{{"likely", got.Likely, tt.likely}, {"optimistic", got.Optimistic, tt.optimistic}, {"pessimistic", got.Pessimistic, tt.pessimist}} {
				if c.got.Iterations != c.want.Iterations || c.got.Unbounded != c.want.Unbounded || !c.got.Finish.Equal(c.want.Finish) {
					t.Errorf("%s = %+v, want %+v", c.what, c.got, c.want)
				}
			}
		})
	}
}

func TestScheduleFinishAcrossDST(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatalf("load America/New_York: %v", err)
	}
	// Sprints start Sundays; the 2nd future finish is Sun 17 Mar 2024, the
	// first midnight after the DST change: 04:00Z, not 05:00Z.
	s := Schedule{Start: time.Date(2024, 3, 3, 0, 0, 0, 0, ny), Weeks: 1, Location: ny}
	if got, want := s.Finish(2), time.Date(2024, 3, 17, 4, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Finish(2) = %v, want %v", got.UTC(), want)
	}
}

func TestMonteCarlo(t *testing.T) {
	tests := []struct {
		name          string
		remaining     float64
		samples       []float64
		p50, p85, p95 int
		unbounded     bool
	}{
		// Every past sprint delivered 10; 30 left: exactly 3 in every trial.
		{name: "constant history", remaining: 30, samples: []float64{10, 10, 10, 10}, p50: 3, p85: 3, p95: 3},
		// Samples 5 and 15, 20 left. Two draws finish unless both are 5
		// (¾ of trials end at 2). After 5+5, a 15 ends at 3 (⅛), a 5 needs a
		// 4th draw (⅛). Cumulative: 2 → 0.75, 3 → 0.875, 4 → 1.
		// p50 = 2, p85 = 3, p95 = 4. With 10,000 trials the share at 2 has a
		// standard error of about 0.004, far from the 0.85 cut.
		{name: "two values", remaining: 20, samples: []float64{5, 15}, p50: 2, p85: 3, p95: 4},
		// Nothing left.
		{name: "done", remaining: 0, samples: []float64{3}, p50: 0, p85: 0, p95: 0},
		// Only empty sprints or none at all: no end in sight.
		{name: "zero history", remaining: 10, samples: []float64{0, 0}, unbounded: true},
		{name: "no history", remaining: 10, samples: nil, unbounded: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MonteCarlo(tt.remaining, tt.samples, 0, 42)
			if got.Trials != DefaultTrials {
				t.Errorf("trials = %d, want %d", got.Trials, DefaultTrials)
			}
			for _, c := range []struct {
				what string
				got  Outlook
				want int
			}{{"p50", got.P50, tt.p50}, {"p85", got.P85, tt.p85}, {"p95", got.P95, tt.p95}} {
				if c.got.Unbounded != tt.unbounded || c.got.Iterations != c.want {
					t.Errorf("%s = %+v, want %d (unbounded %v)", c.what, c.got, c.want, tt.unbounded)
				}
			}
		})
	}
}

func TestMonteCarloDeterministic(t *testing.T) {
	history := []float64{3, 8, 0, 13, 5, 2, 8, 5}
	a := MonteCarlo(57, history, 10_000, 7)
	b := MonteCarlo(57, history, 10_000, 7)
	if a != b {
		t.Fatalf("same seed, different results: %+v vs %+v", a, b)
	}
	// Sanity: mean of the history is 44/8 = 5.5, so 57 points need about
	// 57/5.5 ≈ 10.4 sprints. The median must sit near that and the
	// percentiles must not decrease. Bounds: at least ⌈57/13⌉ = 5 sprints.
	if a.P50.Iterations < 5 || a.P50.Iterations > a.P85.Iterations || a.P85.Iterations > a.P95.Iterations {
		t.Errorf("percentiles out of order: %+v", a)
	}
	if a.P50.Iterations < 9 || a.P50.Iterations > 12 {
		t.Errorf("p50 = %d, want about 10 or 11", a.P50.Iterations)
	}
}

func TestBuildForecast(t *testing.T) {
	tokyo := vTokyo(t)
	sched := Schedule{Start: time.Date(2024, 3, 4, 0, 0, 0, 0, tokyo), Weeks: 1, Location: tokyo}
	history := vSeries([]float64{10, 10, 10}, nil) // plus a current sprint of 1000 that must be ignored
	for i := range history {
		history[i].Stories = 4
	}
	f := BuildForecast(ForecastInput{
		RemainingPoints: 30, RemainingStories: 9, Velocity: Velocity{Value: 10},
		History: history, Schedule: sched, Seed: 1,
	})
	// Points: 10 a sprint, 30 left → 3 sprints, finishing 25 Mar.
	// Stories: 4 a sprint, 9 left → 4+4 = 8 < 9, so 3 sprints too.
	want := time.Date(2024, 3, 25, 0, 0, 0, 0, tokyo)
	for _, o := range []Outlook{f.Range.Likely, f.Points.P50, f.Points.P95, f.Stories.P50, f.Stories.P95} {
		if o.Iterations != 3 || !o.Finish.Equal(want) {
			t.Errorf("outlook = %+v, want 3 sprints ending %v", o, want)
		}
	}
}

func BenchmarkMonteCarlo10k(b *testing.B) {
	history := []float64{3, 8, 0, 13, 5, 2, 8, 5, 21, 1, 8, 5}
	for b.Loop() {
		MonteCarlo(120, history, DefaultTrials, 1)
	}
}
