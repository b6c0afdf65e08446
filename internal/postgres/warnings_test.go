package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

func wEst(v float64) *float64 { return &v }
func wIter(v int) *int        { return &v }

// warningSnapshot is project 9: three done Tokyo sprints of 10 accepted
// points (velocity 10, size limit min(5, 10/2) = 5), sprint 4 current, and
// in the backlog story 50 at est points and story 51 at 5.
func warningSnapshot(t *testing.T, est float64, updated time.Time) sprintlens.Snapshot {
	t.Helper()
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 10, 5, 0, 0, 0, 0, tokyo)
	snap := sprintlens.Snapshot{Full: true,
		Project: sprintlens.Project{ID: 9, Name: "SRE Platform", TimeZone: "Asia/Tokyo", CurrentIteration: 4}}
	for n := 1; n <= 5; n++ {
		kind := sprintlens.IterationDone
		switch {
		case n == 4:
			kind = sprintlens.IterationCurrent
		case n > 4:
			kind = sprintlens.IterationBacklog
		}
		snap.Iterations = append(snap.Iterations, sprintlens.Iteration{Number: n, Start: start.AddDate(0, 0, 7*(n-1)),
			Finish: start.AddDate(0, 0, 7*n), TeamStrength: 1, Length: 1, Kind: kind})
	}
	story := func(id int64, st sprintlens.StoryState, e float64, at time.Time) sprintlens.Story {
		return sprintlens.Story{ProjectID: 9, ID: id, Name: "story", Type: sprintlens.Feature, State: st, Estimate: wEst(e),
			CreatedAt: start.Add(-time.Hour), UpdatedAt: at, URL: "https://tracker.example/story/show/1"}
	}
	for n := 1; n <= 3; n++ {
		for i, e := range []float64{3, 3, 2, 2} {
			id := int64(10*n + i)
			it := snap.Iterations[n-1]
			acc := it.Start.Add(time.Duration(30+10*i) * time.Hour)
			s := story(id, sprintlens.Accepted, e, acc)
			s.AcceptedAt, s.IterationNumber = &acc, wIter(n)
			snap.Stories = append(snap.Stories, s)
			snap.History = append(snap.History,
				sprintlens.HistoryEntry{StoryID: id, OccurredAt: it.Start.Add(time.Hour), State: sprintlens.Started, Estimate: wEst(e), IterationNumber: wIter(n), Source: sprintlens.FromActivity},
				sprintlens.HistoryEntry{StoryID: id, OccurredAt: acc, State: sprintlens.Accepted, Estimate: wEst(e), IterationNumber: wIter(n), Source: sprintlens.FromActivity})
		}
	}
	s50 := story(50, sprintlens.Unstarted, est, updated)
	s50.Name, s50.IterationNumber = "Migrate every cluster to EKS", wIter(5)
	s51 := story(51, sprintlens.Unstarted, 5, start)
	s51.IterationNumber = wIter(5)
	snap.Stories = append(snap.Stories, s50, s51)
	return snap
}

func saveWarningSnapshot(t *testing.T, st *postgres.Store, snap sprintlens.Snapshot) {
	t.Helper()
	if _, err := st.SaveSnapshot(context.Background(), snap, postgres.RefreshMetricsHook(time.Now)); err != nil {
		t.Fatal(err)
	}
}

func activeKinds(t *testing.T, st *postgres.Store, story int64) []sprintlens.WarningKind {
	t.Helper()
	ws, err := st.ProjectWarnings(context.Background(), 9)
	if err != nil {
		t.Fatal(err)
	}
	var out []sprintlens.WarningKind
	for _, w := range ws {
		if w.StoryID == story {
			out = append(out, w.Kind)
		}
	}
	return out
}

