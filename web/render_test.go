package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/a-h/templ"
)

// TestRenderWritesWholePages: a page is written in one piece with its
// status and type; a component that fails half-way writes nothing, so the
// error handler can still send a clean error page.
func TestRenderWritesWholePages(t *testing.T) {
	s, _ := newTestServer(t, Deps{})
	boom := errors.New("boom")
	cases := []struct {
		name     string
		cmp      templ.Component
		wantErr  error
		wantBody string
	}{
		{"whole page", templ.Raw("<p>hello</p>"), nil, "<p>hello</p>"},
		{"fails half-way", templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
			if _, err := io.WriteString(w, "<p>half a page"); err != nil {
				return err
			}
			return boom
		}), boom, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			c := s.echo.NewContext(httptest.NewRequest(http.MethodGet, "/", nil), rec)
			err := s.render(c, http.StatusTeapot, tc.cmp)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("render error = %v, want %v", err, tc.wantErr)
			}
			if rec.Body.String() != tc.wantBody || c.Response().Committed != (tc.wantErr == nil) {
				t.Fatalf("body %q (committed %v), want %q", rec.Body.String(), c.Response().Committed, tc.wantBody)
			}
			if tc.wantErr == nil && (rec.Code != http.StatusTeapot || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html")) {
				t.Errorf("status %d, type %q", rec.Code, rec.Header().Get("Content-Type"))
			}
		})
	}
}

// TestGzipOnlyPaysOff: pages are compressed, answers under 1 KiB are not.
func TestGzipOnlyPaysOff(t *testing.T) {
	s, _ := newTestServer(t, Deps{Projects: &fakeProjects{list: benchProjects()}})
	empty, _ := newTestServer(t, Deps{})
	cases := []struct {
		name string
		h    http.Handler
		path string
		gzip bool
	}{
		{"projects page", s, "/", true},
		{"projects JSON", s, "/api/v1/projects", true},
		{"empty projects JSON", empty, "/api/v1/projects", false},
	}
	for _, tc := range cases {
		res, body := serve(tc.h, httptest.NewRequest(http.MethodGet, tc.path, nil), "Accept-Encoding", "gzip")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", tc.name, res.StatusCode)
		}
		if got := res.Header.Get("Content-Encoding") == "gzip"; got != tc.gzip {
			t.Errorf("%s (%d bytes on the wire): gzip %v, want %v", tc.name, len(body), got, tc.gzip)
		}
	}
}
