package sprintlens

import (
	"slices"
	"testing"
	"time"
)

func TestCycleTime(t *testing.T) {
	day0 := time.Date(2024, 4, 1, 9, 0, 0, 0, time.UTC)
	day := func(d int) time.Time { return day0.AddDate(0, 0, d) }
	walk := func(states ...StoryState) []HistoryEntry {
		h := make([]HistoryEntry, len(states))
		for i, s := range states {
			h[i] = HistoryEntry{StoryID: 1, OccurredAt: day(i), State: s, Estimate: vEst(2)}
		}
		return h
	}
	reversed := func(h []HistoryEntry) []HistoryEntry { h = slices.Clone(h); slices.Reverse(h); return h }
	twoRejections := walk(Unstarted, Started, Finished, Delivered, Rejected, Started, Finished, Delivered,
		Rejected, Started, Delivered, Accepted)
	tests := []struct {
		name       string
		history    []HistoryEntry
		ok         bool
		duration   time.Duration
		rejections int
		started    time.Time
	}{
		// Started day 1, accepted day 11: 10 days, rejected on days 4 and 8.
		{name: "two rejections", history: twoRejections, ok: true, duration: 10 * 24 * time.Hour, rejections: 2, started: day(1)},
		// Order of the input does not matter.
		{name: "unsorted input", history: reversed(twoRejections), ok: true, duration: 10 * 24 * time.Hour, rejections: 2, started: day(1)},
		// Chore: started day 1, accepted day 2.
		{name: "chore", history: walk(Unstarted, Started, Accepted), ok: true, duration: 24 * time.Hour, started: day(1)},
		// A sync that only saw it finished (day 1): start falls back to that.
		{name: "start not observed", history: walk(Unstarted, Finished, Delivered, Accepted), ok: true, duration: 2 * 24 * time.Hour, started: day(1)},
		// Accepted twice (re-opened in between): the last acceptance, day 5.
		// Started day 1 → 4 days; no rejection.
		{name: "reopened and re-accepted", history: walk(Unstarted, Started, Accepted, Started, Delivered, Accepted), ok: true, duration: 4 * 24 * time.Hour, started: day(1)},
		{name: "not accepted", history: walk(Unstarted, Started, Finished)},
		{name: "reopened, not re-accepted", history: walk(Started, Accepted, Started)},
		{name: "accepted without start", history: walk(Unstarted, Accepted)},
		{name: "empty", history: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, ok := CycleTime(tt.history)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			if info.Duration != tt.duration || info.Rejections != tt.rejections || !info.Started.Equal(tt.started) {
				t.Errorf("got %+v, want duration %v, %d rejections, started %v", info, tt.duration, tt.rejections, tt.started)
			}
		})
	}
}

func TestCyclePercentiles(t *testing.T) {
	d := func(days float64) time.Duration { return time.Duration(days * float64(24*time.Hour)) }
	samples := []CycleSample{
		{Type: Feature, Estimate: 1, Estimated: true, CycleInfo: CycleInfo{Duration: d(1)}},
		{Type: Feature, Estimate: 1, Estimated: true, CycleInfo: CycleInfo{Duration: d(2)}},
		{Type: Feature, Estimate: 3, Estimated: true, CycleInfo: CycleInfo{Duration: d(4)}},
		{Type: Feature, Estimate: 3, Estimated: true, CycleInfo: CycleInfo{Duration: d(3)}},
		{Type: Bug, CycleInfo: CycleInfo{Duration: d(5)}},
	}
	// Features 1, 2, 3, 4 days: p50 rank 1.5 → 2.5 days; p85 rank 2.55 → 3.55.
	// One bug: both percentiles are its 5 days.
	byType := CyclePercentilesByType(samples)
	wantType := []CycleGroup{
		{Type: Bug, Count: 1, P50: d(5), P85: d(5)},
		{Type: Feature, Count: 4, P50: d(2.5), P85: d(3.55)},
	}
	if !slices.Equal(byType, wantType) {
		t.Errorf("by type = %+v\nwant %+v", byType, wantType)
	}
	// 1 point: 1, 2 days → p50 1.5, p85 1 + 0.85 = 1.85. 3 points: 3, 4 →
	// 3.5 and 3.85. Unestimated (the bug) last.
	bySize := CyclePercentilesBySize(samples)
	wantSize := []CycleGroup{
		{Estimate: 1, Estimated: true, Count: 2, P50: d(1.5), P85: d(1.85)},
		{Estimate: 3, Estimated: true, Count: 2, P50: d(3.5), P85: d(3.85)},
		{Count: 1, P50: d(5), P85: d(5)},
	}
	if !slices.Equal(bySize, wantSize) {
		t.Errorf("by size = %+v\nwant %+v", bySize, wantSize)
	}
}

func TestCycleSamples(t *testing.T) {
	t0 := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	history := []HistoryEntry{
		{StoryID: 2, OccurredAt: t0.Add(5 * time.Hour), State: Accepted},
		{StoryID: 1, OccurredAt: t0, State: Started},
		{StoryID: 2, OccurredAt: t0, State: Started},
		{StoryID: 1, OccurredAt: t0.Add(2 * time.Hour), State: Accepted},
		{StoryID: 3, OccurredAt: t0, State: Started},
	}
	stories := []Story{
		{ID: 1, Type: Feature, Estimate: vEst(2)},
		{ID: 2, Type: Chore},
		{ID: 3, Type: Feature}, // still started: no sample
	}
	got := CycleSamples(stories, history)
	if len(got) != 2 || got[0].StoryID != 1 || got[0].Duration != 2*time.Hour || !got[0].Estimated ||
		got[1].StoryID != 2 || got[1].Duration != 5*time.Hour || got[1].Type != Chore {
		t.Errorf("samples = %+v", got)
	}
}
