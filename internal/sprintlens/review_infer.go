package sprintlens

import "time"

// Inferred planning (InferredHint). The Tracker API gives a story's states
// over time but never the iteration it was scheduled in. The syncer learns
// scheduling only from what it observes itself (entries from source "sync",
// from its first run on); work and acceptances carry the iteration running
// at the time, which says nothing about the plan. So in a sprint that
// started before the first observation, a story merely waiting in the
// backlog at the start looks unplanned, and work begun during the sprint
// would all read as added.
//
// Where scheduling at the start of iteration n = [S, F) is unknown (S is
// before the project's first observation and none of the story's entries
// up to S records an iteration for a waiting story), the story is taken as
// committed to n when it was created before S, was neither accepted nor in
// the icebox at S, and
//
//   - work on it began in n: its first move into started, finished,
//     delivered or accepted falls in [S, F); or
//   - n is the iteration in progress and the story sits in it now
//     (Story.IterationNumber == n).
//
// Recorded scheduling, where present, stays authoritative. Everything else
// follows commitment.go unchanged: stories created at or after S that enter
// n are added, and work in flight at S is committed. So a story started in
// 10 and accepted in 12 is committed to 10 (inferred), in flight at the
// starts of 11 and 12, carried over 10 → 11 → 12 and accepted in 12 with a
// roll count of 2.

// storyFacts are the entry indices classification needs, found once per
// story (-1 when there is none).
type storyFacts struct {
	// started is the first in-progress entry.
	started int
	// work is the first in-progress or accepted entry.
	work int
	// scheduled is the first entry that records scheduling.
	scheduled int
}

func factsOf(entries []*HistoryEntry) storyFacts {
	f := storyFacts{started: -1, work: -1, scheduled: -1}
	for i, e := range entries {
		if f.started < 0 && e.State.InProgress() {
			f.started = i
		}
		if f.work < 0 && (e.State.InProgress() || e.State == Accepted) {
			f.work = i
		}
		if f.scheduled < 0 && recordsScheduling(e) {
			f.scheduled = i
		}
	}
	return f
}

// recordsScheduling reports whether e says which iteration a waiting story
// was planned in. The iteration on work and acceptances does not: the
// syncer derives it from the time.
func recordsScheduling(e *HistoryEntry) bool {
	return e.IterationNumber != nil && !e.State.InProgress() && e.State != Accepted
}

// inferCommitted applies the rule above to the story in review i, whose
// state at the start is entries[si] (si < 0: no entry yet).
func (pl *reviewPlan) inferCommitted(s *Story, entries []*HistoryEntry, f storyFacts, si, i int) bool {
	it := pl.its[i]
	if !pl.observedFrom.IsZero() && !it.Start.Before(pl.observedFrom) {
		return false // the syncer was watching: absence of a plan is real
	}
	if f.scheduled >= 0 && f.scheduled <= si {
		return false // the story's own history records its scheduling
	}
	if !createdBefore(s, entries, it.Start) {
		return false
	}
	if si >= 0 {
		e := entries[si]
		if e.State == Unscheduled || e.State == Accepted && e.OccurredAt.Before(it.Start) {
			return false
		}
	}
	if f.work >= 0 && it.Contains(entries[f.work].OccurredAt) {
		return true
	}
	return pl.inProgress(i) && s.IterationNumber != nil && *s.IterationNumber == it.Number
}

// createdBefore reports whether the story existed before t. A story
// without a creation time counts from its first entry.
func createdBefore(s *Story, entries []*HistoryEntry, t time.Time) bool {
	created := s.CreatedAt
	if created.IsZero() && len(entries) > 0 {
		created = entries[0].OccurredAt
	}
	return created.Before(t)
}
