package sprintlens

import (
	"encoding/json"
	"fmt"
	"time"
)

// ReviewSnapshot is a sprint review frozen for a permalink: the tallies and
// the story rows the review page showed. Its json tags are the stored
// format, like Digest's.
type ReviewSnapshot struct {
	ProjectID     int64                 `json:"project_id"`
	ProjectName   string                `json:"project_name"`
	Number        int                   `json:"number"`
	Start         time.Time             `json:"start"`
	Finish        time.Time             `json:"finish"`
	Committed     DigestTally           `json:"committed"`
	Accepted      DigestTally           `json:"accepted"`
	CarriedOver   DigestTally           `json:"carried_over"`
	Added         DigestTally           `json:"added"`
	Removed       DigestTally           `json:"removed"`
	Reconstructed bool                  `json:"reconstructed"`
	Stories       []ReviewSnapshotStory `json:"stories"`
}

// ReviewSnapshotStory is one story row of a frozen review.
type ReviewSnapshotStory struct {
	ID     int64   `json:"id"`
	Name   string  `json:"name"`
	Type   string  `json:"type"`
	State  string  `json:"state"`
	Points float64 `json:"points"`
	// Outcome is committed stories' fate (accepted, carried_over, removed)
	// or "added_accepted"/"added" for stories that joined mid-sprint.
	Outcome string `json:"outcome"`
}

// Outcomes of a story in a frozen review.
const (
	OutcomeAccepted      = "accepted"
	OutcomeCarriedOver   = "carried_over"
	OutcomeRemoved       = "removed"
	OutcomeAddedAccepted = "added_accepted"
	OutcomeAdded         = "added"
	OutcomeOpen          = "open"
)

// FreezeReview copies what a sprint review shows into its stored form.
func FreezeReview(pid int64, projectName string, r Review) ReviewSnapshot {
	rs := ReviewSnapshot{
		ProjectID: pid, ProjectName: projectName, Number: r.Iteration.Number,
		Start: r.Iteration.Start, Finish: r.Iteration.Finish,
		Committed: TallyOf(r.Committed), Accepted: TallyOf(r.Accepted), CarriedOver: TallyOf(r.CarriedOver),
		Added: TallyOf(r.Added), Removed: TallyOf(r.Removed), Reconstructed: r.Reconstructed,
		Stories: make([]ReviewSnapshotStory, 0, len(r.Stories)),
	}
	for _, s := range r.Stories {
		rs.Stories = append(rs.Stories, ReviewSnapshotStory{ID: s.StoryID, Name: s.Name, Type: string(s.Type),
			State: string(s.StateAtEnd), Points: s.Points, Outcome: outcomeOf(s)})
	}
	return rs
}

func outcomeOf(s ReviewStory) string {
	switch {
	case s.Added && s.Accepted:
		return OutcomeAddedAccepted
	case s.Added:
		return OutcomeAdded
	case s.Accepted:
		return OutcomeAccepted
	case s.CarriedOver:
		return OutcomeCarriedOver
	case s.Removed:
		return OutcomeRemoved
	}
	return OutcomeOpen
}

// NewReviewSnapshot freezes a sprint review; sourceURL is its live page.
func NewReviewSnapshot(id string, rs ReviewSnapshot, sourceURL string, at time.Time) (AsOfSnapshot, error) {
	view, err := json.Marshal(rs)
	if err != nil {
		return AsOfSnapshot{}, fmt.Errorf("snapshot: encode sprint review: %w", err)
	}
	return AsOfSnapshot{ID: id, Kind: SnapshotSprintReview, ProjectID: rs.ProjectID, Sprint: rs.Number,
		CreatedAt: at, SourceURL: sourceURL, View: view, Figures: rs.Figures()}, nil
}
