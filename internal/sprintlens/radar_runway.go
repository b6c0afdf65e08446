package sprintlens

import (
	"sort"
	"time"
)

// readyPointsAt returns, for each review (in order), the ready backlog's
// points as RadarRunwayHint defines them: at a done sprint's end from the
// history, for the current sprint from the stories as they are now. It is
// nil for sprints that start before the earliest recorded history entry.
//
// Each history entry is in force over [its time, the next entry's time);
// a ready entry adds its points to every sprint end in that span, found by
// binary search and spread with a difference array, so the cost is
// O(H log I + I) rather than a lookup per story and sprint.
func readyPointsAt(d ProjectData, reviews []Review, limit float64, now time.Time) []*float64 {
	out := make([]*float64, len(reviews))
	var firstExact time.Time
	for _, e := range d.History {
		if e.Source != Reconstructed && (firstExact.IsZero() || e.OccurredAt.Before(firstExact)) {
			firstExact = e.OccurredAt
		}
	}
	var doneIdx []int // indexes of done reviews, by finish
	for i, r := range reviews {
		if iterationDone(d.Project, r.Iteration) {
			doneIdx = append(doneIdx, i)
		}
	}
	sort.SliceStable(doneIdx, func(a, b int) bool {
		return reviews[doneIdx[a]].Iteration.Finish.Before(reviews[doneIdx[b]].Iteration.Finish)
	})
	finish := func(k int) time.Time { return reviews[doneIdx[k]].Iteration.Finish }
	firstAfter := func(t time.Time) int {
		return sort.Search(len(doneIdx), func(k int) bool { return finish(k).After(t) })
	}
	diff := make([]float64, len(doneIdx)+1)
	byStory := groupHistory(d.History)
	var nowReady float64
	for i := range d.Stories {
		s := &d.Stories[i]
		if s.Type == Release || !CountsTowardVelocity(d.Project, s.Type) {
			continue
		}
		if readyState(s.State, s.Estimate, limit) {
			nowReady += s.Points()
		}
		entries := byStory[s.ID]
		for j, e := range entries {
			if !readyState(e.State, e.Estimate, limit) {
				continue
			}
			lo, hi := firstAfter(e.OccurredAt), len(doneIdx)
			if j+1 < len(entries) {
				hi = firstAfter(entries[j+1].OccurredAt)
			}
			if lo < hi {
				diff[lo] += *e.Estimate
				diff[hi] -= *e.Estimate
			}
		}
	}
	var run float64
	for k, i := range doneIdx {
		run += diff[k]
		if !firstExact.IsZero() && !reviews[i].Iteration.Start.Before(firstExact) {
			v := run
			out[i] = &v
		}
	}
	for i, r := range reviews {
		if !iterationDone(d.Project, r.Iteration) && !r.Iteration.Start.After(now) {
			v := nowReady
			out[i] = &v
		}
	}
	return out
}

// readyState reports whether a story in this state with this estimate is
// ready work: unstarted in the current sprint or backlog, estimated, and
// at or below the size limit.
func readyState(st StoryState, estimate *float64, limit float64) bool {
	return (st == Unstarted || st == Planned) && estimate != nil && *estimate > 0 && *estimate <= limit
}
