package sprintlens

import (
	"errors"
	"testing"
)

func milestones(done ...bool) []Milestone {
	ms := make([]Milestone, len(done))
	for i, d := range done {
		ms[i] = Milestone{Title: "step", Done: d}
	}
	return ms
}

func TestProgressOf(t *testing.T) {
	incr := KeyResult{Kind: KRIncrease, Start: 20, Target: 70}
	decr := KeyResult{Kind: KRDecrease, Start: 800, Target: 300}
	pct := KeyResult{Kind: KRPercentage, Start: 99, Target: 99.9}
	pctDown := KeyResult{Kind: KRPercentage, Start: 40, Target: 10}
	binary := KeyResult{Kind: KRBinary}
	ms := KeyResult{Kind: KRMilestones, Milestones: milestones(false, false, false, false)}
	tests := []struct {
		name  string
		kr    KeyResult
		value float64
		want  float64
	}{
		{"increase at start", incr, 20, 0},
		{"increase midway", incr, 45, 50},
		{"increase at target", incr, 70, 100},
		{"increase below start clamps to 0", incr, 5, 0},
		{"increase above target clamps to 100", incr, 90, 100},
		{"decrease at start", decr, 800, 0},
		{"decrease 40%", decr, 600, 40},
		{"decrease at target", decr, 300, 100},
		{"decrease worse than start clamps to 0", decr, 900, 0},
		{"decrease beyond target clamps to 100", decr, 250, 100},
		{"percentage 99.45 of 99..99.9", pct, 99.45, 50},
		{"percentage over target clamps", pct, 100, 100},
		{"percentage downward", pctDown, 25, 50},
		{"binary not done", binary, 0, 0},
		{"binary done", binary, 1, 100},
		{"milestones none", ms, 0, 0},
		{"milestones 1 of 4", ms, 1, 25},
		{"milestones 3 of 4", ms, 3, 75},
		{"milestones all", ms, 4, 100},
		{"milestones without any", KeyResult{Kind: KRMilestones}, 2, 0},
		{"target equal to start makes no progress", KeyResult{Kind: KRIncrease, Start: 24, Target: 24}, 30, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.kr.ProgressOf(tt.value); !near(got, tt.want) {
				t.Errorf("ProgressOf(%v) = %v, want %v", tt.value, got, tt.want)
			}
		})
	}
}

func TestProgressFromLatest(t *testing.T) {
	incr := KeyResult{Kind: KRIncrease, Start: 10, Target: 20}
	tests := []struct {
		name   string
		kr     KeyResult
		latest *CheckIn
		value  float64
		want   float64
	}{
		{"no check-in is the start value", incr, nil, 10, 0},
		{"latest value", incr, &CheckIn{Value: 13}, 13, 30},
		{"binary without check-in", KeyResult{Kind: KRBinary, Start: 5, Target: 9}, nil, 0, 0},
		// Milestones read the ticks on the key result, not the check-in value.
		{"milestones from key result", KeyResult{Kind: KRMilestones, Milestones: milestones(true, false, true, false, false)},
			&CheckIn{Value: 5}, 2, 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.kr.CurrentValue(tt.latest); got != tt.value {
				t.Errorf("CurrentValue = %v, want %v", got, tt.value)
			}
			if got := tt.kr.Progress(tt.latest); !near(got, tt.want) {
				t.Errorf("Progress = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCheckInProgressMilestones(t *testing.T) {
	kr := KeyResult{Kind: KRMilestones, Milestones: milestones(false, false, false, false)}
	if got := kr.CheckInProgress(CheckIn{Value: 1, MilestonesDone: []bool{true, true, false, true}}); got != 75 {
		t.Errorf("with ticks = %v, want 75", got)
	}
	if got := kr.CheckInProgress(CheckIn{Value: 1}); got != 25 {
		t.Errorf("by value = %v, want 25", got)
	}
}

func TestObjectiveProgress(t *testing.T) {
	tests := []struct {
		name string
		krs  []KRProgress
		want float64
	}{
		{"single", []KRProgress{{1, 1, 40}}, 40},
		{"equal weights", []KRProgress{{1, 1, 40}, {2, 1, 80}}, 60},
		// (3*20 + 1*100) / 4 = 40
		{"weighted", []KRProgress{{1, 3, 20}, {2, 1, 100}}, 40},
		// (0.5*50 + 1.5*10 + 2*100) / 4 = (25 + 15 + 200) / 4 = 60
		{"fractional weights", []KRProgress{{1, 0.5, 50}, {2, 1.5, 10}, {3, 2, 100}}, 60},
		{"out-of-range progress is clamped", []KRProgress{{1, 1, 150}, {2, 1, -20}}, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ObjectiveProgress(tt.krs)
			if err != nil {
				t.Fatal(err)
			}
			if !near(got, tt.want) {
				t.Errorf("= %v, want %v", got, tt.want)
			}
		})
	}
}

func TestObjectiveProgressErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		krs  []KRProgress
	}{
		{"no key results", nil},
		{"zero weight", []KRProgress{{1, 1, 50}, {2, 0, 50}}},
		{"negative weight", []KRProgress{{1, -1, 50}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ObjectiveProgress(tt.krs); !errors.Is(err, ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestSuggestScore(t *testing.T) {
	for _, tt := range []struct{ progress, want float64 }{
		{0, 0}, {34, 0.3}, {35, 0.4}, {70, 0.7}, {100, 1}, {130, 1}, {-5, 0},
	} {
		got := SuggestScore(tt.progress)
		if !near(got, tt.want) {
			t.Errorf("SuggestScore(%v) = %v, want %v", tt.progress, got, tt.want)
		}
		if err := ValidateScore(got); err != nil {
			t.Errorf("suggested score %v fails validation: %v", got, err)
		}
	}
}
