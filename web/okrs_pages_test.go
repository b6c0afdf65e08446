package web

import (
	"html"
	"net/url"
	"strings"
	"testing"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

func TestOKRsPage(t *testing.T) {
	f := newOKRFake(t)
	s := newOKRServer(t, f)
	res, body := get(t, s, "/okrs")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	counts := map[string]int{"okr-objective": 2, "kr-row": 4, "kr-status": 4, "kr-outdated": 2, "objective-status": 2,
		"period-picker": 1, "okr-coverage": 1, "coverage-sprint": 2, "okr-hints": 1, "objective-form": 1, "kr-form": 1,
		"close-form": 1, "checkin-link": 1}
	for id, want := range counts {
		if got := countTestID(body, id); got != want {
			t.Errorf("%d elements with data-testid=%q, want %d", got, id, want)
		}
	}
	if strings.Contains(body, xssTitle) || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the objective title must be escaped")
	}
	for _, want := range []string{
		"12 services",       // EKS current value
		"1 of 3 milestones", // milestones value
		"sl-status-at_risk", "sl-status-off_track",
		html.EscapeString(sprintlens.HintObjectiveProgress), // every metric explains itself
		html.EscapeString(sprintlens.HintCoverage),
		"SRE Platform #47",                 // coverage per sprint, newest first
		"8 of 16 accepted points",          // 501 + 502 trace, 600 (monitoring) does not
		"Calmer on-call",                   // epic linked to no key result
		`href="/okrs/key-results/13"`,      // key result without links
		`<option value="2026Q4" selected>`, // picker shows the current quarter
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if i47, i46 := strings.Index(body, "SRE Platform #47"), strings.Index(body, "SRE Platform #46"); i46 < i47 {
		t.Error("sprints should be listed newest first")
	}
	assertCSPSafe(t, body)

	_, ja := get(t, s, "/okrs?lang=ja")
	if !strings.Contains(ja, "要注意") || !strings.Contains(ja, "週次チェックイン") {
		t.Error("the Japanese page should use the okr.ja catalog")
	}
}

func TestOKRsPeriods(t *testing.T) {
	f := newOKRFake(t)
	s := newOKRServer(t, f)
	res, body := get(t, s, "/okrs?period=2027Q1")
	if res.StatusCode != 200 || countTestID(body, "okr-empty") != 1 || countTestID(body, "period-start-form") != 1 ||
		countTestID(body, "okr-objective") != 0 {
		t.Errorf("unstored quarter: %d, empty state %d", res.StatusCode, countTestID(body, "okr-empty"))
	}
	if res, _ := get(t, s, "/okrs?period=no-such-period"); res.StatusCode != 404 {
		t.Errorf("unknown custom period: %d, want 404", res.StatusCode)
	}
	if res, _ := get(t, s, "/okrs/check-in?period=2026Q9"); res.StatusCode != 404 {
		t.Errorf("bad quarter: %d, want 404", res.StatusCode)
	}

	f.periods[0].Closed = true
	_, body = get(t, s, "/okrs?period=2026Q4")
	if countTestID(body, "period-closed") != 1 || countTestID(body, "objective-form") != 0 || countTestID(body, "close-form") != 0 {
		t.Error("a closed period shows its badge and no forms")
	}
	_, body = get(t, s, "/okrs/check-in?period=2026Q4")
	if countTestID(body, "checkin-closed") != 1 || countTestID(body, "checkin-form") != 0 || countTestID(body, "kr-row") != 4 {
		t.Error("a closed period's check-in page is read-only")
	}
}

func TestCheckInPage(t *testing.T) {
	f := newOKRFake(t)
	s := newOKRServer(t, f)
	res, body := get(t, s, "/okrs/check-in")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	for id, want := range map[string]int{"kr-row": 4, "checkin-form": 4, "checkin-save": 4, "checkin-facts": 4, "kr-outdated": 2} {
		if got := countTestID(body, id); got != want {
			t.Errorf("%d x data-testid=%q, want %d", got, id, want)
		}
	}
	token := csrfMeta.FindStringSubmatch(body)
	if token == nil || strings.Count(body, `name="_csrf" value="`+token[1]+`"`) != 4 {
		t.Error("each row form carries the page's CSRF token for posts without JavaScript")
	}
	for _, want := range []string{
		`hx-post="/okrs/check-ins"`, `hx-target="#kr-10"`, `hx-swap="outerHTML"`,
		"This week: accepted 1 (3 pts), carried over 1 (8 pts)", // 501 accepted Nov 24, 503 under way for a week
		"linked work 33 % accepted",                             // 8 of 24 points
		"No Tracker labels or epics linked.",                    // binary key result
		`name="value" step="any" required inputmode="decimal" value="12"`,
		`name="confidence" min="0" max="10"`,
		`<input type="checkbox" name="milestone" value="0" checked>`,
		xssEscaped,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("check-in page lacks %q", want)
		}
	}
	if strings.Contains(body, xssTitle) {
		t.Error("objective title not escaped on the check-in page")
	}
	assertCSPSafe(t, body)
}

