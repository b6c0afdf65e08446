package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// chartConfig decodes the Chart.js configuration of canvas id.
func chartConfig(t *testing.T, body, id string) map[string]any {
	t.Helper()
	open := `<script id="` + id + `-data" type="application/json">`
	i := strings.Index(body, open)
	if i < 0 {
		t.Fatalf("no chart data for %s", id)
	}
	rest := body[i+len(open):]
	var cfg map[string]any
	if err := json.Unmarshal([]byte(rest[:strings.Index(rest, "</script>")]), &cfg); err != nil {
		t.Fatalf("chart %s: %v", id, err)
	}
	if !strings.Contains(body, `<canvas id="`+id+`" data-chart="`+id+`-data" role="img" aria-label="`) {
		t.Errorf("canvas %s lacks role=img and an aria-label", id)
	}
	return cfg
}

// datasetData returns dataset i's data of a chart config.
func datasetData(cfg map[string]any, i int) []any {
	return cfg["data"].(map[string]any)["datasets"].([]any)[i].(map[string]any)["data"].([]any)
}

func TestOverviewNumbers(t *testing.T) {
	e := newPagesEnv(t)
	body := e.page(t, "/projects/9")
	for _, tt := range []struct{ id, want string }{
		{"kpi-velocity", "6"},              // (3 + 5 + 10) / 3
		{"kpi-velocity-normalized", "9.3"}, // (3 + 5 + 10/0.5) / 3
		{"kpi-volatility", "49%"},          // sqrt(26/3) / 6
		{"kpi-window", "over the last 3 sprints"},
		{"kpi-last-accepted", "10"},
		{"burnup-line", "3 pts accepted of 4 committed; scope now 4 pts."},
	} {
		if got := one(t, body, tt.id); got != tt.want {
			t.Errorf("%s = %q, want %q", tt.id, got, tt.want)
		}
	}
	line := one(t, body, "last-sprint-line")
	for _, want := range []string{"Sprint 3", "Oct 19, 2026 – Oct 25, 2026", "Committed 11 pts (3 stories)",
		"Accepted 10 pts (3 stories)", "Carried over 1 pt (1 story)", "Added 0 pts (1 story)"} {
		if !strings.Contains(line, want) {
			t.Errorf("last sprint line %q lacks %q", line, want)
		}
	}
	if got := one(t, body, "carried-story"); got != "#2 → #3 → #4 Runbook for failover #7 · 1 pt" {
		t.Errorf("carried over from sprint 3: %q", got)
	}
	if n := len(testID(body, "velocity-row")); n != 4 {
		t.Errorf("velocity table has %d rows, want 4", n)
	}
	if n := len(testID(body, "annotation")); n != 2 { // team strength 1 → 0.5 → 1
		t.Errorf("%d annotations, want 2", n)
	}
	cfg := chartConfig(t, body, "velocity-chart")
	if got := datasetData(cfg, 0); !slices.Equal(got, []any{3.0, 5.0, 10.0, 3.0}) {
		t.Errorf("accepted bars = %v", got)
	}
	if got := datasetData(cfg, 1); !slices.Equal(got, []any{3.0, 4.0, 6.0, nil}) {
		t.Errorf("rolling velocity = %v", got)
	}
	burn := chartConfig(t, body, "burnup-chart")
	if got := datasetData(burn, 0); !slices.Equal(got, []any{0.0, 3.0, 3.0, 3.0, nil, nil, nil}) {
		t.Errorf("burn-up = %v, want 0 on day 1, 3 from day 2, nothing after today", got)
	}
	for _, link := range []string{`href="/projects/9/sprints/3"`, `href="/projects/9/sprints/4"`, `href="/projects/9/forecast"`,
		`href="/projects/9/cycle-time"`, `href="/warnings?project=9"`, `href="/okrs"`, `href="/projects/9/settings"`} {
		if !strings.Contains(body, link) {
			t.Errorf("overview lacks link %s", link)
		}
	}
	if got := one(t, body, "hint-velocity"); got != sprintlens.VelocityHint {
		t.Errorf("velocity hint = %q", got)
	}
}

func TestOverviewRange(t *testing.T) {
	e := newPagesEnv(t)
	body := e.page(t, "/projects/9?from=2026-10-12&to=2026-10-25")
	if n := len(testID(body, "velocity-row")); n != 2 {
		t.Errorf("range of sprints 2 and 3 shows %d rows", n)
	}
	if !strings.Contains(body, `href="/projects/9/velocity.csv?from=2026-10-12&amp;to=2026-10-25"`) {
		t.Error("the CSV link should keep the range")
	}
	if code, _, _ := e.get(t, "/projects/9?from=yesterday"); code != http.StatusUnprocessableEntity {
		t.Errorf("bad date: status %d, want 422", code)
	}
}

