package ingest

import (
	"cmp"
	"slices"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/tracker"
)

// event is one thing Tracker says happened to a story.
type event struct {
	at        time.Time
	created   bool
	state     sprintlens.StoryState // "" when the state did not change
	estimated bool                  // the estimate changed (to nil when removed)
	estimate  *float64
}

// storyEvents are one story's events plus the estimate it had before its
// first recorded estimate change (when one was recorded).
type storyEvents struct {
	list        []event
	hasOriginal bool
	original    *float64
}

// changes is what the activity feed and the transitions say happened.
type changes struct {
	events  map[int64]*storyEvents
	changed map[int64]bool // stories created or updated
	deleted map[int64]bool // stories deleted (and not re-created)
}

// collectChanges reads story events from activity (creations, estimate
// and state changes, deletions) and transitions (state changes, Tracker's
// authoritative list). A state change found in both lands at the same
// instant and merges into one entry.
func collectChanges(acts []tracker.Activity, trans []tracker.StoryTransition) changes {
	c := changes{events: map[int64]*storyEvents{}, changed: map[int64]bool{}, deleted: map[int64]bool{}}
	of := func(id int64) *storyEvents {
		e := c.events[id]
		if e == nil {
			e = &storyEvents{}
			c.events[id] = e
		}
		return e
	}
	// The feed comes newest first; deletions and re-reads need oldest first.
	ordered := slices.Clone(acts)
	slices.SortStableFunc(ordered, func(a, b tracker.Activity) int { return cmp.Compare(a.ProjectVersion, b.ProjectVersion) })
	for _, a := range ordered {
		for _, ch := range a.Changes {
			if ch.Kind != "story" {
				continue
			}
			switch ch.ChangeType {
			case "delete":
				c.deleted[ch.ID] = true
				delete(c.changed, ch.ID)
				continue
			case "create":
				ev := event{at: a.OccurredAt.Time, created: true}
				var state string
				if ok, _ := ch.NewValues.Decode("current_state", &state); ok {
					ev.state = sprintlens.StoryState(state)
				}
				ev.estimated, _ = ch.NewValues.Decode("estimate", &ev.estimate)
				se := of(ch.ID)
				se.list = append(se.list, ev)
			case "update":
				ev := event{at: a.OccurredAt.Time}
				var state string
				if ok, _ := ch.NewValues.Decode("current_state", &state); ok {
					ev.state = sprintlens.StoryState(state)
				}
				ev.estimated, _ = ch.NewValues.Decode("estimate", &ev.estimate)
				if ev.state != "" || ev.estimated {
					se := of(ch.ID)
					if ev.estimated && !se.hasOriginal {
						se.hasOriginal = true
						_, _ = ch.OriginalValues.Decode("estimate", &se.original)
					}
					se.list = append(se.list, ev)
				}
			default:
				continue
			}
			c.changed[ch.ID] = true
			delete(c.deleted, ch.ID)
		}
	}
	for _, t := range trans {
		se := of(t.StoryID)
		se.list = append(se.list, event{at: t.OccurredAt.Time, state: sprintlens.StoryState(t.State)})
	}
	return c
}

// historyBuilder turns events into history entries.
type historyBuilder struct {
	pid        int64
	cal        calendar
	observedAt time.Time
}

