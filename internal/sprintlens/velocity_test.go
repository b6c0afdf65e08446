package sprintlens

import (
	"math"
	"slices"
	"testing"
	"time"
)

func TestAcceptedPoints(t *testing.T) {
	tokyo := vTokyo(t)
	its := vWeekly(time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), 3, tokyo)
	its[2].Kind = IterationCurrent
	story := func(id int64, typ StoryType, state StoryState, est *float64, acceptedAt time.Time) Story {
		s := Story{ID: id, Type: typ, State: state, Estimate: est}
		if !acceptedAt.IsZero() {
			s.AcceptedAt = vTime(acceptedAt)
		}
		return s
	}
	stories := []Story{
		story(1, Feature, Accepted, vEst(3), its[0].Start),                    // first instant of 1
		story(2, Feature, Accepted, vEst(5), its[0].Finish.Add(-time.Second)), // last second of 1
		story(3, Feature, Accepted, vEst(8), its[0].Finish),                   // exactly at 1's finish: belongs to 2
		story(4, Bug, Accepted, vEst(2), its[0].Start.Add(time.Hour)),         // counts only with the setting
		story(5, Chore, Accepted, nil, its[0].Start.Add(time.Hour)),           // unestimated chore: 0 points, 1 story
		story(6, Release, Accepted, vEst(1), its[0].Start.Add(time.Hour)),     // releases never count
		story(7, Feature, Started, vEst(3), time.Time{}),                      // not accepted
		story(8, Feature, Accepted, vEst(2), its[2].Finish.Add(time.Hour)),    // after every window
	}
	tests := []struct {
		name        string
		bugsChores  bool
		wantPoints  []float64
		wantStories []int
	}{
		// Iteration 1: 3 + 5 = 8 feature points; stories 1, 2, 4, 5 = 4.
		// Iteration 2: story 3, 8 points. Iteration 3: nothing (empty sprint).
		{name: "features only", wantPoints: []float64{8, 8, 0}, wantStories: []int{4, 1, 0}},
		// With bugs and chores: iteration 1 adds the bug's 2 → 10.
		{name: "bugs and chores count", bugsChores: true, wantPoints: []float64{10, 8, 0}, wantStories: []int{4, 1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Project{CountBugsAndChores: tt.bugsChores}
			got := AcceptedPoints(p, its, stories)
			if len(got) != 3 {
				t.Fatalf("got %d iterations, want 3", len(got))
			}
			for i, ip := range got {
				if ip.Points != tt.wantPoints[i] || ip.Stories != tt.wantStories[i] {
					t.Errorf("iteration %d: %v points, %d stories; want %v, %d",
						ip.Number, ip.Points, ip.Stories, tt.wantPoints[i], tt.wantStories[i])
				}
				if wantDone := i < 2; ip.Done != wantDone {
					t.Errorf("iteration %d: done = %v, want %v", ip.Number, ip.Done, wantDone)
				}
			}
		})
	}
}

// vSeries builds done iterations 1..n with the given points and strengths,
// plus a current iteration with a large total that must never be counted.
func vSeries(points []float64, strengths []float64) []IterationPoints {
	out := make([]IterationPoints, 0, len(points)+1)
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, p := range points {
		ts := 1.0
		if strengths != nil {
			ts = strengths[i]
		}
		out = append(out, IterationPoints{
			Number: i + 1, Start: base.AddDate(0, 0, 7*i), Finish: base.AddDate(0, 0, 7*i+7),
			Points: p, TeamStrength: ts, Done: true,
		})
	}
	n := len(points)
	return append(out, IterationPoints{Number: n + 1, Start: base.AddDate(0, 0, 7*n), Points: 1000, TeamStrength: 1})
}

