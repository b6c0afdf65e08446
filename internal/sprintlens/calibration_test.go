package sprintlens

import (
	"slices"
	"testing"
	"time"
)

func TestCalibrate(t *testing.T) {
	day := 24 * time.Hour
	size := func(est float64, n int, p50, p85 float64) CycleGroup {
		return CycleGroup{Estimate: est, Estimated: true, Count: n,
			P50: time.Duration(p50 * float64(day)), P85: time.Duration(p85 * float64(day))}
	}
	groups := []CycleGroup{
		size(1, 6, 1, 1.5),
		size(2, 5, 2, 5), // p85 5 > 2 × 2: long tail
		size(3, 8, 3, 6), // p85 exactly 2 × p50: not a long tail; p50 3 ≥ the 5s' 3: overlap
		size(5, 5, 3, 4),
		size(8, 2, 1, 9),                   // two samples: no flags either way
		{Count: 7, P50: day, P85: 2 * day}, // unestimated: not a size
	}
	c := Calibrate(groups)
	var ests []float64
	for _, r := range c.Rows {
		ests = append(ests, r.Estimate)
	}
	if !slices.Equal(ests, []float64{1, 2, 3, 5, 8}) {
		t.Fatalf("rows = %v, want the five estimated sizes", ests)
	}
	for _, r := range c.Rows {
		wantTail := r.Estimate == 2
		wantFew := r.Estimate == 8
		var wantOverlap []float64
		if r.Estimate == 3 {
			wantOverlap = []float64{5}
		}
		if r.LongTail != wantTail || r.FewSamples != wantFew || !slices.Equal(r.OverlapsWith, wantOverlap) {
			t.Errorf("size %v = %+v, want long tail %v, few %v, overlaps %v", r.Estimate, r, wantTail, wantFew, wantOverlap)
		}
	}
	want := []SizeOverlap{{Smaller: 3, Larger: 5, SmallerP50: 3 * day, LargerP50: 3 * day}}
	if !slices.Equal(c.Overlaps, want) {
		t.Errorf("overlaps = %+v, want %+v", c.Overlaps, want)
	}
}

func TestCalibrateFromSamples(t *testing.T) {
	// Five 1-pointers of 2 days and five 2-pointers of 1 day: the 1s take
	// longer than the 2s (p50 2 days ≥ 1 day).
	var samples []CycleSample
	for i := range 10 {
		est, d := 1.0, 48*time.Hour
		if i >= 5 {
			est, d = 2, 24*time.Hour
		}
		samples = append(samples, CycleSample{StoryID: int64(i), Type: Feature, Estimate: est, Estimated: true,
			CycleInfo: CycleInfo{Duration: d}})
	}
	c := Calibrate(CyclePercentilesBySize(samples))
	if len(c.Overlaps) != 1 || c.Overlaps[0].Smaller != 1 || c.Overlaps[0].Larger != 2 || c.Rows[0].Count != 5 {
		t.Fatalf("calibration = %+v", c)
	}
}
