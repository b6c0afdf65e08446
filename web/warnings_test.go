package web_test

import (
	"context"
	"encoding/json"
	"html"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// The simulated team's warnings, as newTeam's comment derives them. The
// coarse sprints' lumpy stories are found by their names.
func TestTeamWarningsAreTheDesignedOnes(t *testing.T) {
	_, st, _ := teamServer(t)
	got := kindsOf(t, st)
	want := map[int64][]sprintlens.WarningKind{
		9001: {sprintlens.WarnLongRunning},
		9002: {sprintlens.WarnTooBig, sprintlens.WarnMultiSprint, sprintlens.WarnLumpySprint},
		9003: {sprintlens.WarnLongRunning, sprintlens.WarnRejectedTwice},
		9021: {sprintlens.WarnUnestimatedSoon, sprintlens.WarnThinScope},
		9022: {sprintlens.WarnTooBig},
		9023: {sprintlens.WarnThinScope},
		9030: {sprintlens.WarnThinScope},
	}
	var lumpyOld []int64
	for id, kinds := range got {
		if id < 9000 {
			if !slices.Equal(kinds, []sprintlens.WarningKind{sprintlens.WarnLumpySprint}) {
				t.Errorf("accepted story %d: %v, want only lumpy_sprint", id, kinds)
			}
			lumpyOld = append(lumpyOld, id)
			continue
		}
		if !slices.Equal(kinds, want[id]) {
			t.Errorf("story %d: %v, want %v", id, kinds, want[id])
		}
	}
	for id := range want {
		if _, ok := got[id]; !ok {
			t.Errorf("story %d has no warning, want %v", id, want[id])
		}
	}
	// Lumpy coarse sprints: 1, 2, 5, 8 (a 5 of 7 points), 4, 7 (an 8 of 15);
	// sprints 3 and 6 accept two 8s each, 8 of 23.
	if len(lumpyOld) != 6 {
		t.Errorf("lumpy accepted stories = %v, want six from the coarse sprints", lumpyOld)
	}
}

func TestWarningsPage(t *testing.T) {
	srv, st, _ := teamServer(t)
	c := &client{t: t, h: srv}
	res, body := c.get("/projects/77/warnings")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	if got := testIDText(t, body, "size-limit"); got != "Size limit: 5 points, the lower of 5 and half the velocity of 13." {
		t.Errorf("size limit note = %q", got)
	}
	counts := map[string]string{"too_big": "2", "multi_sprint": "1", "unestimated_soon": "1", "thin_scope": "3",
		"long_running": "2", "rejected_twice": "1", "lumpy_sprint": "7"}
	for kind, n := range counts {
		if got := testIDText(t, body, "warning-count-"+kind); got != n {
			t.Errorf("count of %s = %q, want %s", kind, got, n)
		}
	}
	if n := testIDs(body, "warning-row"); n != 17 {
		t.Errorf("%d warning rows, want 17", n)
	}
	// Every warning's English message is on the page as the domain wrote it.
	ws, err := st.ProjectWarnings(context.Background(), teamID)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		if !strings.Contains(html.UnescapeString(body), w.Message) {
			t.Errorf("page lacks %s message of story %d: %q", w.Kind, w.StoryID, w.Message)
		}
	}
	if !strings.Contains(body, `id="warning-9022-too_big"`) ||
		!strings.Contains(body, "8 points is above this project&#39;s 5-point limit: split it.") {
		t.Error("story 9022's too-big row is missing")
	}
	for _, hint := range []string{sprintlens.TooBigHint, sprintlens.LumpySprintHint, sprintlens.DismissHint} {
		if !strings.Contains(html.UnescapeString(body), hint) {
			t.Errorf("English page should show the definition %q", hint)
		}
	}

	_, body = c.get("/projects/77/warnings?kind=too_big")
	if n := testIDs(body, "warning-row"); n != 2 || testIDs(body, "warning-group-too_big") != 1 || testIDs(body, "warnings-all") != 1 {
		t.Errorf("filtered to too_big: %d rows", n)
	}
	_, body = c.get("/warnings?project=77")
	if testIDs(body, "warning-row") != 17 {
		t.Error("GET /warnings?project=77 should show the same list")
	}
	res, _ = c.get("/warnings")
	if res.StatusCode != 302 || res.Header.Get("Location") != "/projects/77/warnings" {
		t.Errorf("with one project /warnings redirects to it: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = c.get("/projects/77/warnings", "Accept-Language", "ja")
	if !strings.Contains(body, "8 ポイントは、このプロジェクトの上限 5 ポイントを超えています。分割しましょう。") {
		t.Error("Japanese page should say the too-big message in Japanese")
	}
	for _, path := range []string{"/projects/999/warnings", "/projects/abc/warnings", "/warnings?project=-1"} {
		if res, _ := c.get(path); res.StatusCode != 404 {
			t.Errorf("%s: status %d, want 404", path, res.StatusCode)
		}
	}
}

func TestDismissWarningFlow(t *testing.T) {
	srv, st, now := teamServer(t)
	c := &client{t: t, h: srv}
	c.get("/projects/77/warnings")
	form := func(story, kind, reason string) url.Values {
		return url.Values{"story_id": {story}, "kind": {kind}, "reason": {reason}}
	}

	// Without the CSRF token nothing happens.
	bare := &client{t: t, h: srv}
	if res, _ := bare.post("/projects/77/warnings/dismiss", form("9022", "too_big", "x"), true); res.StatusCode < 400 {
		t.Fatalf("dismiss without CSRF token: %d", res.StatusCode)
	}
	// An empty reason: the row comes back with the message beside the field.
	res, body := c.post("/projects/77/warnings/dismiss", form("9022", "too_big", "  "), true)
	if res.StatusCode != 422 || testIDs(body, "dismiss-error") != 1 || !strings.Contains(body, `id="warning-9022-too_big"`) {
		t.Fatalf("empty reason: %d %s", res.StatusCode, body)
	}
	res, body = c.post("/projects/77/warnings/dismiss", form("9022", "too_big", ""), false)
	if res.StatusCode != 422 || testIDs(body, "dismiss-error") != 1 || testIDs(body, "warning-row") != 17 {
		t.Fatalf("empty reason, plain form: %d", res.StatusCode)
	}
	if res, _ := c.post("/projects/77/warnings/dismiss", form("9022", "too_small", "x"), true); res.StatusCode != 422 {
		t.Errorf("unknown kind: %d, want 422", res.StatusCode)
	}
	if res, _ := c.post("/projects/77/warnings/dismiss", form("9020", "too_big", "x"), true); res.StatusCode != 404 {
		t.Errorf("a warning that does not exist: %d, want 404", res.StatusCode)
	}

	res, body = c.post("/projects/77/warnings/dismiss", form("9022", "too_big", "One stateful set per cluster; cannot split."), true)
	if res.StatusCode != 200 || testIDText(t, body, "warning-dismissed") != "Dismissed by local: One stateful set per cluster; cannot split." {
		t.Fatalf("dismiss: %d %s", res.StatusCode, body)
	}
	if got := kindsOf(t, st)[9022]; len(got) != 0 {
		t.Fatalf("9022 still warns %v", got)
	}
	_, body = c.get("/projects/77/warnings")
	if strings.Contains(body, `id="warning-9022-too_big"`) || testIDs(body, "dismissed-row") != 1 {
		t.Error("the dismissed warning should leave the list for the dismissed section")
	}
	res, _ = c.post("/projects/77/warnings/dismiss", form("9002", "too_big", "The DNS cut-over is atomic."), false)
	if res.StatusCode != 303 || res.Header.Get("Location") != "/projects/77/warnings" {
		t.Errorf("plain form dismissal: %d %q", res.StatusCode, res.Header.Get("Location"))
	}

	// A sync that changes nothing keeps both dismissals; editing 9022 in
	// Tracker brings its warning back.
	saveTeam(t, st, now, nil)
	if got := kindsOf(t, st); len(got[9022]) != 0 || slices.Contains(got[9002], sprintlens.WarnTooBig) {
		t.Fatalf("after an unchanged sync: 9022 %v, 9002 %v", got[9022], got[9002])
	}
	saveTeam(t, st, now, map[int64]time.Duration{9022: time.Minute})
	if got := kindsOf(t, st); !slices.Equal(got[9022], []sprintlens.WarningKind{sprintlens.WarnTooBig}) ||
		slices.Contains(got[9002], sprintlens.WarnTooBig) {
		t.Fatalf("after editing 9022: 9022 %v, 9002 %v", got[9022], got[9002])
	}
}

func TestAPIWarnings(t *testing.T) {
	srv, st, _ := teamServer(t)
	c := &client{t: t, h: srv}
	res, body := c.get("/api/v1/projects/77/warnings")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	ws, err := st.ProjectWarnings(context.Background(), teamID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(ws) || len(got) != 17 {
		t.Fatalf("%d warnings, want %d", len(got), len(ws))
	}
	for i, g := range got {
		if keys := slices.Sorted(maps.Keys(g)); !slices.Equal(keys, []string{"kind", "message", "points", "since", "story_id"}) {
			t.Fatalf("fields = %v", keys)
		}
		w := ws[i]
		since, err := time.Parse(time.RFC3339Nano, g["since"].(string))
		if g["story_id"] != float64(w.StoryID) || g["kind"] != string(w.Kind) || g["message"] != w.Message ||
			err != nil || !since.Equal(w.Since) {
			t.Errorf("item %d = %v, want %+v", i, g, w)
		}
		if w.Points == nil && g["points"] != nil || w.Points != nil && g["points"] != *w.Points {
			t.Errorf("item %d points = %v", i, g["points"])
		}
	}
	var first map[string]any
	for _, g := range got {
		if g["story_id"] == float64(9022) {
			first = g
		}
	}
	if first["kind"] != "too_big" || first["points"] != float64(8) || first["message"] != "8 points is above this project's 5-point limit: split it." {
		t.Errorf("9022 = %v", first)
	}
	for _, g := range got {
		if g["story_id"] == float64(9021) && g["kind"] == "unestimated_soon" && g["points"] != nil {
			t.Errorf("an unestimated story has null points: %v", g)
		}
	}

	c.get("/projects/77/warnings")
	c.post("/projects/77/warnings/dismiss", url.Values{"story_id": {"9022"}, "kind": {"too_big"}, "reason": {"atomic"}}, true)
	_, body = c.get("/api/v1/projects/77/warnings")
	if strings.Contains(body, `"story_id":9022`) {
		t.Error("dismissed warnings are left out of the API")
	}
	for _, path := range []string{"/api/v1/projects/999/warnings", "/api/v1/projects/x/warnings"} {
		res, body := c.get(path)
		var e map[string]string
		if res.StatusCode != 404 || json.Unmarshal([]byte(body), &e) != nil || e["error"] == "" {
			t.Errorf("%s: %d %s, want 404 JSON", path, res.StatusCode, body)
		}
	}
}

func TestRadarPage(t *testing.T) {
	srv, st, _ := teamServer(t)
	c := &client{t: t, h: srv}
	res, body := c.get("/projects/77/radar")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	rows, err := st.RadarRows(context.Background(), teamID)
	if err != nil {
		t.Fatal(err)
	}
	var project int
	for _, r := range rows {
		if r.Scope == "" {
			project++
		}
	}
	if n := testIDs(body, "radar-row"); n != project || n != 21 {
		t.Errorf("%d radar rows, want the 21 reviewed sprints", n)
	}
	if got := testIDText(t, body, "radar-verdict"); !strings.HasPrefix(got, "Splitting is paying off:") {
		t.Errorf("verdict = %q", got)
	}
	// Sprint 4 accepted sprint 3's 8 (which spanned), a 5 and a 2: 15 points,
	// 8 of them big (53.3%), lumpiness 53.3%, 1 of 3 spanned.
	row4 := rowOf(t, body, 4)
	for id, want := range map[string]string{"radar-points": "15", "radar-big": "53.3%", "radar-lumpiness": "53.3%", "radar-spanned": "33.3%"} {
		if got := testIDText(t, row4, id); got != want {
			t.Errorf("sprint 4 %s = %q, want %q", id, got, want)
		}
	}
	// Sprint 12 is split: 13 points, none big, largest 3 (23.1%), none spanned.
	row12 := rowOf(t, body, 12)
	for id, want := range map[string]string{"radar-points": "13", "radar-big": "0%", "radar-lumpiness": "23.1%", "radar-spanned": "0%", "radar-volatility": "0%"} {
		if got := testIDText(t, row12, id); got != want {
			t.Errorf("sprint 12 %s = %q, want %q", id, got, want)
		}
	}
	if got := testIDText(t, body, "trend-big"); !strings.HasPrefix(got, "0%") {
		t.Errorf("recent big share = %q, want 0%%", got)
	}
	for _, id := range []string{"radar-trend", "radar-volatility", "radar-runway"} {
		if !strings.Contains(body, `<canvas data-chart="`+id+`"`) || !strings.Contains(body, `<script id="`+id+`" type="application/json">`) {
			t.Errorf("chart %s missing", id)
		}
	}
	if testIDs(body, "radar-scope-row") != 3 {
		t.Errorf("want a row per label")
	}
	res, body = c.get("/projects/77/radar?label=eks-migration")
	if res.StatusCode != 200 || testIDText(t, body, "radar-scope") != "· eks-migration" {
		t.Errorf("label radar: %d", res.StatusCode)
	}
	if res, _ := c.get("/projects/77/radar?label=nope"); res.StatusCode != 404 {
		t.Errorf("unknown label: %d", res.StatusCode)
	}
}

// rowOf cuts sprint n's table row out of the radar page.
func rowOf(t *testing.T, body string, n int) string {
	t.Helper()
	start := strings.Index(body, `data-testid="radar-row" data-sprint="`+strconv.Itoa(n)+`"`)
	if start < 0 {
		t.Fatalf("no row for sprint %d", n)
	}
	end := strings.Index(body[start:], "</tr>")
	return body[start : start+end]
}

func TestCalibrationPage(t *testing.T) {
	srv, _, _ := teamServer(t)
	c := &client{t: t, h: srv}
	res, body := c.get("/projects/77/calibration")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	// Sizes 1, 2, 3, 5, 8 were accepted: 24, 48 + 8, 12, 8 and 8 stories.
	if n := testIDs(body, "calibration-row"); n != 5 {
		t.Errorf("%d calibration rows, want 5", n)
	}
	// The 3s took 1.5, 2, 2.5 or 6 days (p50 2.25, p85 6); the 5s 2 days.
	findings := html.UnescapeString(body)
	for _, want := range []string{
		"Your 3s take as long as your 5s (p50 2.3 d against 2 d).",
		"Your 3s have a long tail: p85 6 d is more than twice the p50 of 2.3 d.",
	} {
		if !strings.Contains(findings, want) {
			t.Errorf("finding %q missing", want)
		}
	}
	if testIDs(body, "calibration-finding") != 2 || testIDs(body, "flag-long-tail") != 1 || testIDs(body, "flag-overlap") != 1 {
		t.Errorf("want exactly one overlap and one long tail")
	}
	row := body[strings.Index(body, `data-size="8"`):]
	if got := testIDText(t, row, "calibration-count"); got != "8" {
		t.Errorf("8-point stories = %q, want 8", got)
	}
	if got := testIDText(t, row, "calibration-p50"); got != "9.5 d" {
		t.Errorf("8-point p50 = %q, want 9.5 d", got)
	}
}
