package web

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

type fakeReady struct{ err error }

func (f *fakeReady) Ready(context.Context) error { return f.err }

type fakeProjects struct {
	list []sprintlens.ProjectSummary
	err  error
}

func (f *fakeProjects) ProjectSummaries(context.Context) ([]sprintlens.ProjectSummary, error) {
	return f.list, f.err
}

func newTestServer(t *testing.T, deps Deps) (*Server, *strings.Builder) {
	t.Helper()
	b, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	logs := &strings.Builder{}
	if deps.Ready == nil {
		deps.Ready = &fakeReady{}
	}
	if deps.Projects == nil {
		deps.Projects = &fakeProjects{}
	}
	s := New(Config{Version: "test", Bundle: b, Logger: slog.New(slog.NewTextHandler(logs, nil)),
		Now: func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }}, deps)
	return s, logs
}

func TestNotFoundPages(t *testing.T) {
	s, _ := newTestServer(t, Deps{})
	res, body := get(t, s, "/no/such/page")
	if res.StatusCode != 404 || !strings.Contains(body, `data-testid="error-message"`) || !strings.Contains(body, "This page does not exist.") {
		t.Fatalf("HTML 404: status %d body %q", res.StatusCode, body)
	}
	res, body = get(t, s, "/api/v1/nope")
	if res.StatusCode != 404 || strings.TrimSpace(body) != `{"error":"This page does not exist."}` {
		t.Fatalf("API 404: status %d body %q", res.StatusCode, body)
	}
}

func TestServerErrorHidesInternals(t *testing.T) {
	secret := errors.New(`pq: relation "stories" does not exist; password=hunter2`)
	s, logs := newTestServer(t, Deps{Projects: &fakeProjects{err: secret}})
	for _, path := range []string{"/", "/api/v1/projects"} {
		res, body := get(t, s, path)
		if res.StatusCode != 500 {
			t.Fatalf("%s: status %d", path, res.StatusCode)
		}
		if strings.Contains(body, "hunter2") || strings.Contains(body, "relation") {
			t.Fatalf("%s: 500 page leaks internals: %s", path, body)
		}
		if !strings.Contains(body, res.Header.Get(echo.HeaderXRequestID)) {
			t.Errorf("%s: 500 page should show the request id", path)
		}
	}
	if !strings.Contains(logs.String(), "relation") {
		t.Error("the 5xx cause should be logged on the server")
	}
}

func TestPanicBecomes500(t *testing.T) {
	s, logs := newTestServer(t, Deps{})
	s.echo.GET("/boom", func(echo.Context) error { panic("kaboom at line 42") })
	res, body := get(t, s, "/boom")
	if res.StatusCode != 500 || strings.Contains(body, "kaboom") || strings.Contains(body, "goroutine") {
		t.Fatalf("panic: status %d body %q", res.StatusCode, body)
	}
	if !strings.Contains(logs.String(), "kaboom") {
		t.Error("panic should be logged")
	}
}

func TestReadyz(t *testing.T) {
	ready := &fakeReady{err: errors.New("database unreachable: connection refused")}
	s, _ := newTestServer(t, Deps{Ready: ready})
	res, body := get(t, s, "/readyz")
	if res.StatusCode != 503 || !strings.Contains(body, "connection refused") {
		t.Fatalf("down: %d %s", res.StatusCode, body)
	}
	ready.err = nil
	res, _ = get(t, s, "/readyz")
	if res.StatusCode != 200 {
		t.Fatalf("back up: %d", res.StatusCode)
	}
	res, _ = get(t, s, "/healthz")
	if res.StatusCode != 200 {
		t.Fatalf("healthz: %d", res.StatusCode)
	}
}

func TestHomeEmptyStateAndList(t *testing.T) {
	s, _ := newTestServer(t, Deps{})
	_, body := get(t, s, "/")
	if !strings.Contains(body, `data-testid="empty-state"`) || !strings.Contains(body, "sprintlens import") {
		t.Fatalf("empty state missing: %s", body)
	}
	synced := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	projects := &fakeProjects{list: []sprintlens.ProjectSummary{{
		Project:    sprintlens.Project{ID: 7, Name: "SRE <Platform>", Source: sprintlens.SourceTracker, LastSyncedAt: &synced},
		StoryCount: 1234, IterationCount: 53,
	}}}
	s, _ = newTestServer(t, Deps{Projects: projects})
	_, body = get(t, s, "/")
	for _, want := range []string{`data-testid="project-row"`, "SRE &lt;Platform&gt;", "1,234", `data-testid="stale"`} {
		if !strings.Contains(body, want) {
			t.Errorf("home lacks %q", want)
		}
	}
	_, body = get(t, s, "/", "Accept-Language", "ja-JP,ja;q=0.9")
	if !strings.Contains(body, "プロジェクト") || !strings.Contains(body, `lang="ja"`) {
		t.Error("Japanese Accept-Language should render Japanese")
	}
	_, body = get(t, s, "/api/v1/projects")
	if !strings.Contains(body, `"story_count":1234`) || !strings.Contains(body, `"iteration_count":53`) || !strings.Contains(body, `"last_synced_at":"2026-11-26T09:00:00Z"`) {
		t.Errorf("api projects: %s", body)
	}
}

func TestSecurityHeadersAndStatic(t *testing.T) {
	s, _ := newTestServer(t, Deps{})
	res, _ := get(t, s, "/")
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP = %q", csp)
	}
	if res.Header.Get("X-Frame-Options") != "DENY" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("missing security headers")
	}
	res, body := get(t, s, "/static/js/app.js?v=abc")
	if res.StatusCode != 200 || !strings.Contains(body, "drawCharts") || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("static: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
}