func TestComputeVelocity(t *testing.T) {
	tests := []struct {
		name      string
		window    int
		points    []float64
		strengths []float64
		want      Velocity
	}{
		// Last 3 done of 4, 8, 6, 10 → 8, 6, 10: mean 24/3 = 8; variance
		// (0+4+4)/3 = 8/3; volatility √(8/3)/8·100 ≈ 20.4%. The current
		// iteration's 1000 is ignored.
		{name: "window of three", window: 3, points: []float64{4, 8, 6, 10},
			want: Velocity{Value: 8, Normalized: 8, Window: 3, Used: 3, StdDev: math.Sqrt(8.0 / 3),
				Volatility: math.Sqrt(8.0/3) / 8 * 100, Iterations: []int{2, 3, 4}}},
		// Window 0 means the default, 3.
		{name: "default window", window: 0, points: []float64{4, 8, 6, 10},
			want: Velocity{Value: 8, Normalized: 8, Window: 3, Used: 3, StdDev: math.Sqrt(8.0 / 3),
				Volatility: math.Sqrt(8.0/3) / 8 * 100, Iterations: []int{2, 3, 4}}},
		// Half-strength sprint: raw (6+4+9)/3 = 19/3; normalised
		// (6/1 + 4/0.5 + 9/1)/3 = (6+8+9)/3 = 23/3. Raw mean 19/3, deviations
		// -1/3, -7/3, 8/3 → variance (1+49+64)/27 = 114/27.
		{name: "team strength half", window: 3, points: []float64{6, 4, 9}, strengths: []float64{1, 0.5, 1},
			want: Velocity{Value: 19.0 / 3, Normalized: 23.0 / 3, Window: 3, Used: 3, StdDev: math.Sqrt(114.0 / 27),
				Volatility: math.Sqrt(114.0/27) / (19.0 / 3) * 100, Iterations: []int{1, 2, 3}}},
		// Team strength 0 leaves the sprint out of the normalised mean only:
		// raw (6+0+9)/3 = 5, normalised (6+9)/2 = 7.5; variance (1+25+16)/3 = 14.
		{name: "team strength zero", window: 3, points: []float64{6, 0, 9}, strengths: []float64{1, 0, 1},
			want: Velocity{Value: 5, Normalized: 7.5, Window: 3, Used: 3, StdDev: math.Sqrt(14),
				Volatility: math.Sqrt(14) / 5 * 100, Iterations: []int{1, 2, 3}}},
		// Window 4 but only two done sprints: (3+5)/2 = 4, Short; variance 1.
		{name: "window longer than history", window: 4, points: []float64{3, 5},
			want: Velocity{Value: 4, Normalized: 4, Window: 4, Used: 2, Short: true, StdDev: 1,
				Volatility: 25, Iterations: []int{1, 2}}},
		// No done sprint at all.
		{name: "no history", window: 3, points: nil,
			want: Velocity{Window: 3, Short: true}},
		// Empty sprints: mean 0, volatility 0 (not NaN).
		{name: "empty sprints", window: 2, points: []float64{0, 0, 0},
			want: Velocity{Window: 2, Used: 2, Iterations: []int{2, 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ComputeVelocity(Project{VelocityWindow: tt.window}, vSeries(tt.points, tt.strengths))
			w := tt.want
			if !vNear(got.Value, w.Value) || !vNear(got.Normalized, w.Normalized) || !vNear(got.StdDev, w.StdDev) ||
				!vNear(got.Volatility, w.Volatility) || got.Window != w.Window || got.Used != w.Used ||
				got.Short != w.Short || !slices.Equal(got.Iterations, w.Iterations) {
				t.Errorf("got  %+v\nwant %+v", got, w)
			}
		})
	}
}

func TestRollingVelocity(t *testing.T) {
	// Window 2 over 4, 8, 6, 10:
	//   1: mean 4 (only one sprint), sd 0
	//   2: (4+8)/2 = 6, sd 2
	//   3: (8+6)/2 = 7, sd 1
	//   4: (6+10)/2 = 8, sd 2
	got := RollingVelocity(Project{VelocityWindow: 2}, vSeries([]float64{4, 8, 6, 10}, nil))
	want := []struct{ v, sd float64 }{{4, 0}, {6, 2}, {7, 1}, {8, 2}}
	if len(got) != len(want) {
		t.Fatalf("got %d points, want %d (the current iteration must be left out)", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Number != i+1 || g.Velocity != w.v || g.StdDev != w.sd || g.Low != w.v-w.sd || g.High != w.v+w.sd {
			t.Errorf("point %d = %+v, want velocity %v sd %v", i+1, g, w.v, w.sd)
		}
	}
	if got[0].Used != 1 || got[1].Used != 2 {
		t.Errorf("used = %d, %d; want 1, 2", got[0].Used, got[1].Used)
	}
	// The band's low end is floored at 0. 0, 10, 0 with window 3: mean 10/3,
	// squared deviations (100+400+100)/9 over 3 → sd √(200/9) ≈ 4.71, more
	// than the mean, so mean − sd < 0 and Low reads 0.
	wide := RollingVelocity(Project{VelocityWindow: 3}, vSeries([]float64{0, 10, 0}, nil))
	if last := wide[2]; last.Low != 0 || !vNear(last.High, 10.0/3+math.Sqrt(200.0/9)) {
		t.Errorf("wide band = [%v, %v], want [0, %v]", last.Low, last.High, 10.0/3+math.Sqrt(200.0/9))
	}
}
