package sprintlens

import (
	"fmt"
	"math"
)

// ProgressOf turns a value into progress, 0–100 %, for the key result's kind:
//
//   - increase, decrease, percentage: linear from Start (0 %) to Target
//     (100 %), (value−Start)/(Target−Start), which reads the same whichever
//     way the target lies; clamped so overshooting shows 100 % and slipping
//     back past the start shows 0 %.
//   - binary: 100 % once the value is 1, else 0 %.
//   - milestones: value (the number done) over the number of milestones.
func (kr KeyResult) ProgressOf(value float64) float64 {
	switch kr.Kind {
	case KRBinary:
		if value >= 1 {
			return 100
		}
		return 0
	case KRMilestones:
		if len(kr.Milestones) == 0 {
			return 0
		}
		return clampPercent(100 * value / float64(len(kr.Milestones)))
	}
	if kr.Target == kr.Start {
		return 0
	}
	return clampPercent(100 * (value - kr.Start) / (kr.Target - kr.Start))
}

// CurrentValue is the key result's value now: the milestones ticked on the
// key result for milestones, else the latest check-in's value, else the
// start value (a key result nobody has checked in on has made no progress).
func (kr KeyResult) CurrentValue(latest *CheckIn) float64 {
	switch {
	case kr.Kind == KRMilestones:
		n := 0
		for _, m := range kr.Milestones {
			if m.Done {
				n++
			}
		}
		return float64(n)
	case latest != nil:
		return latest.Value
	case kr.Kind == KRBinary:
		return 0
	}
	return kr.Start
}

// Progress is the key result's progress now, 0–100 %.
func (kr KeyResult) Progress(latest *CheckIn) float64 {
	return kr.ProgressOf(kr.CurrentValue(latest))
}

// CheckInProgress is the progress a past check-in recorded, 0–100 %; for
// milestones it counts the ticked MilestonesDone when the check-in has them.
func (kr KeyResult) CheckInProgress(c CheckIn) float64 {
	if kr.Kind == KRMilestones && c.MilestonesDone != nil {
		return kr.ProgressOf(float64(countTrue(c.MilestonesDone)))
	}
	return kr.ProgressOf(c.Value)
}

// KRProgress is one key result's weight and progress, the input of an
// objective's progress.
type KRProgress struct {
	KeyResultID int64
	Weight      float64
	Progress    float64
}

// ObjectiveProgress is the weighted mean of its key results' progress,
// 0–100 %. It fails with ErrInvalid when a weight is not above 0 or there is
// no key result, rather than showing a made-up 0 %.
func ObjectiveProgress(krs []KRProgress) (float64, error) {
	var sum, weights float64
	for _, k := range krs {
		if !finite(k.Weight) || k.Weight <= 0 {
			return 0, Invalid("weight", fmt.Sprintf("key result %d: must be above 0, got %s", k.KeyResultID, fmtNum(k.Weight)))
		}
		sum += k.Weight * clampPercent(k.Progress)
		weights += k.Weight
	}
	if weights == 0 {
		return 0, Invalid("key_results", "the objective has no key results to weigh")
	}
	return sum / weights, nil
}

// SuggestScore proposes an end-of-period score from progress: progress/100
// rounded to one decimal, the usual 0.0–1.0 grading. People may override it.
func SuggestScore(progress float64) float64 {
	return math.Round(clampPercent(progress)/10) / 10
}

// clampPercent keeps a percentage within 0..100 (NaN becomes 0).
func clampPercent(p float64) float64 {
	switch {
	case math.IsNaN(p) || p < 0:
		return 0
	case p > 100:
		return 100
	}
	return p
}
