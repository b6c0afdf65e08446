package postgres_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// Three one-week sprints accepting 3, 5 and 10 points, then a current one:
// velocity over the window of 3 is (3+5+10)/3 = 6; the population standard
// deviation is sqrt(((3-6)²+(5-6)²+(10-6)²)/3) = sqrt(26/3) ≈ 2.944, so
// volatility is 2.944/6×100 ≈ 49.07.
func TestRefreshMetricsHook(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.Pool(t)
	pgtest.Reset(t, pool)
	st := postgres.NewStore(pool)
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	start := time.Date(2026, 10, 5, 0, 0, 0, 0, tokyo)
	var its []sprintlens.Iteration
	for n := 1; n <= 4; n++ {
		kind := sprintlens.IterationDone
		if n == 4 {
			kind = sprintlens.IterationCurrent
		}
		its = append(its, sprintlens.Iteration{Number: n, Start: start.AddDate(0, 0, 7*(n-1)), Finish: start.AddDate(0, 0, 7*n), TeamStrength: 1, Kind: kind, Length: 1})
	}
	var stories []sprintlens.Story
	var hist []sprintlens.HistoryEntry
	add := func(id int64, n int, est float64) {
		acc := its[n-1].Start.Add(50 * time.Hour)
		s := storyAt(id, sprintlens.Accepted, pts(est), its[n-1].Start.Add(-time.Hour))
		s.AcceptedAt, s.IterationNumber = &acc, num(n)
		stories = append(stories, s)
		hist = append(hist,
			sprintlens.HistoryEntry{StoryID: id, OccurredAt: its[n-1].Start.Add(time.Hour), State: sprintlens.Started, Estimate: pts(est), Source: sprintlens.FromActivity},
			sprintlens.HistoryEntry{StoryID: id, OccurredAt: acc, State: sprintlens.Accepted, Estimate: pts(est), Source: sprintlens.FromActivity})
	}
	add(1, 1, 3)
	add(2, 2, 5)
	add(3, 3, 8)
	add(4, 3, 2)
	// 5: created before sprint 4, started in it, not accepted yet.
	s5 := storyAt(5, sprintlens.Started, pts(1), its[3].Start.Add(-time.Hour))
	s5.IterationNumber = num(4)
	stories = append(stories, s5)
	hist = append(hist, sprintlens.HistoryEntry{StoryID: 5, OccurredAt: its[3].Start.Add(time.Hour), State: sprintlens.Started,
		Estimate: pts(1), IterationNumber: num(4), Source: sprintlens.FromActivity})
	snap := sprintlens.Snapshot{Project: sprintlens.Project{ID: 9, Name: "P", TimeZone: "Asia/Tokyo", CurrentIteration: 4},
		Full: true, Iterations: its, Labels: []sprintlens.Label{{ID: 1, Name: "eks-migration"}}, Stories: stories, History: hist}
	if _, err := st.SaveSnapshot(ctx, snap, postgres.RefreshMetricsHook(time.Now)); err != nil {
		t.Fatal(err)
	}
	m, err := st.MetricsSummary(ctx, 9)
	if err != nil {
		t.Fatal(err)
	}
	if m.Velocity.Value != 6 || m.Velocity.Used != 3 || math.Abs(m.Velocity.Volatility-49.065) > 0.01 {
		t.Fatalf("velocity = %+v, want 6 over 3 with volatility ≈ 49.07", m.Velocity)
	}
	sums, err := st.IterationSummaries(ctx, 9)
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != 4 || sums[2].AcceptedPoints != 10 || sums[2].AcceptedCount != 2 {
		t.Fatalf("iteration 3 = %+v", sums[2])
	}
	// No scheduling is recorded: stories 3 and 4 existed before sprint 3
	// and were started in it, so 8+2 = 10 points count as committed,
	// inferred. Sprint 4 is in progress: story 5's 1 point is open.
	if s := sums[2]; s.Committed != (sprintlens.Tally{Points: 10, Count: 2}) || !s.Inferred || s.InProgress {
		t.Errorf("iteration 3 committed %+v inferred %v in progress %v, want 10 in 2, inferred", s.Committed, s.Inferred, s.InProgress)
	}
	if s := sums[3]; s.Open != (sprintlens.Tally{Points: 1, Count: 1}) || s.CarriedOver.Count != 0 || !s.InProgress {
		t.Errorf("iteration 4 open %+v carried %+v in progress %v, want 1 open", s.Open, s.CarriedOver, s.InProgress)
	}
	r, err := st.SprintReview(ctx, 9, 3)
	if err != nil {
		t.Fatal(err)
	}
	if r.Accepted.Points != 10 || len(r.Stories) != 2 || r.Stories[0].Labels[0] != "eks-migration" {
		t.Fatalf("review 3 = %+v", r)
	}
}
