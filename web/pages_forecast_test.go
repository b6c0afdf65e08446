package web_test

import (
	"math"
	"strings"
	"testing"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// The fixture's scope: #7 (1, in the current sprint), #10 (5, eks),
// #11 (unestimated), release #12, #13 (8, eks), chore #14 (not counted),
// icebox #15 (2, eks). Velocity 6 ± 2.944 from sprint 4's start (Oct 26).
func TestForecastScopes(t *testing.T) {
	e := newPagesEnv(t)
	tests := []struct {
		query                     string
		points, stories           string
		unestimated, icebox       int
		optimistic, likely, pess  string // last days
		optSprints, likelySprints string
	}{
		// 14 / 8.944 → 2, 14 / 6 → 3, 14 / 3.056 → 5 sprints
		{"", "14", "5", 1, 1, "Nov 8, 2026", "Nov 15, 2026", "Nov 29, 2026", "2 sprints", "3 sprints"},
		// up to R1: #7, #10, #11; 6 / 6 → 1 sprint, 6 / 3.056 → 2
		{"?release=12", "6", "3", 1, 0, "Nov 1, 2026", "Nov 1, 2026", "Nov 8, 2026", "1 sprint", "1 sprint"},
		// eks-migration: #10, #13; 13 / 6 → 3, 13 / 8.944 → 2, 13 / 3.056 → 5
		{"?label=eks-migration", "13", "2", 0, 1, "Nov 8, 2026", "Nov 15, 2026", "Nov 29, 2026", "2 sprints", "3 sprints"},
		{"?epic=EKS+migration", "13", "2", 0, 1, "Nov 8, 2026", "Nov 15, 2026", "Nov 29, 2026", "2 sprints", "3 sprints"},
	}
	for _, tt := range tests {
		body := e.page(t, "/projects/9/forecast"+tt.query)
		for id, want := range map[string]string{
			"forecast-remaining-points": tt.points, "forecast-remaining-stories": tt.stories,
			"forecast-range-optimistic": tt.optimistic, "forecast-range-likely": tt.likely,
			"forecast-range-pessimistic":        tt.pess,
			"forecast-range-optimistic-sprints": tt.optSprints, "forecast-range-likely-sprints": tt.likelySprints,
		} {
			if got := one(t, body, id); got != want {
				t.Errorf("%q: %s = %q, want %q", tt.query, id, got, want)
			}
		}
		if n := len(testID(body, "forecast-unestimated")); n != min(tt.unestimated, 1) {
			t.Errorf("%q: unestimated note shown %d times", tt.query, n)
		}
		if n := len(testID(body, "forecast-icebox")); n != tt.icebox {
			t.Errorf("%q: icebox note shown %d times", tt.query, n)
		}
	}
}

// The simulation resamples sprints 1-3 (3, 5 and 10 points; 1, 1 and 3
// stories) with the project id as seed, dated from sprint 4's start.
func TestForecastMonteCarlo(t *testing.T) {
	e := newPagesEnv(t)
	body := e.page(t, "/projects/9/forecast")
	f := sprintlens.BuildForecast(sprintlens.ForecastInput{
		RemainingPoints: 14, RemainingStories: 5,
		Velocity: sprintlens.Velocity{Value: 6, StdDev: math.Sqrt(26.0 / 3)},
		History: []sprintlens.IterationPoints{
			{Number: 1, Done: true, Points: 3, Stories: 1},
			{Number: 2, Done: true, Points: 5, Stories: 1},
			{Number: 3, Done: true, Points: 10, Stories: 3},
		},
		Schedule: sprintlens.Schedule{Start: sprintStart(4), Weeks: 1, Location: tokyo},
		Seed:     fixtureProject,
	})
	l := i18n.From(t.Context())
	for id, o := range map[string]sprintlens.Outlook{
		"forecast-mc-points-p50": f.Points.P50, "forecast-mc-points-p85": f.Points.P85, "forecast-mc-points-p95": f.Points.P95,
		"forecast-mc-stories-p50": f.Stories.P50, "forecast-mc-stories-p85": f.Stories.P85, "forecast-mc-stories-p95": f.Stories.P95,
	} {
		// Any mix of 3, 5 and 10 covers 14 points in 2 to 5 sprints, and
		// any mix of 1 and 3 stories covers 5 in 2 to 5.
		if o.Iterations < 2 || o.Iterations > 5 {
			t.Errorf("%s needs %d sprints, outside 2..5", id, o.Iterations)
		}
		if got, want := one(t, body, id), l.Date(o.Finish.AddDate(0, 0, -1)); got != want {
			t.Errorf("%s = %q, want %q", id, got, want)
		}
	}
	if !strings.Contains(one(t, body, "definitions"), sprintlens.MonteCarloHint) {
		t.Error("the forecast should define the Monte Carlo method")
	}
}

// Cycle times (hours): features #1 49, #2 49, #5 216, #3 49, #8 24; bug #6 10.
func TestCycleTimePage(t *testing.T) {
	e := newPagesEnv(t)
	body := e.page(t, "/projects/9/cycle-time")
	rows := func(body, table string) map[string]string {
		out := map[string]string{}
		for _, r := range strings.Split(body, `data-testid="`+table+`-row" data-key="`)[1:] {
			key := r[:strings.Index(r, `"`)]
			out[key] = one(t, r[:strings.Index(r, "</tr>")], "p50") + " / " + one(t, r[:strings.Index(r, "</tr>")], "p85")
		}
		return out
	}
	// features sorted 24, 49, 49, 49, 216: p50 49h, p85 49 + 0.4 × 167 = 115.8h
	wantType := map[string]string{"feature": "2 d / 4.8 d", "bug": "0.4 d / 0.4 d"}
	if got := rows(body, "cycle-by-type"); !mapsEqual(got, wantType) {
		t.Errorf("by type = %v, want %v", got, wantType)
	}
	// 3 points: #8 24h and #1 49h: p50 36.5h, p85 24 + 0.85 × 25 = 45.25h
	wantSize := map[string]string{"2": "9 d / 9 d", "3": "1.5 d / 1.9 d", "5": "2 d / 2 d", "8": "2 d / 2 d", "none": "0.4 d / 0.4 d"}
	if got := rows(body, "cycle-by-size"); !mapsEqual(got, wantSize) {
		t.Errorf("by size = %v, want %v", got, wantSize)
	}
	if n := len(testID(body, "cycle-row")); n != 6 {
		t.Errorf("%d scatter rows, want 6", n)
	}
	chartConfig(t, body, "cycle-chart")

	// Sprint 3's acceptances: #6, #3 and #5; among them the features.
	body = e.page(t, "/projects/9/cycle-time?from=2026-10-19&to=2026-10-25&type=feature")
	if n := len(testID(body, "cycle-row")); n != 2 {
		t.Errorf("filtered: %d rows, want 2", n)
	}
	// 49h and 216h: p50 132.5h = 5.5 d, p85 49 + 0.85 × 167 = 190.95h = 8 d
	if got := rows(body, "cycle-by-type"); !mapsEqual(got, map[string]string{"feature": "5.5 d / 8 d"}) {
		t.Errorf("filtered by type = %v", got)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestRollupPage(t *testing.T) {
	e := newPagesEnv(t)
	evil := "</script><script>alert(2)</script>"
	if _, err := e.store.SaveSnapshot(t.Context(), sprintlens.Snapshot{Project: sprintlens.Project{ID: 31, Name: evil}, Full: true}); err != nil {
		t.Fatal(err)
	}
	body := e.page(t, "/rollup")
	if n := len(testID(body, "rollup-row")); n != 2 {
		t.Fatalf("%d rows, want 2", n)
	}
	if strings.Contains(body, evil) || !strings.Contains(body, `\u003c/script\u003e`) {
		t.Error("a project name must be escaped in the page and in the chart data")
	}
	for id, want := range map[string]string{"rollup-velocity": "6", "rollup-volatility": "49%",
		"rollup-last": "10 / 11", "rollup-carried": "1 (1)"} {
		if got := one(t, body, id); got != want {
			t.Errorf("%s = %q, want %q", id, got, want)
		}
	}
	cfg := chartConfig(t, body, "rollup-chart")
	if got := datasetData(cfg, 0); len(got) != 2 || got[1] != 6.0 { // by name: the script one sorts first
		t.Errorf("roll-up velocity bars = %v", got)
	}
}