func TestWarningsWrittenAtSaveTime(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.Pool(t)
	pgtest.Reset(t, pool)
	st := postgres.NewStore(pool)
	updated := time.Date(2026, 10, 27, 9, 30, 0, 123456000, time.UTC)
	saveWarningSnapshot(t, st, warningSnapshot(t, 8, updated))

	ws, err := st.ProjectWarnings(ctx, 9)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 1 {
		t.Fatalf("warnings = %+v, want only story 50 too big (51 sits exactly at the limit)", ws)
	}
	w := ws[0]
	if w.StoryID != 50 || w.Kind != sprintlens.WarnTooBig || *w.Points != 8 || w.Threshold != 5 ||
		w.StoryName != "Migrate every cluster to EKS" || w.Message != "8 points is above this project's 5-point limit: split it." {
		t.Errorf("warning = %+v", w)
	}
	if want := "2026-10-27T09:30:00.123456Z|8|unstarted"; w.Fingerprint != want {
		t.Errorf("fingerprint = %q, want %q", w.Fingerprint, want)
	}
	byStory, err := st.WarningsForStories(ctx, 9, []int64{50, 51, 999})
	if err != nil {
		t.Fatal(err)
	}
	if len(byStory) != 1 || len(byStory[50]) != 1 || byStory[50][0].Kind != sprintlens.WarnTooBig {
		t.Errorf("WarningsForStories = %+v", byStory)
	}
	if none, err := st.WarningsForStories(ctx, 9, nil); err != nil || len(none) != 0 {
		t.Errorf("no stories: %v %v", none, err)
	}

	radar, err := st.RadarRows(ctx, 9)
	if err != nil {
		t.Fatal(err)
	}
	if len(radar) != 4 || radar[0].Points != 10 || radar[0].Stories != 4 || radar[0].LargestPoints != 3 || !radar[3].Current {
		t.Fatalf("radar = %+v", radar)
	}
	// Stories 50 and 51 have no history, so sprint 3's end saw no ready
	// backlog; now 51 (5 points, at the limit) is ready: 5 / velocity 10.
	if r := radar[2]; r.ReadyPoints == nil || *r.ReadyPoints != 0 || r.Velocity != 10 {
		t.Errorf("sprint 3: ready %v velocity %v", r.ReadyPoints, r.Velocity)
	}
	if r := radar[3]; r.ReadyPoints == nil || *r.ReadyPoints != 5 || r.Runway == nil || *r.Runway != 0.5 {
		t.Errorf("current sprint: ready %v runway %v, want 5 points, half a sprint", r.ReadyPoints, r.Runway)
	}

	saveWarningSnapshot(t, st, warningSnapshot(t, 3, updated.Add(time.Hour)))
	if got := activeKinds(t, st, 50); len(got) != 0 {
		t.Errorf("re-estimated to 3, story 50 still warns %v", got)
	}
}

