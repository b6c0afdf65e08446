package sprintlens

import (
	"slices"
	"time"
)

// ValuePoint is one point of a key result chart: a value at a moment.
type ValuePoint struct {
	At    time.Time
	Value float64
}

// IdealLine is the straight line a key result chart compares against: the
// start value at the period's start to the target at its end. Binary runs
// 0 → 1 and milestones 0 → the number of milestones, the values their
// check-ins record.
func IdealLine(kr KeyResult, p Period) []ValuePoint {
	from, to := kr.Start, kr.Target
	switch kr.Kind {
	case KRBinary:
		from, to = 0, 1
	case KRMilestones:
		from, to = 0, float64(len(kr.Milestones))
	}
	return []ValuePoint{{At: p.Start, Value: from}, {At: p.End, Value: to}}
}

// ValueSeries is the recorded values in time order, one point per check-in
// (all of them: history is never rewritten, so the line shows every reading).
// Ties keep the store's append order by ID.
func ValueSeries(kr KeyResult, checkIns []CheckIn) []ValuePoint {
	sorted := slices.Clone(checkIns)
	sortCheckIns(sorted)
	points := make([]ValuePoint, 0, len(sorted))
	for _, c := range sorted {
		v := c.Value
		if kr.Kind == KRMilestones && c.MilestonesDone != nil {
			v = float64(countTrue(c.MilestonesDone))
		}
		points = append(points, ValuePoint{At: c.At, Value: v})
	}
	return points
}

// sortCheckIns orders check-ins oldest first, by At then ID.
func sortCheckIns(cs []CheckIn) {
	slices.SortStableFunc(cs, func(a, b CheckIn) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
}
