package postgres_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// tenSprints is project 9 with ten done one-week sprints and a current
// one: 60 stories accepted across them with labels and history, and five
// open in the current sprint.
func tenSprints(start time.Time) sprintlens.Snapshot {
	snap := sprintlens.Snapshot{Project: sprintlens.Project{ID: 9, Name: "P", TimeZone: "Asia/Tokyo", CurrentIteration: 11},
		Full: true, Labels: []sprintlens.Label{{ID: 1, Name: "eks-migration"}, {ID: 2, Name: "cost"}}}
	for n := 1; n <= 11; n++ {
		kind := sprintlens.IterationDone
		if n == 11 {
			kind = sprintlens.IterationCurrent
		}
		snap.Iterations = append(snap.Iterations, sprintlens.Iteration{Number: n, Start: start.AddDate(0, 0, 7*(n-1)),
			Finish: start.AddDate(0, 0, 7*n), TeamStrength: 1, Kind: kind, Length: 1})
	}
	for i := int64(1); i <= 65; i++ {
		n := 1 + int(i%11)
		it := snap.Iterations[n-1]
		s := storyAt(i, sprintlens.Accepted, pts(float64(1+i%5)), it.Start.Add(-time.Hour))
		s.LabelIDs = []int64{1 + i%2}
		s.IterationNumber = num(n)
		snap.History = append(snap.History, sprintlens.HistoryEntry{StoryID: i, OccurredAt: it.Start.Add(time.Hour),
			State: sprintlens.Started, Estimate: s.Estimate, IterationNumber: num(n), Source: sprintlens.FromActivity})
		if n == 11 {
			s.State = sprintlens.Started
		} else {
			acc := it.Start.Add(time.Duration(24+i) * time.Hour)
			s.AcceptedAt = &acc
			snap.History = append(snap.History, sprintlens.HistoryEntry{StoryID: i, OccurredAt: acc, State: sprintlens.Accepted,
				Estimate: s.Estimate, IterationNumber: num(n), Source: sprintlens.FromActivity})
		}
		snap.Stories = append(snap.Stories, s)
	}
	return snap
}

var precomputed = map[string]string{"story_metrics": "story_id", "iteration_metrics": "number", "accepted_work": "story_id"}

// rowsOf reads a project's precomputed rows, the hash left out, in key order.
func rowsOf(t *testing.T, st *postgres.Store, table string) []string {
	t.Helper()
	rows, err := st.Pool().Query(context.Background(), `SELECT (to_jsonb(t) - 'row_hash')::text FROM `+table+
		` t WHERE project_id = 9 ORDER BY `+precomputed[table])
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// versions maps each row's key to its xmin: the transaction that last
// wrote it.
func versions(t *testing.T, st *postgres.Store, table string) map[int64]string {
	t.Helper()
	rows, err := st.Pool().Query(context.Background(), `SELECT `+precomputed[table]+`, xmin::text FROM `+table+` WHERE project_id = 9`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var k int64
		var x string
		if err := rows.Scan(&k, &x); err != nil {
			t.Fatal(err)
		}
		out[k] = x
	}
	return out
}

// TestIncrementalSaveRewritesOnlyChangedMetrics: after a save that accepts
// one story, deletes one and adds one, the precomputed rows equal a
// recompute from scratch, and only the rows that changed were written.
func TestIncrementalSaveRewritesOnlyChangedMetrics(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	start := time.Date(2026, 8, 3, 0, 0, 0, 0, tokyo)
	now := start.AddDate(0, 0, 73)
	hook := postgres.RefreshMetricsHook(func() time.Time { return now })
	full := tenSprints(start)
	if _, err := st.SaveSnapshot(ctx, full, hook); err != nil {
		t.Fatal(err)
	}
	before := map[string]map[int64]string{}
	for table := range precomputed {
		before[table] = versions(t, st, table)
	}

	// In the current sprint 11, story 10 is accepted, 21 deleted and 66
	// added.
	acc := now.Add(-time.Hour)
	s10 := full.Stories[9]
	s10.State, s10.AcceptedAt, s10.UpdatedAt = sprintlens.Accepted, &acc, acc
	s66 := storyAt(66, sprintlens.Unstarted, pts(2), acc)
	s66.IterationNumber = num(11)
	inc := sprintlens.Snapshot{Project: full.Project, Iterations: full.Iterations, Stories: []sprintlens.Story{s10, s66},
		DeletedStoryIDs: []int64{21},
		History: []sprintlens.HistoryEntry{{StoryID: 10, OccurredAt: acc, State: sprintlens.Accepted, Estimate: s10.Estimate,
			IterationNumber: num(11), Source: sprintlens.FromActivity}}}
	if _, err := st.SaveSnapshot(ctx, inc, hook); err != nil {
		t.Fatal(err)
	}
	written := map[string][]int64{}
	saved := map[string][]string{}
	for table := range precomputed {
		for k, x := range versions(t, st, table) {
			if before[table][k] != x {
				written[table] = append(written[table], k)
			}
		}
		slices.Sort(written[table])
		saved[table] = rowsOf(t, st, table)
	}
	// 10's acceptance and cycle time, 66 new; sprint 11's review; 10 now
	// accepted. The done sprints and the other stories are untouched.
	want := map[string][]int64{"story_metrics": {10, 66}, "iteration_metrics": {11}, "accepted_work": {10}}
	for table, keys := range want {
		if !slices.Equal(written[table], keys) {
			t.Errorf("%s: rows %v written, want only %v", table, written[table], keys)
		}
	}

	// From scratch: no stored rows, so every row is written again.
	for table := range precomputed {
		mustExec(t, st, `DELETE FROM `+table+` WHERE project_id = 9`)
	}
	if _, err := st.SaveSnapshot(ctx, sprintlens.Snapshot{Project: full.Project}, hook); err != nil {
		t.Fatal(err)
	}
	for table := range precomputed {
		if got := rowsOf(t, st, table); !slices.Equal(saved[table], got) {
			t.Errorf("%s after the incremental save differs from a recompute:\n%v\nwant\n%v", table, saved[table], got)
		}
		if len(saved[table]) == 0 {
			t.Errorf("%s is empty", table)
		}
	}
}