func TestDismissalReturnsAfterEdit(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.Pool(t)
	pgtest.Reset(t, pool)
	st := postgres.NewStore(pool)
	updated := time.Date(2026, 10, 27, 9, 30, 0, 0, time.UTC)
	saveWarningSnapshot(t, st, warningSnapshot(t, 8, updated))

	at := time.Date(2026, 10, 28, 3, 0, 0, 0, time.UTC)
	d := sprintlens.Dismissal{ProjectID: 9, StoryID: 50, Kind: sprintlens.WarnTooBig, Reason: "one atomic cut-over", By: "kenji", At: at}
	dw, err := st.DismissWarning(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	if dw.StoryID != 50 || dw.By != "kenji" || !dw.At.Equal(at) || dw.Reason != "one atomic cut-over" {
		t.Errorf("dismissed = %+v", dw)
	}
	if got := activeKinds(t, st, 50); len(got) != 0 {
		t.Fatalf("dismissed warning still active: %v", got)
	}
	dismissed, err := st.DismissedWarnings(ctx, 9)
	if err != nil || len(dismissed) != 1 || dismissed[0].By != "kenji" || !dismissed[0].At.Equal(at) {
		t.Fatalf("dismissed list = %+v, %v", dismissed, err)
	}

	// The same story again (a sync without changes): still dismissed.
	saveWarningSnapshot(t, st, warningSnapshot(t, 8, updated))
	if got := activeKinds(t, st, 50); len(got) != 0 {
		t.Fatalf("unchanged story: the dismissal should hold, got %v", got)
	}
	// An edit (a new updated_at, same size): the warning is back.
	saveWarningSnapshot(t, st, warningSnapshot(t, 8, updated.Add(24*time.Hour)))
	if got := activeKinds(t, st, 50); len(got) != 1 || got[0] != sprintlens.WarnTooBig {
		t.Fatalf("after an edit the warning should return, got %v", got)
	}
	if dismissed, _ := st.DismissedWarnings(ctx, 9); len(dismissed) != 0 {
		t.Errorf("a stale dismissal is not listed as holding: %+v", dismissed)
	}

	bad := []struct {
		name string
		d    sprintlens.Dismissal
		want error
	}{
		{"no such warning", sprintlens.Dismissal{ProjectID: 9, StoryID: 51, Kind: sprintlens.WarnTooBig, Reason: "x", By: "k"}, sprintlens.ErrNotFound},
		{"unknown story", sprintlens.Dismissal{ProjectID: 9, StoryID: 777, Kind: sprintlens.WarnTooBig, Reason: "x", By: "k"}, sprintlens.ErrNotFound},
		{"no reason", sprintlens.Dismissal{ProjectID: 9, StoryID: 50, Kind: sprintlens.WarnTooBig, By: "k"}, sprintlens.ErrInvalid},
	}
	for _, b := range bad {
		if _, err := st.DismissWarning(ctx, b.d); !errors.Is(err, b.want) {
			t.Errorf("%s: err = %v, want %v", b.name, err, b.want)
		}
	}
}

func TestSaveProjectSettings(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.Pool(t)
	pgtest.Reset(t, pool)
	st := postgres.NewStore(pool)
	saveWarningSnapshot(t, st, warningSnapshot(t, 8, time.Date(2026, 10, 27, 0, 0, 0, 0, time.UTC)))

	ps, err := st.ProjectSettings(ctx, 9)
	if err != nil {
		t.Fatal(err)
	}
	if ps.SizeLimit != nil || ps.VelocityWindow != 3 || ps.Warnings != sprintlens.DefaultWarningSettings() || ps.TimeZone != "Asia/Tokyo" {
		t.Fatalf("defaults = %+v", ps)
	}
	ps.SizeLimit, ps.VelocityWindow, ps.Warnings.LumpyShare = wEst(8), 2, 60
	if err := st.SaveProjectSettings(ctx, 9, ps, "kenji"); err != nil {
		t.Fatal(err)
	}
	got, err := st.ProjectSettings(ctx, 9)
	if err != nil {
		t.Fatal(err)
	}
	if got.SizeLimit == nil || *got.SizeLimit != 8 || got.VelocityWindow != 2 || got.Warnings.LumpyShare != 60 {
		t.Fatalf("saved = %+v", got)
	}
	if kinds := activeKinds(t, st, 50); len(kinds) != 0 {
		t.Errorf("a size limit of 8 allows the 8: saving settings must refresh the warnings, got %v", kinds)
	}
	m, err := st.MetricsSummary(ctx, 9)
	if err != nil || m.Velocity.Window != 2 {
		t.Errorf("the metrics were not recomputed with window 2: %+v %v", m.Velocity, err)
	}

	ps.VelocityWindow, ps.TimeZone = 9, "Mars/Olympus"
	err = st.SaveProjectSettings(ctx, 9, ps, "kenji")
	if fields := sprintlens.FieldErrors(err); !errors.Is(err, sprintlens.ErrInvalid) || len(fields) != 2 {
		t.Errorf("invalid settings: err %v, fields %v", err, fields)
	}
	ps.VelocityWindow, ps.TimeZone = 3, "UTC"
	if err := st.SaveProjectSettings(ctx, 404, ps, "kenji"); !errors.Is(err, sprintlens.ErrNotFound) {
		t.Errorf("unknown project: %v", err)
	}
	if _, err := st.ProjectSettings(ctx, 404); !errors.Is(err, sprintlens.ErrNotFound) {
		t.Errorf("unknown project settings: %v", err)
	}
}
