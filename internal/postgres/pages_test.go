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

// Two done sprints and a current one; #1 accepted in sprint 1 after 26
// hours, #2 accepted in sprint 2; the backlog holds #5, release #4 and #3
// in that order (by position, not id), and #6 sits in the icebox.
func TestPageQueries(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.Pool(t)
	pgtest.Reset(t, pool)
	st := postgres.NewStore(pool)
	start := time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)
	var its []sprintlens.Iteration
	for n := 1; n <= 3; n++ {
		kind := sprintlens.IterationDone
		if n == 3 {
			kind = sprintlens.IterationCurrent
		}
		its = append(its, sprintlens.Iteration{Number: n, Start: start.AddDate(0, 0, 7*(n-1)), Finish: start.AddDate(0, 0, 7*n), TeamStrength: 1, Kind: kind})
	}
	var stories []sprintlens.Story
	var hist []sprintlens.HistoryEntry
	for i, est := range []float64{3, 5} {
		id, n := int64(i+1), i+1
		began, acc := its[i].Start.Add(time.Hour), its[i].Start.Add(27*time.Hour)
		s := storyAt(id, sprintlens.Accepted, pts(est), its[i].Start.Add(-time.Hour))
		s.AcceptedAt, s.IterationNumber, s.UpdatedAt = &acc, num(n), acc
		stories = append(stories, s)
		hist = append(hist,
			sprintlens.HistoryEntry{StoryID: id, OccurredAt: began, State: sprintlens.Started, Estimate: pts(est), IterationNumber: num(n), Source: sprintlens.FromActivity},
			sprintlens.HistoryEntry{StoryID: id, OccurredAt: acc, State: sprintlens.Accepted, Estimate: pts(est), IterationNumber: num(n), Source: sprintlens.FromActivity})
	}
	for _, b := range []struct {
		id    int64
		pos   int
		typ   sprintlens.StoryType
		state sprintlens.StoryState
	}{{3, 30, sprintlens.Feature, sprintlens.Unstarted}, {4, 20, sprintlens.Release, sprintlens.Unstarted},
		{5, 10, sprintlens.Feature, sprintlens.Unstarted}, {6, 5, sprintlens.Feature, sprintlens.Unscheduled}} {
		s := storyAt(b.id, b.state, pts(2), start)
		s.Type, s.Position = b.typ, b.pos
		stories = append(stories, s)
	}
	snap := sprintlens.Snapshot{Project: sprintlens.Project{ID: 9, Name: "P", CurrentIteration: 3}, Full: true,
		Iterations: its, Labels: []sprintlens.Label{{ID: 1, Name: "eks-migration"}},
		Epics:   []sprintlens.Epic{{ID: 7, Name: "EKS", LabelID: 1}},
		Stories: stories, History: hist}
	if _, err := st.SaveSnapshot(ctx, snap, postgres.RefreshMetricsHook(time.Now)); err != nil {
		t.Fatal(err)
	}

	backlog, err := st.BacklogStories(ctx, 9)
	if err != nil {
		t.Fatal(err)
	}
	var order []int64
	for _, s := range backlog {
		order = append(order, s.ID)
	}
	if !slices.Equal(order, []int64{6, 5, 4, 3}) {
		t.Errorf("backlog order = %v, want by position without accepted stories", order)
	}
	got, err := st.StoriesByID(ctx, 9, []int64{2, 5, 99})
	if err != nil || len(got) != 2 || got[0].ID != 2 || got[1].Labels[0] != "eks-migration" {
		t.Errorf("StoriesByID = %+v, %v", got, err)
	}
	if none, err := st.StoriesByID(ctx, 9, nil); err != nil || none == nil || len(none) != 0 {
		t.Errorf("StoriesByID(nil) = %v, %v; want an empty list", none, err)
	}
	epics, err := st.ProjectEpics(ctx, 9)
	if err != nil || len(epics) != 1 || epics[0].LabelName != "eks-migration" {
		t.Errorf("epics = %+v, %v", epics, err)
	}
	samples, err := st.CycleSamples(ctx, 9)
	if err != nil || len(samples) != 2 || samples[0].StoryID != 1 || samples[0].Duration != 26*time.Hour ||
		samples[1].Estimate != 5 || !samples[1].Estimated {
		t.Errorf("cycle samples = %+v, %v", samples, err)
	}
	vels, err := st.VelocitySummaries(ctx)
	if err != nil || vels[9].Value != 4 || vels[9].Used != 2 || !vels[9].Short {
		t.Errorf("velocity summaries = %+v, %v; want 4 over 2 of 3", vels, err)
	}
	lasts, err := st.LastDoneIterations(ctx)
	if err != nil || lasts[9].Iteration.Number != 2 || lasts[9].AcceptedPoints != 5 {
		t.Errorf("last done = %+v, %v; want sprint 2 with 5 points", lasts, err)
	}
}
