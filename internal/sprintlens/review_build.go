package sprintlens

import (
	"slices"
	"sort"
	"time"
)

// BuildReviews computes the sprint review of every done iteration and the
// current one (backlog iterations have nothing to review yet), ordered by
// start, in one pass over the data.
//
// history may hold every story's entries in any order (entries with equal
// times keep their given order, as the store's seq sorts them). It is sorted
// once by story and time and indexed, so the cost is O(H log H + S + R log I)
// for H entries, S stories, I iterations and R review rows. Entries of
// stories missing from stories (deleted and purged) are ignored; releases
// are left out. Iterations are read in the project's terms: done and current
// follow Project.CurrentIteration when set, else each Iteration's Kind.
//
// Iterations that start before the earliest recorded (non-reconstructed)
// history entry, and stories with no recorded history at all, are
// reconstructed from dates (see ReconstructedHint and review_reconstruct.go);
// all others follow the history (see commitment.go), inferring what was
// planned where the history cannot say (see InferredHint and
// review_infer.go). The review of the iteration in progress is InProgress.
func BuildReviews(project Project, iterations []Iteration, stories []Story, history []HistoryEntry) []Review {
	pl := newReviewPlan(project, iterations, history)
	reviews := make([]Review, len(pl.its))
	for i, it := range pl.its {
		reviews[i].Iteration = it
		reviews[i].Reconstructed = i < pl.reconUntil
		reviews[i].InProgress = pl.inProgress(i)
	}
	byStory := groupHistory(history)
	var rows []storyRow
	for i := range stories {
		s := &stories[i]
		if s.Type == Release {
			continue
		}
		entries := byStory[s.ID]
		rows = pl.storyRows(rows[:0], s, entries)
		if len(rows) == 0 {
			continue
		}
		chain := make([]int, len(rows))
		for j, r := range rows {
			chain[j] = pl.its[r.idx].Number
		}
		var cycle *CycleInfo
		if info, ok := cycleOf(entries); ok {
			cycle = &info
		}
		for _, r := range rows {
			r.rs.Chain = chain
			r.rs.Cycle = cycle
			reviews[r.idx].Stories = append(reviews[r.idx].Stories, r.rs)
		}
	}
	for i := range reviews {
		reviews[i].finish()
	}
	return reviews
}

// reviewPlan holds what every story's classification needs to look up.
type reviewPlan struct {
	project Project
	// its are the reviewable iterations, by Start.
	its      []Iteration
	byNumber map[int]int
	// reconUntil: its[:reconUntil] start before any recorded history.
	reconUntil int
	// doneFinishes are the finishes of done iterations, ascending: the
	// boundaries a story can roll across.
	doneFinishes []time.Time
	// current is the index in its of the iteration in progress, -1 if none.
	current int
	// observedFrom is the time of the first entry a sync observed (zero if
	// none): from then on scheduling is recorded (see review_infer.go).
	observedFrom time.Time
	scratch      []int
}

// storyRow is one story's row for review idx.
type storyRow struct {
	idx int
	rs  ReviewStory
}

func newReviewPlan(p Project, iterations []Iteration, history []HistoryEntry) *reviewPlan {
	pl := &reviewPlan{project: p, byNumber: map[int]int{}, current: -1}
	for _, it := range iterations {
		if iterationDone(p, it) || iterationCurrent(p, it) {
			pl.its = append(pl.its, it)
		}
	}
	slices.SortFunc(pl.its, func(a, b Iteration) int { return a.Start.Compare(b.Start) })
	for i, it := range pl.its {
		pl.byNumber[it.Number] = i
		if iterationDone(p, it) {
			pl.doneFinishes = append(pl.doneFinishes, it.Finish)
		} else if pl.current < 0 {
			pl.current = i
		}
	}
	var firstExact time.Time
	for _, e := range history {
		if e.Source != Reconstructed && (firstExact.IsZero() || e.OccurredAt.Before(firstExact)) {
			firstExact = e.OccurredAt
		}
		if e.Source == FromSync && (pl.observedFrom.IsZero() || e.OccurredAt.Before(pl.observedFrom)) {
			pl.observedFrom = e.OccurredAt
		}
	}
	pl.reconUntil = len(pl.its)
	if !firstExact.IsZero() {
		pl.reconUntil = sort.Search(len(pl.its), func(i int) bool { return !pl.its[i].Start.Before(firstExact) })
	}
	return pl
}

// iterationCurrent reports whether it is the iteration in progress.
func iterationCurrent(p Project, it Iteration) bool {
	if p.CurrentIteration > 0 {
		return it.Number == p.CurrentIteration
	}
	return it.Kind == IterationCurrent
}

// inProgress reports whether review i is of the iteration in progress.
func (pl *reviewPlan) inProgress(i int) bool { return i == pl.current }

// storyRows appends the story's rows, in iteration order, to dst.
func (pl *reviewPlan) storyRows(dst []storyRow, s *Story, entries []*HistoryEntry) []storyRow {
	reconEnd := pl.reconUntil
	if !hasRecordedHistory(entries) {
		reconEnd = len(pl.its)
	}
	f := factsOf(entries)
	dst = pl.reconstructedRows(dst, s, entries, f.started, reconEnd)
	if reconEnd < len(pl.its) {
		now := -1 // the story sits in the iteration in progress: a candidate for inference
		if s.IterationNumber != nil && pl.current >= 0 && *s.IterationNumber == pl.its[pl.current].Number {
			now = pl.current
		}
		for _, i := range pl.exactCandidates(entries, reconEnd, now) {
			if rs, ok := pl.classifyExact(s, entries, f, i); ok {
				dst = append(dst, storyRow{idx: i, rs: rs})
			}
		}
	}
	return dst
}

func hasRecordedHistory(entries []*HistoryEntry) bool {
	for _, e := range entries {
		if e.Source != Reconstructed {
			return true
		}
	}
	return false
}

// newRow fills the parts of a row that come from the story itself.
func (pl *reviewPlan) newRow(s *Story) ReviewStory {
	return ReviewStory{
		StoryID: s.ID, Name: s.Name, Type: s.Type,
		Owners: s.Owners, Labels: s.Labels,
		Counted: CountsTowardVelocity(pl.project, s.Type),
	}
}

// rollCount counts done-iteration finishes in (started, at]: the boundaries
// the story crossed unaccepted between its first start and time at.
func (pl *reviewPlan) rollCount(entries []*HistoryEntry, started int, at time.Time) int {
	if started < 0 {
		return 0
	}
	t0 := entries[started].OccurredAt
	if !t0.Before(at) {
		return 0
	}
	upTo := func(t time.Time) int {
		return sort.Search(len(pl.doneFinishes), func(i int) bool { return pl.doneFinishes[i].After(t) })
	}
	return upTo(at) - upTo(t0)
}

// lastAtOrBefore is the index of the entry in force at t (OccurredAt <= t), or -1.
func lastAtOrBefore(entries []*HistoryEntry, t time.Time) int {
	return sort.Search(len(entries), func(i int) bool { return entries[i].OccurredAt.After(t) }) - 1
}

// lastBefore is the index of the entry in force just before t, or -1. An
// entry exactly at an iteration's finish belongs to the next iteration.
func lastBefore(entries []*HistoryEntry, t time.Time) int {
	return sort.Search(len(entries), func(i int) bool { return !entries[i].OccurredAt.Before(t) }) - 1
}

func pointsOf(e *HistoryEntry) float64 {
	if e.Estimate == nil {
		return 0
	}
	return *e.Estimate
}
