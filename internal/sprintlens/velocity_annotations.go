package sprintlens

import (
	"cmp"
	"slices"
	"time"
)

// AnnotationsHint explains the markers on the velocity chart.
const AnnotationsHint = "Markers show what can bend velocity: a story re-estimated after work on it started, " +
	"a team-strength change from one sprint to the next, and a change of the number of sprints averaged."

// AnnotationKind says what an annotation marks.
type AnnotationKind string

// Annotation kinds.
const (
	// AnnotationReestimate: a story's estimate changed after it first started.
	AnnotationReestimate AnnotationKind = "reestimate"
	// AnnotationTeamStrength: team strength differs from the iteration before.
	AnnotationTeamStrength AnnotationKind = "team_strength"
	// AnnotationWindowChange: the project's velocity window was changed.
	AnnotationWindowChange AnnotationKind = "velocity_window"
)

// WindowChange records a change of Project.VelocityWindow (from the audit
// trail of settings, which lives outside this package).
type WindowChange struct {
	At       time.Time
	From, To int
}

// Annotation is one marker on the velocity chart.
type Annotation struct {
	Kind AnnotationKind
	// Iteration is the number of the iteration the event falls in (for a
	// team-strength change, the later of the two), 0 when outside them all.
	Iteration int
	At        time.Time
	// StoryID is set for re-estimates.
	StoryID int64
	// From and To are the old and new estimate, team strength or window
	// (an unestimated story reads as 0).
	From, To float64
}

// VelocityAnnotations lists the chart's annotations ordered by time. history
// may hold many stories in any order; it is sorted once and not modified.
func VelocityAnnotations(iterations []Iteration, history []HistoryEntry, windowChanges []WindowChange) []Annotation {
	its := slices.Clone(iterations)
	slices.SortFunc(its, func(a, b Iteration) int { return a.Start.Compare(b.Start) })
	number := func(t time.Time) int {
		if i := containingIteration(its, t); i >= 0 {
			return its[i].Number
		}
		return 0
	}
	var out []Annotation
	for id, entries := range groupHistory(history) {
		started := firstStart(entries)
		if started < 0 {
			continue
		}
		for j := started + 1; j < len(entries); j++ {
			prev, e := entries[j-1], entries[j]
			if sameEstimate(prev.Estimate, e.Estimate) {
				continue
			}
			out = append(out, Annotation{
				Kind: AnnotationReestimate, Iteration: number(e.OccurredAt), At: e.OccurredAt,
				StoryID: id, From: pointsOf(prev), To: pointsOf(e),
			})
		}
	}
	byNumber := slices.Clone(its)
	slices.SortFunc(byNumber, func(a, b Iteration) int { return cmp.Compare(a.Number, b.Number) })
	for i := 1; i < len(byNumber); i++ {
		prev, it := byNumber[i-1], byNumber[i]
		if prev.TeamStrength != it.TeamStrength {
			out = append(out, Annotation{
				Kind: AnnotationTeamStrength, Iteration: it.Number, At: it.Start,
				From: prev.TeamStrength, To: it.TeamStrength,
			})
		}
	}
	for _, w := range windowChanges {
		out = append(out, Annotation{
			Kind: AnnotationWindowChange, Iteration: number(w.At), At: w.At,
			From: float64(w.From), To: float64(w.To),
		})
	}
	slices.SortStableFunc(out, func(a, b Annotation) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		return cmp.Compare(a.StoryID, b.StoryID)
	})
	return out
}

func sameEstimate(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}