// story returns the entries for one story. base is its latest stored
// entry (nil in a full sync or for a new story); latest is the latest
// entry that will remain stored besides these (for a full sync, what
// earlier syncs observed). observed says the story sits in the current
// or backlog iteration, so a difference between its state now and its
// last entry is written as an observation (source "sync") with the
// iteration: that is what later tells what a sprint committed to at its start.
func (h historyBuilder) story(st sprintlens.Story, se *storyEvents, base, latest *sprintlens.HistoryEntry, observed bool) []sprintlens.HistoryEntry {
	var out []sprintlens.HistoryEntry
	var list []event
	if se != nil {
		list = slices.Clone(se.list)
		slices.SortStableFunc(list, func(a, b event) int {
			if c := a.at.Compare(b.at); c != 0 {
				return c
			}
			switch {
			case a.created && !b.created:
				return -1
			case b.created && !a.created:
				return 1
			}
			return 0
		})
	}
	var state sprintlens.StoryState
	var est *float64
	switch {
	case base != nil:
		state, est = base.State, base.Estimate
	case len(list) > 0 && list[0].created:
		// The creation event sets both below.
	default:
		// No record of the creation: reconstruct it from created_at.
		state, est = createdState(st, list), st.Estimate
		if se != nil && se.hasOriginal {
			est = se.original
		}
		if !st.CreatedAt.IsZero() && (len(list) == 0 || st.CreatedAt.Before(list[0].at)) {
			out = append(out, h.entry(st.ID, st.CreatedAt, state, est, nil, sprintlens.Reconstructed))
		}
	}
	for i := 0; i < len(list); {
		at := list[i].at
		for ; i < len(list) && list[i].at.Equal(at); i++ {
			ev := list[i]
			if ev.state != "" {
				state = ev.state
			}
			if ev.estimated || ev.created {
				est = ev.estimate
			}
		}
		out = append(out, h.entry(st.ID, at, state, est, h.iterationFor(state, at), sprintlens.FromActivity))
	}

	last := latestOf(base, latest)
	if n := len(out); n > 0 && (last == nil || !out[n-1].OccurredAt.Before(last.OccurredAt)) {
		last = &out[n-1]
	}
	if observed {
		if last == nil || !same(*last, st.State, st.Estimate, st.IterationNumber) {
			out = append(out, h.entry(st.ID, h.observedAt, st.State, st.Estimate, st.IterationNumber, sprintlens.FromSync))
		}
		return out
	}
	// Tracker's record can be incomplete (old stories, trimmed activity):
	// end the story where it is now, at the last time Tracker gives for it.
	if last != nil && !same(*last, st.State, st.Estimate, last.IterationNumber) {
		at := st.UpdatedAt
		if st.State == sprintlens.Accepted && st.AcceptedAt != nil {
			at = *st.AcceptedAt
		}
		if at.After(last.OccurredAt) {
			out = append(out, h.entry(st.ID, at, st.State, st.Estimate, st.IterationNumber, sprintlens.Reconstructed))
		}
	}
	return out
}

func (h historyBuilder) entry(id int64, at time.Time, state sprintlens.StoryState, est *float64, iter *int, src sprintlens.HistorySource) sprintlens.HistoryEntry {
	return sprintlens.HistoryEntry{ProjectID: h.pid, StoryID: id, OccurredAt: at, State: state,
		Estimate: est, IterationNumber: iter, Source: src}
}

// iterationFor is the iteration a state change at t puts a story in,
// when Tracker's rules make it certain: work under way and acceptances
// happen in the iteration running at the time. Unstarted stories may sit
// in any backlog iteration, so they get none (observations fill it in).
func (h historyBuilder) iterationFor(state sprintlens.StoryState, t time.Time) *int {
	if state.InProgress() || state == sprintlens.Accepted {
		return h.cal.at(t)
	}
	return nil
}

// createdState guesses the state a story was created in when no creation
// event says: a first move to unstarted means it began in the icebox.
func createdState(st sprintlens.Story, list []event) sprintlens.StoryState {
	for _, ev := range list {
		if ev.state == "" {
			continue
		}
		if ev.state == sprintlens.Unstarted {
			return sprintlens.Unscheduled
		}
		return sprintlens.Unstarted
	}
	switch st.State {
	case sprintlens.Unscheduled, sprintlens.Unstarted, sprintlens.Planned:
		return st.State
	}
	return sprintlens.Unstarted
}

func latestOf(a, b *sprintlens.HistoryEntry) *sprintlens.HistoryEntry {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case b.OccurredAt.After(a.OccurredAt):
		return b
	}
	return a
}

func same(e sprintlens.HistoryEntry, state sprintlens.StoryState, est *float64, iter *int) bool {
	return e.State == state && eqPtr(e.Estimate, est) && eqPtr(e.IterationNumber, iter)
}

func eqPtr[T comparable](a, b *T) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}
