package postgres_test

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// checkCounts compares the stored counts ProjectSummaries reads with the
// rows really there, and with what the test expects.
func checkCounts(t *testing.T, st *postgres.Store, pid int64, wantStories, wantIterations int) {
	t.Helper()
	ctx := context.Background()
	var stories, iterations int
	err := st.Pool().QueryRow(ctx, `SELECT (SELECT count(*) FROM stories WHERE project_id = $1),
		(SELECT count(*) FROM iterations WHERE project_id = $1)`, pid).Scan(&stories, &iterations)
	if err != nil {
		t.Fatal(err)
	}
	sums, err := st.ProjectSummaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sums {
		if s.ID != pid {
			continue
		}
		if s.StoryCount != stories || s.IterationCount != iterations {
			t.Errorf("project %d: stored counts %d stories, %d iterations; the tables hold %d and %d",
				pid, s.StoryCount, s.IterationCount, stories, iterations)
		}
		if stories != wantStories || iterations != wantIterations {
			t.Errorf("project %d: %d stories, %d iterations; want %d and %d", pid, stories, iterations, wantStories, wantIterations)
		}
		return
	}
	t.Fatalf("project %d not in the summaries", pid)
}

func weeks(t0 time.Time, n int) []sprintlens.Iteration {
	out := make([]sprintlens.Iteration, n)
	for i := range out {
		start := t0.AddDate(0, 0, 7*i)
		out[i] = sprintlens.Iteration{Number: i + 1, Start: start, Finish: start.AddDate(0, 0, 7), TeamStrength: 1, Kind: "done"}
	}
	return out
}

// TestProjectCountsFollowSaves: every kind of save (full, incremental
// with deletions, a full one that drops stories, a failed one) leaves the
// stored counts equal to the rows.
func TestProjectCountsFollowSaves(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
	t0 := time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)
	t1 := t0.Add(time.Hour)
	p := sprintlens.Project{ID: 9, Name: "P"}
	labels := []sprintlens.Label{{ID: 1, Name: "x"}}
	steps := []struct {
		name                string
		snap                sprintlens.Snapshot
		stories, iterations int
	}{
		{"full", sprintlens.Snapshot{Project: p, Full: true, Iterations: weeks(t0, 2), Labels: labels,
			Stories: []sprintlens.Story{storyAt(1, sprintlens.Unstarted, nil, t0), storyAt(2, sprintlens.Started, pts(1), t0),
				storyAt(3, sprintlens.Unstarted, pts(2), t0)}}, 3, 2},
		{"incremental: one new, one deleted, a sprint more", sprintlens.Snapshot{Project: p, Iterations: weeks(t0, 3),
			Stories:         []sprintlens.Story{storyAt(4, sprintlens.Unstarted, nil, t1), storyAt(2, sprintlens.Finished, pts(1), t1)},
			DeletedStoryIDs: []int64{1, 99}}, 3, 3},
		{"incremental: nothing changed", sprintlens.Snapshot{Project: p}, 3, 3},
		{"full: drops two", sprintlens.Snapshot{Project: p, Full: true, Iterations: weeks(t0, 1), Labels: labels,
			Stories: []sprintlens.Story{storyAt(4, sprintlens.Unstarted, nil, t1)}}, 1, 1},
	}
	for _, s := range steps {
		if _, err := st.SaveSnapshot(ctx, s.snap); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		t.Run(s.name, func(t *testing.T) { checkCounts(t, st, 9, s.stories, s.iterations) })
	}
	broken := storyAt(5, sprintlens.Unstarted, nil, t1)
	broken.Type = "epic" // violates the story_type check: the save rolls back
	if _, err := st.SaveSnapshot(ctx, sprintlens.Snapshot{Project: p, Stories: []sprintlens.Story{broken}}); err == nil {
		t.Fatal("a story of type epic was saved")
	}
	checkCounts(t, st, 9, 1, 1)
}

// sliceSource feeds ImportStories from memory.
type sliceSource struct {
	stories []sprintlens.Story
	plan    postgres.ImportPlan
}

func (s *sliceSource) Next() (sprintlens.Story, error) {
	if len(s.stories) == 0 {
		return sprintlens.Story{}, io.EOF
	}
	st := s.stories[0]
	s.stories = s.stories[1:]
	return st, nil
}

func (s *sliceSource) Plan() (postgres.ImportPlan, error) { return s.plan, nil }

// TestProjectCountsFollowImports: an import and a re-import that drops
// stories and sprints leave the counts equal to the rows.
func TestProjectCountsFollowImports(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
	p, _, err := st.EnsureCSVProject(ctx, sprintlens.Project{Name: "exported"})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)
	story := func(id int64) sprintlens.Story {
		return sprintlens.Story{ID: id, Name: "s", Type: sprintlens.Feature, State: sprintlens.Unstarted, CreatedAt: t0}
	}
	steps := []struct {
		name                string
		ids                 []int64
		sprints             int
		stories, iterations int
	}{
		{"first import", []int64{1, 2, 3, 4}, 3, 4, 3},
		{"re-import without two stories and a sprint", []int64{1, 4}, 2, 2, 2},
	}
	for _, s := range steps {
		run, err := st.StartRun(ctx, sprintlens.SyncRun{ProjectID: p.ID, Kind: postgres.RunImport, TriggeredBy: "test"})
		if err != nil {
			t.Fatal(err)
		}
		src := &sliceSource{plan: postgres.ImportPlan{Project: p, Iterations: weeks(t0, s.sprints)}}
		for _, id := range s.ids {
			src.stories = append(src.stories, story(id))
		}
		if _, err := st.ImportStories(ctx, postgres.ImportRequest{ProjectID: p.ID, RunID: run, ObservedAt: t0}, src); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		t.Run(s.name, func(t *testing.T) { checkCounts(t, st, p.ID, s.stories, s.iterations) })
	}
}

// TestMigrateCountsExistingProjects: upgrading a database saved by a build
// without the stored counts fills them in.
func TestMigrateCountsExistingProjects(t *testing.T) {
	ctx := context.Background()
	url, drop, err := pgtest.CreateDatabase(ctx, "slcounts")
	if err != nil {
		t.Fatal(err)
	}
	defer drop()
	pool, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if _, err := postgres.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	st := postgres.NewStore(pool)
	t0 := time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)
	snap := sprintlens.Snapshot{Project: sprintlens.Project{ID: 9, Name: "P"}, Full: true, Iterations: weeks(t0, 4),
		Labels:  []sprintlens.Label{{ID: 1, Name: "x"}},
		Stories: []sprintlens.Story{storyAt(1, sprintlens.Unstarted, nil, t0), storyAt(2, sprintlens.Unstarted, nil, t0)}}
	if _, err := st.SaveSnapshot(ctx, snap); err != nil {
		t.Fatal(err)
	}
	const beforeCounts = 7 // the schema before 008_add_project_counts
	if err := postgres.MigrateDownTo(ctx, pool, beforeCounts); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO stories (project_id, id, name, story_type, current_state, position,
		description, url, requested_by, owners, created_at, updated_at)
		VALUES (9, 3, 's', 'feature', 'unstarted', 3, '', '', '', '{}', now(), now())`); err != nil {
		t.Fatal(err) // written by the older build
	}
	if _, err := postgres.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	checkCounts(t, st, 9, 3, 4)
}
