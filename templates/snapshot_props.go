package templates

import (
	"context"
	"strings"
	"time"

	"github.com/sprintlens/sprintlens/templates/i18n"
)

// SnapshotProps is a permalink page: a view frozen at CreatedAt, a link to
// the live view, and which of its numbers read differently today.
type SnapshotProps struct {
	ID          string
	Kind        string // digest or sprint_review
	ProjectName string
	CreatedAt   time.Time
	// CurrentURL is the live view ("" when it no longer exists).
	CurrentURL string
	// Digest is set for a digest snapshot, Review for a sprint review one.
	Digest *DigestMessage
	Review *SnapshotReview
	// Changes lists the frozen numbers that moved; CurrentKnown is false
	// when today's numbers could not be read (the sprint or project is gone).
	Changes      []SnapshotChange
	CurrentKnown bool
}

// SnapshotChange is one number then and now. Key names it (figure keys
// such as accepted_points); counts print without decimals.
type SnapshotChange struct {
	Key  string
	Then float64
	Now  float64
}

// SnapshotReview is a frozen sprint review.
type SnapshotReview struct {
	Number        int
	Start, Finish time.Time
	Committed     SnapshotTally
	Accepted      SnapshotTally
	CarriedOver   SnapshotTally
	Added         SnapshotTally
	Removed       SnapshotTally
	Reconstructed bool
	Stories       []SnapshotStory
}

// SnapshotTally is points and stories.
type SnapshotTally struct {
	Points float64
	Count  int
}

// SnapshotStory is one story row of a frozen review.
type SnapshotStory struct {
	ID      int64
	Name    string
	Type    string
	Points  float64
	Outcome string
}

// changeValue prints a figure: counts as whole numbers, points as points.
func changeValue(ctx context.Context, key string, v float64) string {
	if strings.HasSuffix(key, "_count") {
		return i18n.From(ctx).Int(int(v))
	}
	return points(ctx, v)
}
