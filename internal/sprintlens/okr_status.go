package sprintlens

import (
	"fmt"
	"time"
)

// KRStatus says whether a key result looks likely to reach its target.
type KRStatus string

// Key result statuses.
const (
	OnTrack  KRStatus = "on_track"
	AtRisk   KRStatus = "at_risk"
	OffTrack KRStatus = "off_track"
)

// Status thresholds. The gap is expected progress minus progress, in
// percentage points; confidence is the latest check-in's (0–10).
const (
	// OnTrackMaxGap is the largest gap still on track.
	OnTrackMaxGap = 10.0
	// OffTrackMinGap is the gap beyond which a key result is off track.
	OffTrackMinGap = 25.0
	// OnTrackMinConfidence is the lowest confidence still on track.
	OnTrackMinConfidence = 7
	// OffTrackMaxConfidence is the highest confidence that means off track.
	OffTrackMaxConfidence = 3
	// DefaultCheckInMaxAge is how old the latest check-in may get before a
	// key result is marked outdated: the team checks in once a sprint.
	DefaultCheckInMaxAge = 7 * 24 * time.Hour
)

// Hints explain each definition in one sentence, for tooltips and legends.
// Tests keep their numbers in step with the constants above.
const (
	HintKRProgress = "Progress: how far the latest value has moved from the start value to the target, " +
		"0 to 100 % (overshooting counts as 100 %); binary results are 0 or 100 %, milestones count the ones done."
	HintObjectiveProgress = "Objective progress: the mean of its key results' progress, each weighted by its weight."
	HintExpectedProgress  = "Expected: where a straight line from 0 % at the period's first day to 100 % at its end would be today."
	HintOnTrack           = "On track: progress is at most 10 points behind expected and the latest confidence is 7 or more (or nobody has checked in yet)."
	HintAtRisk            = "At risk: neither on track nor off track: more than 10 and at most 25 points behind expected, or confidence 4 to 6."
	HintOffTrack          = "Off track: progress is more than 25 points behind expected, or the latest confidence is 3 or less."
	HintOutdated          = "Outdated: the latest check-in is more than 7 days old, or nobody has checked in and the period started more than 7 days ago."
	HintScore             = "Score: the end-of-period grade from 0.0 (no progress) to 1.0 (target met), with a retro note."
)

// HintOutdatedFor is HintOutdated for a configured maximum age.
func HintOutdatedFor(maxAge time.Duration) string {
	if maxAge <= 0 {
		maxAge = DefaultCheckInMaxAge
	}
	age := maxAge.String()
	if days := maxAge / (24 * time.Hour); maxAge%(24*time.Hour) == 0 {
		age = fmt.Sprintf("%d days", days)
		if days == 1 {
			age = "1 day"
		}
	}
	return fmt.Sprintf("Outdated: the latest check-in is more than %s old, "+
		"or nobody has checked in and the period started more than %s ago.", age, age)
}

// Hint returns the sentence that defines s.
func (s KRStatus) Hint() string {
	switch s {
	case OnTrack:
		return HintOnTrack
	case AtRisk:
		return HintAtRisk
	case OffTrack:
		return HintOffTrack
	}
	return ""
}

// Label is the status as a page shows it.
func (s KRStatus) Label() string {
	switch s {
	case OnTrack:
		return "On track"
	case AtRisk:
		return "At risk"
	case OffTrack:
		return "Off track"
	}
	return string(s)
}

// StatusOf grades progress against expected progress (both 0–100) and the
// latest confidence (nil when nobody has checked in):
//
//	gap = expected − progress
//	off track if gap > OffTrackMinGap or confidence ≤ OffTrackMaxConfidence
//	on track  if gap ≤ OnTrackMaxGap and (no confidence or confidence ≥ OnTrackMinConfidence)
//	at risk   otherwise
//
// Being ahead of the line (a negative gap) counts as no gap.
func StatusOf(progress, expected float64, confidence *int) KRStatus {
	gap := expected - progress
	if gap > OffTrackMinGap || (confidence != nil && *confidence <= OffTrackMaxConfidence) {
		return OffTrack
	}
	if gap <= OnTrackMaxGap && (confidence == nil || *confidence >= OnTrackMinConfidence) {
		return OnTrack
	}
	return AtRisk
}

// Outdated reports whether a check-in made at last is too old at now: older
// than maxAge, strictly, so a weekly check-in made at the same hour a week
// later is still fresh. maxAge ≤ 0 means DefaultCheckInMaxAge.
func Outdated(now, last time.Time, maxAge time.Duration) bool {
	if maxAge <= 0 {
		maxAge = DefaultCheckInMaxAge
	}
	return now.Sub(last) > maxAge
}

// KeyResultOutdated reports whether a key result needs a check-in at now.
// With no check-in ever, the period's start stands in for the last one, so
// a new key result is not nagged about in its first week. A closed or ended
// period never needs a check-in (none can be added any more; scoring is due).
func KeyResultOutdated(now time.Time, p Period, latest *CheckIn, maxAge time.Duration) bool {
	if p.Closed || !now.Before(p.End) || now.Before(p.Start) {
		return false
	}
	if latest == nil {
		return Outdated(now, p.Start, maxAge)
	}
	return Outdated(now, latest.At, maxAge)
}

// LatestCheckIn returns the newest check-in by At (the higher ID on a tie,
// as the store appends in order), or nil when there is none.
func LatestCheckIn(checkIns []CheckIn) *CheckIn {
	var latest *CheckIn
	for i := range checkIns {
		c := &checkIns[i]
		if latest == nil || c.At.After(latest.At) || (c.At.Equal(latest.At) && c.ID > latest.ID) {
			latest = c
		}
	}
	return latest
}

// KRSummary is what an OKR page shows for one key result at a moment.
type KRSummary struct {
	Latest   *CheckIn
	Value    float64
	Progress float64
	Expected float64
	Status   KRStatus
	Outdated bool
}

// SummarizeKR computes a key result's value, progress, expected progress,
// status and outdated flag at now from its check-ins (any order).
func SummarizeKR(kr KeyResult, p Period, checkIns []CheckIn, now time.Time, maxAge time.Duration) KRSummary {
	latest := LatestCheckIn(checkIns)
	s := KRSummary{
		Latest:   latest,
		Value:    kr.CurrentValue(latest),
		Progress: kr.Progress(latest),
		Expected: p.ExpectedProgress(now),
		Outdated: KeyResultOutdated(now, p, latest, maxAge),
	}
	var confidence *int
	if latest != nil {
		c := latest.Confidence
		confidence = &c
	}
	s.Status = StatusOf(s.Progress, s.Expected, confidence)
	return s
}
