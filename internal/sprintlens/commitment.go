package sprintlens

import (
	"slices"
	"sort"
)

// This file classifies a story in one iteration from its recorded history:
// the state at time t is the last entry with OccurredAt <= t, and the state
// at an iteration's end is the last entry before its finish.

// inSprint reports whether an entry puts the story in iteration n: work in
// progress always is; otherwise it must be scheduled in n and not accepted.
func inSprint(e *HistoryEntry, n int) bool {
	if e.State.InProgress() {
		return true
	}
	return e.State != Accepted && e.IterationNumber != nil && *e.IterationNumber == n
}

// classifyExact decides the story's part in review i (see the hints in
// review.go). ok is false when the story was neither committed to nor added
// to the iteration.
func (pl *reviewPlan) classifyExact(s *Story, entries []*HistoryEntry, f storyFacts, i int) (rs ReviewStory, ok bool) {
	it := pl.its[i]
	n := it.Number
	si := lastAtOrBefore(entries, it.Start)
	ei := lastBefore(entries, it.Finish)
	if ei < 0 {
		return rs, false
	}
	committed := si >= 0 && inSprint(entries[si], n)
	if !committed && si > 0 && entries[si].State == Accepted && entries[si].OccurredAt.Equal(it.Start) {
		// Accepted at the very instant the sprint began: the acceptance is
		// the sprint's first event, so judge commitment by the state before
		// it and keep the carry-over chain unbroken.
		committed = inSprint(entries[si-1], n)
	}
	inferred := !committed && pl.inferCommitted(s, entries, f, si, i)
	committed = committed || inferred
	end := entries[ei]
	acc := -1
	if end.State == Accepted {
		if j := acceptanceRun(entries, ei); !entries[j].OccurredAt.Before(it.Start) {
			acc = j
		}
	}
	added := false
	if !committed {
		added = acc >= 0
		for _, e := range entries[si+1 : ei+1] {
			if added {
				break
			}
			added = inSprint(e, n)
		}
		if !added {
			return rs, false
		}
	}
	rs = pl.newRow(s)
	rs.Committed, rs.Added, rs.Accepted, rs.Inferred = committed, added, acc >= 0, inferred
	rs.StateAtEnd = end.State
	rs.Points, rs.Estimated = pointsOf(end), end.Estimate != nil
	if rs.Accepted {
		rs.Points, rs.Estimated = pointsOf(entries[acc]), entries[acc].Estimate != nil
	}
	open := pl.inProgress(i)
	if committed {
		// An inferred story may have no entry yet at the start: its first
		// estimate is the nearest to it.
		rs.CommittedPoints = pointsOf(entries[max(si, 0)])
		if !rs.Accepted {
			// Still in flight or still planned here: it rolls on, or stays
			// open while the sprint runs. Anything else (back to the
			// backlog or icebox, deleted) left the sprint.
			still := inSprint(end, n)
			rs.CarriedOver, rs.Open, rs.Removed = still && !open, still && open, !still
		}
	} else if open && !rs.Accepted {
		rs.Open = inSprint(end, n)
	}
	rs.RollCount = pl.rollCount(entries, f.started, it.Start)
	return rs, true
}

// exactCandidates returns, ascending and without repeats, the indices (from
// from on) of iterations the story may belong to: the iteration each entry
// falls in, the iteration an entry schedules it in when that iteration
// starts while the entry is in force, every iteration that starts while
// the story is in progress, and now (the iteration in progress it sits in,
// -1 for none). classifyExact makes the final decision; this only keeps the
// work proportional to the entries and the rows produced.
func (pl *reviewPlan) exactCandidates(entries []*HistoryEntry, from, now int) []int {
	c := pl.scratch[:0]
	if now >= from {
		c = append(c, now)
	}
	for j, e := range entries {
		last := j == len(entries)-1
		// inForce reports whether entry e is the state at iteration k's start.
		inForce := func(k int) bool {
			st := pl.its[k].Start
			return !st.Before(e.OccurredAt) && (last || st.Before(entries[j+1].OccurredAt))
		}
		if i := containingIteration(pl.its, e.OccurredAt); i >= from {
			c = append(c, i)
		}
		if e.State != Accepted && e.IterationNumber != nil {
			if i, ok := pl.byNumber[*e.IterationNumber]; ok && i >= from && inForce(i) {
				c = append(c, i)
			}
		}
		if e.State.InProgress() {
			first := sort.Search(len(pl.its), func(k int) bool { return !pl.its[k].Start.Before(e.OccurredAt) })
			for i := max(from, first); i < len(pl.its) && inForce(i); i++ {
				c = append(c, i)
			}
		}
	}
	slices.Sort(c)
	c = slices.Compact(c)
	pl.scratch = c
	return c
}
