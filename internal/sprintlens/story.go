package sprintlens

import "time"

// StoryType is Tracker's story_type.
type StoryType string

// Story types as Tracker names them.
const (
	Feature StoryType = "feature"
	Bug     StoryType = "bug"
	Chore   StoryType = "chore"
	Release StoryType = "release"
)

// StoryState is Tracker's current_state.
type StoryState string

// Story states as Tracker names them, in workflow order.
const (
	Unscheduled StoryState = "unscheduled" // icebox
	Unstarted   StoryState = "unstarted"   // backlog or current iteration, not started
	Planned     StoryState = "planned"     // planned-iteration projects
	Started     StoryState = "started"
	Finished    StoryState = "finished"
	Delivered   StoryState = "delivered"
	Rejected    StoryState = "rejected"
	Accepted    StoryState = "accepted"
)

// InProgress reports whether the state counts as work under way
// (started, finished, delivered or rejected-and-back-in-play).
func (s StoryState) InProgress() bool {
	switch s {
	case Started, Finished, Delivered, Rejected:
		return true
	}
	return false
}

// Valid reports whether s is a state Tracker knows.
func (s StoryState) Valid() bool {
	switch s {
	case Unscheduled, Unstarted, Planned, Started, Finished, Delivered, Rejected, Accepted:
		return true
	}
	return false
}

// Story is one Tracker story as sprintlens stores it.
type Story struct {
	ProjectID int64
	ID        int64
	Name      string
	Type      StoryType
	State     StoryState
	// Estimate is nil for unestimated stories (bugs and chores usually).
	Estimate *float64
	// IterationNumber is the iteration the story sits in now: for accepted
	// stories the one it was accepted in; nil in the icebox.
	IterationNumber *int
	// Position orders stories within the backlog (lower comes first).
	Position    int
	Description string
	URL         string
	RequestedBy string
	Owners      []string
	Labels      []string
	LabelIDs    []int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	AcceptedAt  *time.Time
	Deadline    *time.Time
}

// Points returns the estimate, or 0 when unestimated.
func (s Story) Points() float64 {
	if s.Estimate == nil {
		return 0
	}
	return *s.Estimate
}

// Estimated reports whether the story carries an estimate.
func (s Story) Estimated() bool { return s.Estimate != nil }

// HistorySource says how a history entry was learned.
type HistorySource string

// History sources, from most to least exact.
const (
	// FromActivity entries come from Tracker's activity or transitions with exact times.
	FromActivity HistorySource = "activity"
	// FromSync entries were observed by a sync (time is when the sync saw the change).
	FromSync HistorySource = "sync"
	// Reconstructed entries were derived from dates in an import (created, accepted).
	Reconstructed HistorySource = "reconstructed"
)

// HistoryEntry is a story's state and estimate from OccurredAt on.
// A story's history is the ordered list of its entries; the state at time t
// is the last entry with OccurredAt <= t.
type HistoryEntry struct {
	ProjectID  int64
	StoryID    int64
	OccurredAt time.Time
	State      StoryState
	Estimate   *float64
	// IterationNumber is the iteration the story was scheduled in from then
	// on, when known (nil when in the icebox or not known).
	IterationNumber *int
	Source          HistorySource
}
