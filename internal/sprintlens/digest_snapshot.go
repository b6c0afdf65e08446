package sprintlens

import (
	"encoding/base32"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// SnapshotKind says what an as-of snapshot froze.
type SnapshotKind string

// Snapshot kinds.
const (
	SnapshotDigest       SnapshotKind = "digest"
	SnapshotSprintReview SnapshotKind = "sprint_review"
)

// AsOfSnapshot is a view frozen at a moment and reachable at /s/<ID>: what
// a digest said when it was sent, or a sprint review as it stood, even after
// stories are re-estimated. (Snapshot, without "as of", is a sync's data.)
type AsOfSnapshot struct {
	ID        string
	Kind      SnapshotKind
	ProjectID int64
	// Sprint is the sprint whose numbers were frozen (0 when none).
	Sprint    int
	CreatedAt time.Time
	// SourceURL is the path of the live view the snapshot froze.
	SourceURL string
	// View is the view model as JSON: DigestSnapshotView or ReviewSnapshot.
	View json.RawMessage
	// Figures are the frozen headline numbers, compared with today's.
	Figures []Figure
}

// SnapshotIDLength is the length of a snapshot id: 20 base32 characters
// carry 100 random bits, too many to guess or enumerate.
const SnapshotIDLength = 20

var snapshotEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewSnapshotID draws an id from r (crypto/rand.Reader in production).
// Lower-case base32 survives chat clients, case-folding and URL paths.
func NewSnapshotID(r io.Reader) (string, error) {
	var b [13]byte // 104 bits; the first 20 characters use 100 of them
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("snapshot id: %w", err)
	}
	return snapshotEncoding.EncodeToString(b[:])[:SnapshotIDLength], nil
}

// ValidSnapshotID reports whether s has the form NewSnapshotID makes, so a
// malformed id is refused before any lookup.
func ValidSnapshotID(s string) bool {
	if len(s) != SnapshotIDLength {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("abcdefghijklmnopqrstuvwxyz234567", c) {
			return false
		}
	}
	return true
}

// DigestSnapshotView is a frozen digest: its numbers and the exact payload
// that was posted (kept as JSON so the page shows what Slack received).
type DigestSnapshotView struct {
	Digest  Digest          `json:"digest"`
	Payload json.RawMessage `json:"payload"`
}

// NewDigestSnapshot freezes d and the payload sent for it.
func NewDigestSnapshot(id string, d Digest, payload []byte, at time.Time) (AsOfSnapshot, error) {
	view, err := json.Marshal(DigestSnapshotView{Digest: d, Payload: payload})
	if err != nil {
		return AsOfSnapshot{}, fmt.Errorf("snapshot: encode digest: %w", err)
	}
	s := AsOfSnapshot{ID: id, Kind: SnapshotDigest, ProjectID: d.ProjectID, CreatedAt: at,
		SourceURL: d.Links.Project, View: view, Figures: d.Figures()}
	if d.LastSprint != nil {
		s.Sprint = d.LastSprint.Number
	}
	return s, nil
}

// DigestView decodes a digest snapshot's view.
func (s AsOfSnapshot) DigestView() (DigestSnapshotView, error) {
	var v DigestSnapshotView
	if s.Kind != SnapshotDigest {
		return v, fmt.Errorf("snapshot %s is a %s, not a digest", s.ID, s.Kind)
	}
	if err := json.Unmarshal(s.View, &v); err != nil {
		return v, fmt.Errorf("snapshot %s: decode digest: %w", s.ID, err)
	}
	return v, nil
}

// ReviewView decodes a sprint review snapshot's view.
func (s AsOfSnapshot) ReviewView() (ReviewSnapshot, error) {
	var v ReviewSnapshot
	if s.Kind != SnapshotSprintReview {
		return v, fmt.Errorf("snapshot %s is a %s, not a sprint review", s.ID, s.Kind)
	}
	if err := json.Unmarshal(s.View, &v); err != nil {
		return v, fmt.Errorf("snapshot %s: decode sprint review: %w", s.ID, err)
	}
	return v, nil
}
