package sprintlens

import "time"

// Hints for estimate calibration. They state the rules Calibrate implements.
const (
	CalibrationHint = "Cycle time (first start to acceptance) of accepted stories, per estimate. " +
		"If estimates track effort, each larger size takes longer than the smaller ones. " + PercentileHint
	CalibrationOverlapHint = "A smaller size overlaps a larger one when its median (p50) cycle time is at least the " +
		"larger size's median: the two sizes take about as long, so one of them is mis-estimated. " +
		"Both sizes need at least 5 accepted stories."
	CalibrationLongTailHint = "A size has a long tail when its p85 is more than twice its p50 (with at least 5 " +
		"accepted stories): some stories of that size hide much more work than the rest."
)

// LongTailFactor is how many times the p50 a size's p85 may reach before
// the size has a long tail.
const LongTailFactor = 2

// CalibrationRow is one estimate's cycle-time spread and its flags.
type CalibrationRow struct {
	Estimate float64
	Count    int
	P50, P85 time.Duration
	// FewSamples is true below MinCycleSamples: no flags are raised then.
	FewSamples bool
	LongTail   bool
	// OverlapsWith lists the larger estimates this one overlaps, ascending.
	OverlapsWith []float64
}

// SizeOverlap is one pair of sizes that take as long as each other.
type SizeOverlap struct {
	Smaller, Larger       float64
	SmallerP50, LargerP50 time.Duration
}

// Calibration is the estimate calibration table.
type Calibration struct {
	Rows     []CalibrationRow
	Overlaps []SizeOverlap
}

// Calibrate builds the calibration table from the cycle-time groups by
// size (as CyclePercentilesBySize returns them, smallest first);
// unestimated groups are left out. Overlaps are listed for every pair of
// sizes, smaller size first, in ascending order.
func Calibrate(groups []CycleGroup) Calibration {
	var c Calibration
	for _, g := range groups {
		if !g.Estimated {
			continue
		}
		row := CalibrationRow{Estimate: g.Estimate, Count: g.Count, P50: g.P50, P85: g.P85,
			FewSamples: g.Count < MinCycleSamples}
		row.LongTail = !row.FewSamples && g.P85 > LongTailFactor*g.P50
		c.Rows = append(c.Rows, row)
	}
	for i := range c.Rows {
		a := &c.Rows[i]
		for j := i + 1; j < len(c.Rows); j++ {
			b := c.Rows[j]
			if a.FewSamples || b.FewSamples || b.Estimate <= a.Estimate || a.P50 < b.P50 {
				continue
			}
			a.OverlapsWith = append(a.OverlapsWith, b.Estimate)
			c.Overlaps = append(c.Overlaps, SizeOverlap{Smaller: a.Estimate, Larger: b.Estimate, SmallerP50: a.P50, LargerP50: b.P50})
		}
	}
	return c
}
