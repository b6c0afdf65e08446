package postgres_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

func TestAsOfSnapshotRoundTrip(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
	pool := pgtest.Pool(t) // the store's database, for direct checks
	if err := st.UpsertProject(ctx, sprintlens.Project{ID: 7, Name: "SRE"}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	rs := sprintlens.ReviewSnapshot{ProjectID: 7, ProjectName: "SRE", Number: 42,
		Committed: sprintlens.DigestTally{Points: 21, Count: 9}, Accepted: sprintlens.DigestTally{Points: 13, Count: 6},
		Stories: []sprintlens.ReviewSnapshotStory{{ID: 1, Name: "a", Points: 3, Outcome: sprintlens.OutcomeAccepted}}}
	snap, err := sprintlens.NewReviewSnapshot("abcdefghijklmnopqrst", rs, "/projects/7/sprints/42", at)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateAsOfSnapshot(ctx, snap); err != nil {
		t.Fatal(err)
	}
	got, err := st.AsOfSnapshot(ctx, snap.ID)
	if err != nil {
		t.Fatal(err)
	}
	back, err := got.ReviewView()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, rs) || !reflect.DeepEqual(got.Figures, snap.Figures) || got.Sprint != 42 ||
		got.SourceURL != snap.SourceURL || !got.CreatedAt.Equal(at) || got.Kind != sprintlens.SnapshotSprintReview {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, snap)
	}
	if err := st.CreateAsOfSnapshot(ctx, snap); !errors.Is(err, sprintlens.ErrConflict) {
		t.Fatalf("same id twice: %v, want ErrConflict", err)
	}
	if _, err := st.AsOfSnapshot(ctx, "zzzzzzzzzzzzzzzzzzzz"); !errors.Is(err, sprintlens.ErrNotFound) {
		t.Fatalf("unknown id: %v", err)
	}
	// A deleted project's snapshots still render: links in old messages keep working.
	if _, err := pool.Exec(ctx, `DELETE FROM projects WHERE id = 7`); err != nil {
		t.Fatal(err)
	}
	got, err = st.AsOfSnapshot(ctx, snap.ID)
	if err != nil || got.ProjectID != 0 {
		t.Fatalf("after deleting the project: %+v, %v", got, err)
	}
	bad := snap
	bad.ID = "UPPER-case-not-ok!!!"
	if err := st.CreateAsOfSnapshot(ctx, bad); !errors.Is(err, sprintlens.ErrInvalid) {
		t.Fatalf("malformed id stored: %v", err)
	}
}