const xssEscaped = "&lt;script&gt;alert(1)&lt;/script&gt;"

func TestCheckInRowSave(t *testing.T) {
	f := newOKRFake(t)
	s := newOKRServer(t, f)
	sess := newSession(t, s, "/okrs")
	htmx := []string{"HX-Request", "true"}

	res, body := sess.post(t, s, "/okrs/check-ins", url.Values{"key_result_id": {"10"}, "value": {"14"},
		"confidence": {"8"}, "comment": {"cron workers moved"}, "period": {"2026Q4"}}, htmx...)
	if res.StatusCode != 200 || strings.Contains(body, "<html") || strings.Contains(body, "<!DOCTYPE") {
		t.Fatalf("htmx save should return the row fragment: %d %.200s", res.StatusCode, body)
	}
	if countTestID(body, "kr-row") != 1 || countTestID(body, "checkin-saved") != 1 || !strings.Contains(body, `id="kr-10"`) ||
		!strings.Contains(body, "14 services") {
		t.Errorf("saved row: %s", body)
	}
	last := f.checkIns[len(f.checkIns)-1]
	if last.KeyResultID != 10 || last.Value != 14 || last.Confidence != 8 || last.Author != "local" || last.Comment != "cron workers moved" {
		t.Errorf("stored %+v", last)
	}

	n := len(f.checkIns)
	res, body = sess.post(t, s, "/okrs/check-ins", url.Values{"key_result_id": {"10"}, "value": {"15"},
		"confidence": {"11"}, "comment": {"typo <b>"}}, htmx...)
	if res.StatusCode != 200 || countTestID(body, "checkin-error") != 1 || !strings.Contains(body, "confidence: must be 0 to 10") ||
		!strings.Contains(body, `value="typo &lt;b&gt;"`) || len(f.checkIns) != n {
		t.Errorf("invalid confidence: %d stored=%d %s", res.StatusCode, len(f.checkIns)-n, body)
	}

	res, _ = sess.post(t, s, "/okrs/check-ins", url.Values{"key_result_id": {"12"}, "milestone": {"0", "2"},
		"confidence": {"7"}})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/okrs/check-in?period=2026Q4#kr-12" {
		t.Errorf("no-JS save: %d Location %q", res.StatusCode, res.Header.Get("Location"))
	}
	last = f.checkIns[len(f.checkIns)-1]
	if last.KeyResultID != 12 || last.Value != 2 || len(last.MilestonesDone) != 3 || !last.MilestonesDone[0] || last.MilestonesDone[1] || !last.MilestonesDone[2] {
		t.Errorf("milestones check-in %+v", last)
	}
	res, _ = sess.post(t, s, "/okrs/check-ins", url.Values{"key_result_id": {"13"}, "value": {"1"}, "confidence": {"9"},
		"return": {"kr"}})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/okrs/key-results/13" {
		t.Errorf("save from the key result page: %d %q", res.StatusCode, res.Header.Get("Location"))
	}

	n = len(f.checkIns)
	res, _ = session{}.post(t, s, "/okrs/check-ins", url.Values{"key_result_id": {"10"}, "value": {"16"}, "confidence": {"8"}}, htmx...)
	if res.StatusCode < 400 || res.StatusCode >= 500 || len(f.checkIns) != n {
		t.Errorf("a post without the CSRF token must be refused: %d, stored %d", res.StatusCode, len(f.checkIns)-n)
	}
	if res, _ := sess.post(t, s, "/okrs/check-ins", url.Values{"key_result_id": {"999"}, "value": {"1"}, "confidence": {"5"}}, htmx...); res.StatusCode != 404 {
		t.Errorf("unknown key result: %d", res.StatusCode)
	}

	f.periods[0].Closed = true
	res, body = sess.post(t, s, "/okrs/check-ins", url.Values{"key_result_id": {"10"}, "value": {"16"}, "confidence": {"8"}})
	if res.StatusCode != 409 || !strings.Contains(body, "This period is closed") || len(f.checkIns) != n {
		t.Errorf("closed period, no JS: %d", res.StatusCode)
	}
}

