package sprintlens

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// DeliveryProgress sums the Tracker stories linked to a key result (through
// its labels and epics). Release markers are left out: they carry no work.
type DeliveryProgress struct {
	AcceptedPoints float64
	TotalPoints    float64
	AcceptedCount  int
	TotalCount     int
	// Unestimated counts linked stories without an estimate (bugs, chores).
	Unestimated int
	// CarriedOver counts linked stories not yet accepted that the
	// carry-over metric marked as carried past the end of a sprint;
	// CarriedOverPoints are their points.
	CarriedOver       int
	CarriedOverPoints float64
}

// LinkedDelivery sums the linked stories (a story reached through both a
// label and an epic is counted once). carriedOver holds the IDs of stories
// the carry-over metric found carried past a sprint end, so there is one
// definition of carry-over; nil means none known.
func LinkedDelivery(linked []Story, carriedOver map[int64]bool) DeliveryProgress {
	var d DeliveryProgress
	seen := make(map[[2]int64]bool, len(linked))
	for _, s := range linked {
		key := [2]int64{s.ProjectID, s.ID}
		if s.Type == Release || seen[key] {
			continue
		}
		seen[key] = true
		d.TotalCount++
		d.TotalPoints += s.Points()
		if !s.Estimated() {
			d.Unestimated++
		}
		if s.State == Accepted {
			d.AcceptedCount++
			d.AcceptedPoints += s.Points()
		} else if carriedOver[s.ID] {
			d.CarriedOver++
			d.CarriedOverPoints += s.Points()
		}
	}
	return d
}

// Percent is the share of linked work accepted, 0–100: by points when any
// linked story is estimated, else by count. ok is false with no linked stories.
func (d DeliveryProgress) Percent() (pct float64, ok bool) {
	switch {
	case d.TotalCount == 0:
		return 0, false
	case d.TotalPoints > 0:
		return 100 * d.AcceptedPoints / d.TotalPoints, true
	}
	return 100 * float64(d.AcceptedCount) / float64(d.TotalCount), true
}

// DivergenceKind names a mismatch between delivered work and the outcome.
type DivergenceKind string

// Divergence kinds.
const (
	DeliveryDoneOutcomeFlat   DivergenceKind = "delivery_done_outcome_flat"
	OutcomeMovingNoLinkedWork DivergenceKind = "outcome_moving_no_linked_work"
	LinkedWorkAfterPeriod     DivergenceKind = "linked_work_after_period"
)

// Divergence thresholds, in percent and percentage points of progress.
const (
	// DeliveryDoneMinPercent is the delivery share that counts as done.
	DeliveryDoneMinPercent = 90.0
	// OutcomeMoveMinPoints is the smallest change of progress over the
	// recent check-ins that counts as moving; less counts as flat.
	OutcomeMoveMinPoints = 10.0
	// OutcomeLowProgress is the progress below which a done delivery diverges whatever the trend.
	OutcomeLowProgress = 25.0
	// DivergenceCheckIns is how many recent check-ins the trend looks at.
	DivergenceCheckIns = 3
)

// Hints for the divergence alerts; tests keep their numbers in step with the thresholds.
const (
	HintDeliveryDoneOutcomeFlat = "Delivery done, outcome flat: linked work is at least 90 % accepted but progress moved less than " +
		"10 points over the last 3 check-ins, or is below 25 %."
	HintOutcomeMovingNoLinkedWork = "Outcome moving without linked work: progress moved 10 points or more over the last 3 check-ins " +
		"but no label or epic with stories is linked."
	HintLinkedWorkAfterPeriod = "Linked work after the period: the forecast finish of the linked work falls after the period ends."
)

// Hint returns the sentence that defines k.
func (k DivergenceKind) Hint() string {
	switch k {
	case DeliveryDoneOutcomeFlat:
		return HintDeliveryDoneOutcomeFlat
	case OutcomeMovingNoLinkedWork:
		return HintOutcomeMovingNoLinkedWork
	case LinkedWorkAfterPeriod:
		return HintLinkedWorkAfterPeriod
	}
	return ""
}

// Divergence is one alert that delivery and outcome tell different stories.
type Divergence struct {
	Kind    DivergenceKind
	Message string
}

// Divergences compares a key result's outcome with its linked delivery.
// progress is the key result's current progress (0–100); recentCheckIns are
// its latest check-ins in any order (only the last DivergenceCheckIns
// count); forecastFinish is when the linked work is forecast to be accepted,
// nil when unknown or already done.
//
// The trend is the progress of the newest of those check-ins minus the
// oldest; with a single check-in it is measured from the start value (0 %).
func Divergences(kr KeyResult, progress float64, delivery DeliveryProgress, forecastFinish *time.Time,
	p Period, recentCheckIns []CheckIn) []Divergence {
	var out []Divergence
	move, n := progressMove(kr, recentCheckIns)
	over := fmt.Sprintf("over the last %d check-ins", n)
	if n == 1 {
		over = "since the start"
	}

	if pct, ok := delivery.Percent(); ok && pct >= DeliveryDoneMinPercent {
		flat := n > 0 && move < OutcomeMoveMinPoints
		if low := progress < OutcomeLowProgress; low || flat {
			why := fmt.Sprintf("progress is only %.0f %%", progress)
			if flat {
				why = fmt.Sprintf("progress moved %+.0f points %s and is at %.0f %%", move, over, progress)
			}
			out = append(out, Divergence{Kind: DeliveryDoneOutcomeFlat, Message: fmt.Sprintf(
				"Linked work is %.0f %% accepted (%s) but %s: is this the right work for the result?",
				pct, delivery.summary(), why)})
		}
	}

	if n > 0 && math.Abs(move) >= OutcomeMoveMinPoints && (!kr.HasLinks() || delivery.TotalCount == 0) {
		why := "no label or epic is linked to it"
		if kr.HasLinks() {
			why = "its linked labels and epics have no stories"
		}
		out = append(out, Divergence{Kind: OutcomeMovingNoLinkedWork, Message: fmt.Sprintf(
			"Progress moved %+.0f points %s but %s: link the work that moves it.", move, over, why)})
	}

	if forecastFinish != nil && !forecastFinish.Before(p.End) {
		loc := p.Start.Location()
		out = append(out, Divergence{Kind: LinkedWorkAfterPeriod, Message: fmt.Sprintf(
			"Linked work is forecast to finish on %s, after period %s ends on %s.",
			forecastFinish.In(loc).Format(time.DateOnly), p.Key, p.LastDay().Format(time.DateOnly))})
	}
	return out
}

// progressMove returns the change of progress over the last
// DivergenceCheckIns check-ins and how many were used.
func progressMove(kr KeyResult, checkIns []CheckIn) (move float64, n int) {
	sorted := slices.Clone(checkIns)
	sortCheckIns(sorted)
	if len(sorted) > DivergenceCheckIns {
		sorted = sorted[len(sorted)-DivergenceCheckIns:]
	}
	switch len(sorted) {
	case 0:
		return 0, 0
	case 1:
		return kr.CheckInProgress(sorted[0]), 1
	}
	return kr.CheckInProgress(sorted[len(sorted)-1]) - kr.CheckInProgress(sorted[0]), len(sorted)
}

// summary is "19 of 20 points" or "4 of 5 stories", matching Percent's basis.
func (d DeliveryProgress) summary() string {
	if d.TotalPoints > 0 {
		return fmt.Sprintf("%s of %s points", fmtNum(d.AcceptedPoints), fmtNum(d.TotalPoints))
	}
	return fmt.Sprintf("%d of %d stories", d.AcceptedCount, d.TotalCount)
}