func TestSprintReview(t *testing.T) {
	e := newPagesEnv(t)
	body := e.page(t, "/projects/9/sprints/3")
	for _, tt := range []struct{ id, want string }{
		{"review-committed-points", "11"}, {"review-committed-count", "3 stories"},
		{"review-accepted-points", "10"}, {"review-accepted-count", "3 stories"},
		{"review-carried-points", "1"}, {"review-carried-count", "1 story"},
		{"review-added-points", "0"}, {"review-added-count", "1 story"},
		{"review-removed-points", "0"}, {"review-removed-count", "0 stories"},
		{"review-prev", "← Sprint 2"}, {"review-next", "Sprint 4 →"},
	} {
		if got := one(t, body, tt.id); got != tt.want {
			t.Errorf("%s = %q, want %q", tt.id, got, tt.want)
		}
	}
	if n := len(testID(body, "story-row")); n != 4 {
		t.Errorf("%d story rows, want 4 (#3, #5, #6, #7)", n)
	}
	if got := testID(body, "carryover-chain"); !slices.Equal(got, []string{"#2 → #3", "#2 → #3 → #4"}) {
		t.Errorf("chains = %q", got)
	}
	if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") || strings.Contains(body, xssName) {
		t.Error("a story name must be rendered escaped")
	}
	if !strings.Contains(body, `data-print`) || strings.Contains(body, `data-testid="reconstructed"`) {
		t.Error("review needs a print button and no reconstructed notice")
	}
	for _, hint := range []string{"committed", "accepted", "carried_over", "added", "removed", "roll_count"} {
		if len(testID(body, "hint-"+hint)) != 1 {
			t.Errorf("review lacks the %s hint", hint)
		}
	}

	body = e.page(t, "/projects/9/sprints/2")
	if got := one(t, body, "review-carried-points"); got != "2" {
		t.Errorf("sprint 2 carried over %q points, want 2 (#5)", got)
	}
	if got := one(t, body, "review-added-points"); got != "1" {
		t.Errorf("sprint 2 added %q points, want 1 (#7)", got)
	}
}

func TestSprintReviewFilters(t *testing.T) {
	e := newPagesEnv(t)
	tests := []struct {
		query string
		want  int
	}{
		{"", 4},
		{"?label=eks-migration", 2},
		{"?epic=EKS+migration", 2},
		{"?type=bug", 1},
		{"?type=feature&label=eks-migration", 2},
		{"?epic=No+such+epic", 0},
	}
	for _, tt := range tests {
		body := e.page(t, "/projects/9/sprints/3"+tt.query)
		if n := len(testID(body, "story-row")); n != tt.want {
			t.Errorf("%q: %d rows, want %d", tt.query, n, tt.want)
		}
	}
	body := e.page(t, "/projects/9/sprints/3?label=eks-migration")
	if got := one(t, body, "filter-note"); got != "2 of 4 stories match the filter." {
		t.Errorf("filter note = %q", got)
	}
	if !strings.Contains(body, `<option value="eks-migration" selected>`) {
		t.Error("the chosen label should stay selected")
	}
}

func TestSprintsRedirect(t *testing.T) {
	e := newPagesEnv(t)
	for _, tt := range []struct{ path, want string }{
		{"/sprints?project=9", "/projects/9/sprints/4"},
		{"/sprints", "/projects/9/sprints/4"},
	} {
		code, _, res := e.get(t, tt.path)
		if code != http.StatusSeeOther || res.Header.Get("Location") != tt.want {
			t.Errorf("%s: %d → %q, want 303 → %s", tt.path, code, res.Header.Get("Location"), tt.want)
		}
	}
	if code, _, _ := e.get(t, "/sprints?project=404"); code != http.StatusNotFound {
		t.Errorf("unknown project: %d", code)
	}
	if _, err := e.store.Pool().Exec(context.Background(), `DELETE FROM projects`); err != nil {
		t.Fatal(err)
	}
	if code, _, res := e.get(t, "/sprints"); code != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Errorf("no projects: %d → %q, want home", code, res.Header.Get("Location"))
	}
}

