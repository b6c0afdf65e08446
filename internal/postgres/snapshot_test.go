package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

func pts(v float64) *float64 { return &v }
func num(v int) *int         { return &v }

func storyAt(id int64, state sprintlens.StoryState, est *float64, at time.Time) sprintlens.Story {
	return sprintlens.Story{ProjectID: 9, ID: id, Name: "story", Type: sprintlens.Feature, State: state,
		Estimate: est, CreatedAt: at, UpdatedAt: at, LabelIDs: []int64{1}}
}

func countStories(t *testing.T, st *postgres.Store) int {
	t.Helper()
	sums, err := st.ProjectSummaries(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) == 0 {
		return 0
	}
	return sums[0].StoryCount
}

func TestSaveSnapshotFullThenIncremental(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
	t0 := time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)
	full := sprintlens.Snapshot{
		Project:    sprintlens.Project{ID: 9, Name: "P", TimeZone: "Asia/Tokyo"},
		Full:       true,
		Iterations: []sprintlens.Iteration{{Number: 1, Start: t0, Finish: t0.AddDate(0, 0, 7), TeamStrength: 1, Kind: "current"}},
		Labels:     []sprintlens.Label{{ID: 1, Name: "eks-migration"}},
		Stories: []sprintlens.Story{
			storyAt(100, sprintlens.Started, pts(3), t0),
			storyAt(101, sprintlens.Unstarted, pts(8), t0),
			storyAt(102, sprintlens.Unstarted, nil, t0),
		},
		History: []sprintlens.HistoryEntry{
			{StoryID: 100, OccurredAt: t0, State: sprintlens.Unstarted, Estimate: pts(3), IterationNumber: num(1), Source: sprintlens.FromActivity},
			{StoryID: 100, OccurredAt: t0, State: sprintlens.Started, Estimate: pts(3), IterationNumber: num(1), Source: sprintlens.FromActivity},
		},
	}
	c, err := st.SaveSnapshot(ctx, full)
	if err != nil {
		t.Fatal(err)
	}
	if c.Inserted != 3 || c.Updated != 0 || c.Deleted != 0 {
		t.Fatalf("first full save counts = %+v", c)
	}

	// Incremental: 100 accepted (updated), 101 deleted, 103 new.
	t1 := t0.Add(48 * time.Hour)
	acc := storyAt(100, sprintlens.Accepted, pts(3), t1)
	acc.AcceptedAt = &t1
	inc := sprintlens.Snapshot{
		Project:         full.Project,
		Stories:         []sprintlens.Story{acc, storyAt(103, sprintlens.Unstarted, pts(1), t1)},
		DeletedStoryIDs: []int64{101},
		History:         []sprintlens.HistoryEntry{{StoryID: 100, OccurredAt: t1, State: sprintlens.Accepted, Estimate: pts(3), Source: sprintlens.FromActivity}},
	}
	c, err = st.SaveSnapshot(ctx, inc)
	if err != nil {
		t.Fatal(err)
	}
	if c.Inserted != 1 || c.Updated != 1 || c.Deleted != 1 || c.DeletedIDs[0] != 101 {
		t.Fatalf("incremental counts = %+v", c)
	}
	if n := countStories(t, st); n != 3 {
		t.Fatalf("stories after incremental = %d, want 3 (100, 102, 103)", n)
	}

	// A full save that drops 102 deletes it.
	full2 := full
	full2.Stories = []sprintlens.Story{acc, storyAt(103, sprintlens.Unstarted, pts(1), t1)}
	c, err = st.SaveSnapshot(ctx, full2)
	if err != nil {
		t.Fatal(err)
	}
	if c.Unchanged != 2 || c.Deleted != 1 || c.DeletedIDs[0] != 102 {
		t.Fatalf("second full save counts = %+v", c)
	}
}

func TestSaveSnapshotIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
	t0 := time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)
	good := sprintlens.Snapshot{Project: sprintlens.Project{ID: 9, Name: "P"}, Full: true,
		Labels:  []sprintlens.Label{{ID: 1, Name: "x"}},
		Stories: []sprintlens.Story{storyAt(1, sprintlens.Unstarted, nil, t0), storyAt(2, sprintlens.Unstarted, nil, t0)}}
	if _, err := st.SaveSnapshot(ctx, good); err != nil {
		t.Fatal(err)
	}
	bad := good
	broken := storyAt(3, sprintlens.Unstarted, nil, t0)
	broken.Type = "epic" // violates the story_type check
	bad.Stories = []sprintlens.Story{storyAt(1, sprintlens.Unstarted, nil, t0), broken}
	if _, err := st.SaveSnapshot(ctx, bad); !errors.Is(err, sprintlens.ErrInvalid) {
		t.Fatalf("bad snapshot error = %v, want ErrInvalid", err)
	}
	if n := countStories(t, st); n != 2 {
		t.Fatalf("a failed save changed the stored stories: %d, want the 2 from before", n)
	}
	// An AfterSave hook failing rolls everything back too.
	hookErr := errors.New("metrics failed")
	_, err := st.SaveSnapshot(ctx, sprintlens.Snapshot{Project: good.Project, Full: true}, func(context.Context, pgx.Tx, int64) error { return hookErr })
	if !errors.Is(err, hookErr) {
		t.Fatalf("hook error = %v", err)
	}
	if n := countStories(t, st); n != 2 {
		t.Fatalf("a failed hook left a half-written project: %d stories", n)
	}
}
