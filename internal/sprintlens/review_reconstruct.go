package sprintlens

import (
	"sort"
	"time"
)

// Reconstruction serves iterations no recorded history covers (CSV imports,
// the time before the first sync) and stories with no recorded history. It
// knows only dates: created, accepted, and the first start when a
// reconstructed entry carries one. The rules, for iteration [S, F):
//
//   - accepted in it: accepted within [S, F);
//   - committed: in progress at S (started at or before S and not accepted
//     before S), or accepted or started within it and created before S;
//   - added: accepted or started within it, created at or after S;
//   - carried over: committed and not accepted within it, so a story started
//     in iteration 5 and accepted in 7 is carried over in 5 and 6; in the
//     iteration in progress such stories (and added ones) are open instead;
//   - removed: never, since leaving a sprint leaves no date behind.

// reconDates is what reconstruction knows about one story.
type reconDates struct {
	started     int // index of the first in-progress entry, -1 if none
	start       time.Time
	hasStart    bool
	accepted    time.Time
	hasAccepted bool
}

// reconstructedRows appends the story's reconstructed rows for pl.its[:end].
func (pl *reviewPlan) reconstructedRows(dst []storyRow, s *Story, entries []*HistoryEntry, started, end int) []storyRow {
	if end == 0 {
		return dst
	}
	d := reconDates{started: started, hasStart: started >= 0}
	d.accepted, d.hasAccepted = reconstructedAcceptance(s, entries)
	if d.hasStart {
		d.start = entries[started].OccurredAt
		if d.hasAccepted && d.start.After(d.accepted) {
			d.hasStart = false // contradictory dates: trust the acceptance
		}
	}
	its := pl.its[:end]
	var lo int
	switch {
	case d.hasStart:
		lo = sort.Search(len(its), func(i int) bool { return its[i].Finish.After(d.start) })
	case d.hasAccepted:
		if lo = containingIteration(its, d.accepted); lo < 0 {
			return dst
		}
	default:
		return dst
	}
	hi := len(its) - 1
	if d.hasAccepted {
		hi = sort.Search(len(its), func(i int) bool { return its[i].Start.After(d.accepted) }) - 1
	}
	for i := lo; i <= hi; i++ {
		if rs, ok := pl.classifyReconstructed(s, entries, d, i); ok {
			dst = append(dst, storyRow{idx: i, rs: rs})
		}
	}
	return dst
}

// reconstructedAcceptance is when the story was accepted: the story's own
// AcceptedAt when it is accepted, else the last acceptance in its entries.
func reconstructedAcceptance(s *Story, entries []*HistoryEntry) (time.Time, bool) {
	if s.State == Accepted && s.AcceptedAt != nil {
		return *s.AcceptedAt, true
	}
	if n := len(entries); n > 0 && entries[n-1].State == Accepted {
		return entries[acceptanceRun(entries, n-1)].OccurredAt, true
	}
	return time.Time{}, false
}

func (pl *reviewPlan) classifyReconstructed(s *Story, entries []*HistoryEntry, d reconDates, i int) (rs ReviewStory, ok bool) {
	it := pl.its[i]
	acceptedIn := d.hasAccepted && it.Contains(d.accepted)
	inFlight := d.hasStart && !d.start.After(it.Start) && (!d.hasAccepted || !d.accepted.Before(it.Start))
	startedIn := d.hasStart && d.start.After(it.Start) && d.start.Before(it.Finish)
	if !acceptedIn && !inFlight && !startedIn {
		return rs, false
	}
	committed := inFlight || s.CreatedAt.Before(it.Start)
	rs = pl.newRow(s)
	rs.Reconstructed = true
	rs.Committed, rs.Added, rs.Accepted = committed, !committed, acceptedIn
	// In the sprint in progress nothing has rolled on yet: what is not
	// accepted is open, committed or added.
	rs.Open = pl.inProgress(i) && !acceptedIn
	rs.CarriedOver = committed && !acceptedIn && !rs.Open
	if committed {
		rs.CommittedPoints, _ = estimateAt(s, entries, lastAtOrBefore(entries, it.Start))
	}
	if acceptedIn {
		rs.StateAtEnd = Accepted
		rs.Points, rs.Estimated = estimateAt(s, entries, lastAtOrBefore(entries, d.accepted))
	} else {
		rs.StateAtEnd = Started
		ei := lastBefore(entries, it.Finish)
		if ei >= 0 && entries[ei].State.InProgress() {
			rs.StateAtEnd = entries[ei].State
		}
		rs.Points, rs.Estimated = estimateAt(s, entries, ei)
	}
	if d.hasStart {
		rs.RollCount = pl.rollCount(entries, d.started, it.Start)
	}
	return rs, true
}

// estimateAt is the estimate of entries[i], or the story's current one when
// no entry is in force then.
func estimateAt(s *Story, entries []*HistoryEntry, i int) (float64, bool) {
	if i < 0 {
		return s.Points(), s.Estimated()
	}
	return pointsOf(entries[i]), entries[i].Estimate != nil
}
