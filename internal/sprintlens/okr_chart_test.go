package sprintlens

import (
	"slices"
	"testing"
	"time"
)

func TestIdealLine(t *testing.T) {
	p, _ := QuarterPeriod(2026, 4, mustTokyo(t))
	tests := []struct {
		name     string
		kr       KeyResult
		from, to float64
	}{
		{"decrease", KeyResult{Kind: KRDecrease, Start: 800, Target: 300}, 800, 300},
		{"increase", KeyResult{Kind: KRIncrease, Start: 2, Target: 12}, 2, 12},
		{"binary", KeyResult{Kind: KRBinary, Start: 9, Target: 9}, 0, 1},
		{"milestones", KeyResult{Kind: KRMilestones, Milestones: milestones(true, false, false)}, 0, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := []ValuePoint{{At: p.Start, Value: tt.from}, {At: p.End, Value: tt.to}}
			if got := IdealLine(tt.kr, p); !slices.Equal(got, want) {
				t.Errorf("IdealLine = %v, want %v", got, want)
			}
		})
	}
}

func TestValueSeries(t *testing.T) {
	at := time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC)
	cs := []CheckIn{
		{ID: 4, At: at.AddDate(0, 0, 14), Value: 610},
		{ID: 2, At: at, Value: 790},
		{ID: 3, At: at.AddDate(0, 0, 7), Value: 700},
		{ID: 5, At: at.AddDate(0, 0, 7), Value: 690}, // a correction the same moment: both kept, in append order
	}
	got := ValueSeries(KeyResult{Kind: KRDecrease}, cs)
	want := []ValuePoint{
		{at, 790}, {at.AddDate(0, 0, 7), 700}, {at.AddDate(0, 0, 7), 690}, {at.AddDate(0, 0, 14), 610},
	}
	if !slices.Equal(got, want) {
		t.Errorf("ValueSeries = %v, want %v", got, want)
	}
	if cs[0].ID != 4 {
		t.Error("ValueSeries reordered its input")
	}
	ms := ValueSeries(KeyResult{Kind: KRMilestones, Milestones: milestones(false, false)},
		[]CheckIn{{At: at, Value: 0, MilestonesDone: []bool{true, true}}})
	if len(ms) != 1 || ms[0].Value != 2 {
		t.Errorf("milestones series = %v, want the ticked count 2", ms)
	}
}