func TestKeyResultPage(t *testing.T) {
	f := newOKRFake(t)
	s := newOKRServer(t, f)
	res, body := get(t, s, "/okrs/key-results/10")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	for id, want := range map[string]int{"kr-chart": 1, "kr-chart-table": 1, "checkin-history": 1, "checkin-entry": 2,
		"kr-delivery": 1, "kr-forecast": 1, "forecast-late": 1, "kr-divergence": 1, "score-form": 1, "checkin-form": 1, "kr-row": 1} {
		if got := countTestID(body, id); got != want {
			t.Errorf("%d x data-testid=%q, want %d", got, id, want)
		}
	}
	for _, want := range []string{
		`<canvas data-chart="kr-chart-data"`,
		`<script id="kr-chart-data" type="application/json">`,
		`"label":"Ideal line"`,
		`{"x":0,"y":0},{"x":92,"y":24}`, // the ideal line over the 92-day quarter
		"8 of 24 points accepted (2 of 4 stories)",
		"carried over 1 (8 pts)",
		"forecast to finish on Jan 7, 2027", // 16 open points at 8/3 a week: 6 weeks from Nov 26
		`data-kind="linked_work_after_period"`,
		"API gateway &lt;moved&gt;",                                    // comments are escaped
		xssEscaped,                                                     // breadcrumb: the objective's title
		`name="score" min="0" max="1" step="0.1" required value="0.5"`, // suggested from 50 %
		`name="return" value="kr"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("key result page lacks %q", want)
		}
	}
	if strings.Contains(body, xssTitle) {
		t.Error("objective title not escaped")
	}
	history := body[strings.Index(body, `data-testid="checkin-history"`):]
	if strings.Index(history, "Nov 24, 2026") > strings.Index(history, "Nov 12, 2026") {
		t.Error("history should list the newest check-in first")
	}
	assertCSPSafe(t, body)

	for _, path := range []string{"/okrs/key-results/999", "/okrs/key-results/abc"} {
		if res, _ := get(t, s, path); res.StatusCode != 404 {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
	}
	_, body = get(t, s, "/okrs/key-results/13")
	if countTestID(body, "kr-unlinked") != 1 || countTestID(body, "kr-chart-empty") != 1 {
		t.Error("a key result without links or check-ins says so")
	}
}

func TestOKRForms(t *testing.T) {
	f := newOKRFake(t)
	s := newOKRServer(t, f)
	sess := newSession(t, s, "/okrs")
	tests := []struct {
		name     string
		path     string
		form     url.Values
		status   int
		location string
		inBody   string
	}{
		{"quarter", "/okrs/periods", url.Values{"kind": {"quarter"}, "key": {"2027q1"}}, 303, "/okrs?period=2027Q1", ""},
		{"quarter twice", "/okrs/periods", url.Values{"kind": {"quarter"}, "key": {"2027Q1"}}, 422, "", "already exists"},
		{"custom", "/okrs/periods", url.Values{"kind": {"custom"}, "key": {"h1-push"}, "name": {"H1 push"},
			"start": {"2027-01-04"}, "last_day": {"2027-06-30"}}, 303, "/okrs?period=h1-push", ""},
		{"custom ends before it starts", "/okrs/periods", url.Values{"kind": {"custom"}, "key": {"bad"}, "name": {"Bad"},
			"start": {"2027-02-01"}, "last_day": {"2027-01-01"}}, 422, "", "must be after the start"},
		{"objective", "/okrs/objectives", url.Values{"period": {"2026Q4"}, "title": {"Calmer on-call"}, "team": {"SRE"}}, 303, "", ""},
		{"objective without scope", "/okrs/objectives", url.Values{"period": {"2026Q4"}, "title": {"No owner"}}, 422, "", "set a project or a team"},
		{"key result", "/okrs/key-results", url.Values{"objective_id": {"3"}, "title": {"Cache hit rate"}, "kind": {"percentage"},
			"start": {"60"}, "target": {"95"}, "labels": {"cloudfront"}}, 303, "", ""},
		{"unknown label", "/okrs/key-results", url.Values{"objective_id": {"3"}, "title": {"x"}, "kind": {"increase"},
			"start": {"0"}, "target": {"5"}, "labels": {"cloudfront, clodfront"}}, 422, "", `unknown label &#34;clodfront&#34;`},
		{"target equals start", "/okrs/key-results", url.Values{"objective_id": {"3"}, "title": {"x"}, "kind": {"decrease"},
			"start": {"2"}, "target": {"2"}}, 422, "", "must differ from start"},
		{"score", "/okrs/key-results/10/score", url.Values{"score": {"0.5"}, "retro": {"Chef mailer took two sprints"}}, 303, "/okrs/key-results/10", ""},
		{"score above 1", "/okrs/key-results/10/score", url.Values{"score": {"1.5"}}, 422, "", "score: must be 0.0 to 1.0"},
		{"close unconfirmed", "/okrs/periods/2026Q4/close", url.Values{}, 422, "", "confirm"},
		{"close", "/okrs/periods/2026Q4/close", url.Values{"confirm": {"yes"}}, 303, "/okrs?period=2026Q4", ""},
		{"close again", "/okrs/periods/2026Q4/close", url.Values{"confirm": {"yes"}}, 409, "", "This period is closed"},
		{"score when closed", "/okrs/key-results/10/score", url.Values{"score": {"0.6"}}, 409, "", "This period is closed"},
		{"objective when closed", "/okrs/objectives", url.Values{"period": {"2026Q4"}, "title": {"Late"}, "team": {"SRE"}}, 409, "", "closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := sess.post(t, s, tt.path, tt.form)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %.300s", res.StatusCode, tt.status, body)
			}
			if tt.location != "" && res.Header.Get("Location") != tt.location {
				t.Errorf("Location %q, want %q", res.Header.Get("Location"), tt.location)
			}
			if !strings.Contains(body, tt.inBody) {
				t.Errorf("body lacks %q: %.400s", tt.inBody, body)
			}
		})
	}
	if kr, _ := f.KeyResult(t.Context(), 10); kr.Score == nil || *kr.Score != 0.5 || kr.Retro != "Chef mailer took two sprints" {
		t.Errorf("score not stored: %+v", kr)
	}
	authors := map[string]bool{}
	for _, e := range f.edits {
		authors[e.Author] = true
	}
	if len(authors) != 1 || !authors["local"] {
		t.Errorf("edits should be kept with who made them (currentUser): %v", authors)
	}

	// Every change needs the CSRF token.
	for _, path := range []string{"/okrs/periods", "/okrs/objectives", "/okrs/key-results", "/okrs/key-results/10/score",
		"/okrs/periods/2026Q4/close", "/okrs/check-ins"} {
		if res, _ := (session{}).post(t, s, path, url.Values{"key": {"2028Q1"}}); res.StatusCode != 400 && res.StatusCode != 403 {
			t.Errorf("%s without CSRF: %d", path, res.StatusCode)
		}
	}
}