func TestUnknownProjectOrSprint(t *testing.T) {
	e := newPagesEnv(t)
	for _, path := range []string{"/projects/404", "/projects/abc", "/projects/9/sprints/99", "/projects/9/sprints/x",
		"/projects/404/forecast", "/projects/404/cycle-time", "/projects/9/forecast?release=1", "/projects/404/velocity.csv"} {
		code, body, _ := e.get(t, path)
		if code != http.StatusNotFound || !strings.Contains(body, `data-testid="error-message"`) {
			t.Errorf("%s: %d", path, code)
		}
	}
	for _, tt := range []struct{ path, want string }{
		{"/api/v1/projects/404/velocity", `{"error":"project not found"}`},
		{"/api/v1/projects/9/sprints/99", `{"error":"sprint not found"}`},
		{"/api/v1/projects/404/sprints/1", `{"error":"project not found"}`},
	} {
		code, body, _ := e.get(t, tt.path)
		if code != http.StatusNotFound || strings.TrimSpace(body) != tt.want {
			t.Errorf("%s: %d %s", tt.path, code, body)
		}
	}
}

// An imported project: only reconstructed history, two done sprints of a
// window of three.
func TestReconstructedAndShortWindow(t *testing.T) {
	e := newPagesEnv(t)
	start := time.Date(2026, 9, 7, 0, 0, 0, 0, tokyo)
	var its []sprintlens.Iteration
	for n := 1; n <= 3; n++ {
		kind := sprintlens.IterationDone
		if n == 3 {
			kind = sprintlens.IterationCurrent
		}
		its = append(its, sprintlens.Iteration{ProjectID: 21, Number: n, Start: start.AddDate(0, 0, 7*(n-1)),
			Finish: start.AddDate(0, 0, 7*n), TeamStrength: 1, Length: 1, Kind: kind})
	}
	acc := start.Add(30 * time.Hour)
	snap := sprintlens.Snapshot{
		Project:    sprintlens.Project{ID: 21, Name: "Imported", Source: sprintlens.SourceCSV, TimeZone: "Asia/Tokyo", CurrentIteration: 3},
		Full:       true,
		Iterations: its,
		Stories: []sprintlens.Story{{ProjectID: 21, ID: 1, Name: "Old story", Type: sprintlens.Feature, State: sprintlens.Accepted,
			Estimate: ptr(3.0), IterationNumber: ptr(1), CreatedAt: start.Add(-48 * time.Hour), UpdatedAt: acc, AcceptedAt: &acc}},
		History: []sprintlens.HistoryEntry{{StoryID: 1, OccurredAt: acc, State: sprintlens.Accepted, Estimate: ptr(3.0),
			IterationNumber: ptr(1), Source: sprintlens.Reconstructed}},
	}
	if _, err := e.store.SaveSnapshot(context.Background(), snap, postgres.RefreshMetricsHook(time.Now)); err != nil {
		t.Fatal(err)
	}
	body := e.page(t, "/projects/21/sprints/1")
	if got := one(t, body, "reconstructed"); !strings.Contains(got, sprintlens.ReconstructedHint) {
		t.Errorf("reconstructed notice = %q", got)
	}
	body = e.page(t, "/projects/21")
	if got := one(t, body, "kpi-window"); got != "using 2 of 3 sprints" {
		t.Errorf("short window = %q", got)
	}
	if got := one(t, body, "kpi-velocity"); got != "1.5" { // (3 + 0) / 2
		t.Errorf("velocity = %q, want 1.5", got)
	}
}

func TestJapanesePages(t *testing.T) {
	e := newPagesEnv(t)
	_, body, _ := e.get(t, "/projects/9/sprints/3", "Accept-Language", "ja")
	if got := one(t, body, "review-committed-count"); got != "3件" {
		t.Errorf("Japanese count = %q", got)
	}
	if got := one(t, body, "hint-committed"); got == sprintlens.CommittedHint || got == "" {
		t.Errorf("the Japanese page should explain committed in Japanese, got %q", got)
	}
}

// A project saved without its metrics (never computed) shows how to get
// them, and the API answers zeros rather than failing.
func TestProjectWithoutMetrics(t *testing.T) {
	e := newPagesEnv(t)
	snap := sprintlens.Snapshot{Project: sprintlens.Project{ID: 30, Name: "Fresh"}, Full: true}
	if _, err := e.store.SaveSnapshot(context.Background(), snap); err != nil {
		t.Fatal(err)
	}
	body := e.page(t, "/projects/30")
	if len(testID(body, "no-metrics")) != 1 || len(testID(body, "kpi-velocity")) != 0 {
		t.Error("a project without metrics should show the empty state")
	}
	m := getJSON(t, e, "/api/v1/projects/30/velocity")
	if m["velocity"] != 0.0 || m["window"] != 3.0 || len(m["iterations"].([]any)) != 0 {
		t.Errorf("velocity = %v", m)
	}
	if code, _, res := e.get(t, "/sprints?project=30"); code != http.StatusSeeOther || res.Header.Get("Location") != "/projects/30" {
		t.Errorf("sprints of a project without sprints: %d → %q", code, res.Header.Get("Location"))
	}
}
