package sprintlens

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestSnapshotIDsAreLongRandomAndDistinct(t *testing.T) {
	const n = 10000
	seen := make(map[string]bool, n)
	for i := 0; i < n; i++ {
		id, err := NewSnapshotID(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if len(id) != SnapshotIDLength || !ValidSnapshotID(id) {
			t.Fatalf("id %q: length %d, valid %v", id, len(id), ValidSnapshotID(id))
		}
		if strings.Trim(id, "abcdefghijklmnopqrstuvwxyz234567") != "" {
			t.Fatalf("id %q uses characters outside lower-case base32", id)
		}
		if seen[id] {
			t.Fatalf("id %q drawn twice in %d", id, i)
		}
		seen[id] = true
	}
	// 20 base32 characters carry 5 bits each.
	if bits := SnapshotIDLength * 5; bits < 96 {
		t.Fatalf("ids carry %d bits, want at least 96", bits)
	}
	if _, err := NewSnapshotID(bytes.NewReader(make([]byte, 5))); err == nil {
		t.Fatal("a short random source must fail, not make a guessable id")
	}
}

func TestNewSnapshotIDUsesEveryByteItReads(t *testing.T) {
	// Two sources that differ only in the 12th byte (bits 88-95) must give
	// different ids: those bits are inside the first 100.
	a := make([]byte, 13)
	b := make([]byte, 13)
	b[11] = 0xff
	ida, _ := NewSnapshotID(bytes.NewReader(a))
	idb, _ := NewSnapshotID(bytes.NewReader(b))
	if ida == idb {
		t.Fatalf("ids %q and %q ignore random bits", ida, idb)
	}
}

func TestValidSnapshotID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"abcdefghijklmnopqrst", true},
		{"234567abcdefghijklmn", true},
		{"abcdefghijklmnopqrs", false},   // 19
		{"abcdefghijklmnopqrstu", false}, // 21
		{"ABCDEFGHIJKLMNOPQRST", false},  // upper case
		{"abcdefghijklmnopqr01", false},  // 0 and 1 are not base32
		{"abcdefghijklmnopq/..", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := ValidSnapshotID(tt.id); got != tt.want {
			t.Errorf("ValidSnapshotID(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}

func TestChangedFigures(t *testing.T) {
	then := []Figure{{FigureVelocity, 12}, {FigureAcceptedPoints, 13}, {FigureCarriedOverPoints, 5}, {FigureAcceptedCount, 6}}
	tests := []struct {
		name string
		now  []Figure
		want []FigureChange
	}{
		{"unchanged", then, nil},
		{"re-estimated", []Figure{{FigureVelocity, 12}, {FigureAcceptedPoints, 11}, {FigureCarriedOverPoints, 8}, {FigureAcceptedCount, 6}},
			[]FigureChange{{FigureAcceptedPoints, 13, 11}, {FigureCarriedOverPoints, 5, 8}}},
		{"rounding crumbs are no change", []Figure{{FigureVelocity, 12 + 1e-12}, {FigureAcceptedPoints, 13}}, nil},
		{"missing now is left out", []Figure{{FigureAcceptedCount, 7}}, []FigureChange{{FigureAcceptedCount, 6, 7}}},
	}
	for _, tt := range tests {
		if got := ChangedFigures(then, tt.now); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestFreezeReviewKeepsTalliesAndOutcomes(t *testing.T) {
	start := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	r := Review{Iteration: Iteration{Number: 42, Start: start, Finish: start.AddDate(0, 0, 7)},
		Committed: Tally{Points: 21, Count: 9}, Accepted: Tally{Points: 13, Count: 6}, CarriedOver: Tally{Points: 5, Count: 2},
		Stories: []ReviewStory{
			{StoryID: 1, Name: "a", Committed: true, Accepted: true, Points: 3},
			{StoryID: 2, Name: "b", Committed: true, CarriedOver: true, Points: 5},
			{StoryID: 3, Name: "c", Added: true, Accepted: true, Points: 2},
			{StoryID: 4, Name: "d", Committed: true, Removed: true, Points: 1},
			{StoryID: 5, Name: "e", Added: true, Points: 1},
		}}
	rs := FreezeReview(7, "SRE", r)
	want := []string{OutcomeAccepted, OutcomeCarriedOver, OutcomeAddedAccepted, OutcomeRemoved, OutcomeAdded}
	for i, s := range rs.Stories {
		if s.Outcome != want[i] {
			t.Errorf("story %d outcome %q, want %q", s.ID, s.Outcome, want[i])
		}
	}
	snap, err := NewReviewSnapshot("abcdefghijklmnopqrst", rs, "/projects/7/sprints/42", start)
	if err != nil {
		t.Fatal(err)
	}
	back, err := snap.ReviewView()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, rs) {
		t.Fatalf("review snapshot round trip:\n got %+v\nwant %+v", back, rs)
	}
	if snap.Sprint != 42 || snap.ProjectID != 7 {
		t.Fatalf("snapshot = %+v", snap)
	}
	if c := ChangedFigures(snap.Figures, ReviewFigures(r)); c != nil {
		t.Fatalf("a review compared with itself changed: %+v", c)
	}
	if _, err := snap.DigestView(); err == nil {
		t.Fatal("a review snapshot decoded as a digest")
	}
}

func TestDigestSnapshotRoundTripAndFigures(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	d := Digest{ProjectID: 7, ProjectName: "SRE", Velocity: 12.5, GeneratedAt: at,
		LastSprint: &DigestSprint{Number: 42, Accepted: DigestTally{13, 6}, Committed: DigestTally{21, 9}, CarriedOver: DigestTally{5, 2}},
		Links:      DigestLinks{Project: "/projects/7"}}
	snap, err := NewDigestSnapshot("abcdefghijklmnopqrst", d, []byte(`{"text":"hi"}`), at)
	if err != nil {
		t.Fatal(err)
	}
	v, err := snap.DigestView()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(v.Digest, d) || string(v.Payload) != `{"text":"hi"}` {
		t.Fatalf("digest view = %+v %s", v.Digest, v.Payload)
	}
	if snap.Sprint != 42 || snap.SourceURL != "/projects/7" {
		t.Fatalf("snapshot = %+v", snap)
	}
	sums := []IterationSummary{{Iteration: Iteration{Number: 42}, AcceptedPoints: 11, AcceptedCount: 6,
		Committed: Tally{21, 9}, CarriedOver: Tally{5, 2}}}
	now := DigestFigures(MetricsSummary{Velocity: Velocity{Value: 12.5}}, sums, 42)
	want := []FigureChange{{FigureAcceptedPoints, 13, 11}}
	if got := ChangedFigures(snap.Figures, now); !reflect.DeepEqual(got, want) {
		t.Fatalf("changes = %+v, want %+v", got, want)
	}
	// The stored names are the format: a renamed tag would orphan old snapshots.
	var raw map[string]any
	if err := json.Unmarshal(snap.View, &raw); err != nil {
		t.Fatal(err)
	}
	dg := raw["digest"].(map[string]any)
	for _, k := range []string{"project_id", "project_name", "last_sprint", "velocity", "warnings", "okrs", "links"} {
		if _, ok := dg[k]; !ok {
			t.Errorf("stored digest lacks %q: %v", k, dg)
		}
	}
}

func TestKRHelpers(t *testing.T) {
	krs := []DigestKR{
		{ProjectID: 0, Status: OnTrack},
		{ProjectID: 7, Status: AtRisk, Outdated: true},
		{ProjectID: 8, Status: OffTrack},
		{ProjectID: 7, Status: OffTrack, Outdated: true},
	}
	mine := ForProject(krs, 7)
	if len(mine) != 3 {
		t.Fatalf("ForProject kept %d, want the team's and project 7's (3)", len(mine))
	}
	if got, want := CountKRs(mine), (KRCounts{OnTrack: 1, AtRisk: 1, OffTrack: 1, Outdated: 2}); got != want {
		t.Fatalf("CountKRs = %+v, want %+v", got, want)
	}
}
