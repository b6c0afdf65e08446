package web

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/templates/i18n"
)

// These benchmarks time the web layer alone: routing, the whole
// middleware chain, the handler and rendering, over an in-memory store.
// Compare them with BenchmarkHelloWorldEcho, the bare framework; `sprintlens
// bench` measures the same pages over loopback against PostgreSQL.

// benchProjects is the large installation: 20 projects of 5000 stories.
func benchProjects() []sprintlens.ProjectSummary {
	synced := time.Date(2026, 11, 26, 11, 45, 0, 0, time.UTC)
	out := make([]sprintlens.ProjectSummary, 20)
	for i := range out {
		out[i] = sprintlens.ProjectSummary{
			Project: sprintlens.Project{ID: 2600001 + int64(i), Name: fmt.Sprintf("SRE Platform %d", i+1),
				Source: sprintlens.SourceTracker, TimeZone: "Asia/Tokyo", IterationWeeks: 1, VelocityWindow: 3,
				CurrentIteration: 130, LastSyncedAt: &synced},
			StoryCount: 5000, IterationCount: 130,
		}
	}
	return out
}

func newBenchServer(b *testing.B) *Server {
	b.Helper()
	bundle, err := i18n.NewBundle()
	if err != nil {
		b.Fatal(err)
	}
	// Request logs go to io.Discard at info level: formatted, as in
	// production, but not kept.
	return New(Config{Version: "bench", Bundle: bundle, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }},
		Deps{Ready: &fakeReady{}, Projects: &fakeProjects{list: benchProjects()}})
}

// benchGet serves GET path on h b.N times the way a browser asks for it
// (gzip, cookies of the first answer kept) and fails on any non-200.
func benchGet(b *testing.B, h http.Handler, path string) {
	b.Helper()
	first := httptest.NewRecorder()
	h.ServeHTTP(first, httptest.NewRequest(http.MethodGet, path, nil))
	if first.Code != http.StatusOK {
		b.Fatalf("GET %s: status %d: %s", path, first.Code, first.Body.String())
	}
	cookies := first.Result().Cookies()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		for _, c := range cookies {
			req.AddCookie(c)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: status %d", path, rec.Code)
		}
	}
}

func BenchmarkHome(b *testing.B) {
	benchGet(b, newBenchServer(b), "/")
}

func BenchmarkAPIProjects(b *testing.B) {
	benchGet(b, newBenchServer(b), "/api/v1/projects")
}

// BenchmarkHelloWorldEcho is the baseline: echo with one route, no
// middleware, answering "hello".
func BenchmarkHelloWorldEcho(b *testing.B) {
	e := echo.New()
	e.GET("/", func(c echo.Context) error { return c.String(http.StatusOK, "hello") })
	benchGet(b, e, "/")
}
