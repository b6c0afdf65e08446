package tracker

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestRecordedErrors(t *testing.T) {
	tests := []struct {
		name        string
		fixture     string // served for every request
		run         func(c *Client) error
		status      int
		code        string
		wantIs      error // nil: must match neither sentinel
		wantInError []string
	}{
		{
			name:    "404 on a project",
			fixture: "api/error_404_unfound_resource_project_-1.json",
			run: func(c *Client) error {
				_, err := c.GetProject(context.Background(), -1)
				return err
			},
			status: 404, code: "unfound_resource", wantIs: ErrProjectNotFound,
			wantInError: []string{"project -1 not found or not visible to this token", "GET /projects/-1", "could not be found"},
		},
		{
			name:    "404 on a project's stories",
			fixture: "api/error_404_unfound_resource_project_-1.json",
			run: func(c *Client) error {
				return c.ListStories(context.Background(), 777, StoryQuery{}, func([]Story, Pagination) error { return nil })
			},
			status: 404, code: "unfound_resource", wantIs: ErrProjectNotFound,
			wantInError: []string{"project 777 not found", "GET /projects/777/stories"},
		},
		{
			name:    "404 route_not_found is a client bug, not a missing project",
			fixture: "api/error_404_route_not_found.json",
			run: func(c *Client) error {
				_, err := c.get(context.Background(), call{path: "/projects//stories//comments", projectID: 1027488}, new([]any))
				return err
			},
			status: 404, code: "route_not_found",
			wantInError: []string{"GET /projects//stories//comments", "route_not_found", "no valid endpoint"},
		},
		{
			name:    "400 invalid_parameter",
			fixture: "api/error_400_invalid_parameter_comment_put.json",
			run: func(c *Client) error {
				_, err := c.ListLabels(context.Background(), 1027488)
				return err
			},
			status: 400, code: "invalid_parameter",
			wantInError: []string{"400 Bad Request (invalid_parameter)", "missing or invalid", "requires at least one of the following parameters"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rp, srv := newReplay(t)
			e := rp.entry(tt.fixture)
			rp.before = func(w http.ResponseWriter, r *http.Request, n int) bool {
				if r.URL.Path != e.Path {
					// Same replayedRequest body, served at the path under test.
					rp.write(w, e)
					return true
				}
				return false
			}
			c, clk := newTestClient(t, srv)
			err := tt.run(c)
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %v, want *APIError", err)
			}
			if ae.Status != tt.status || ae.Code != tt.code || ae.Method != http.MethodGet || ae.Message == "" {
				t.Errorf("APIError = %+v", ae)
			}
			for _, s := range tt.wantInError {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
			if is := errors.Is(err, ErrProjectNotFound); is != (tt.wantIs == ErrProjectNotFound) {
				t.Errorf("errors.Is(err, ErrProjectNotFound) = %v", is)
			}
			if errors.Is(err, ErrTokenRejected) {
				t.Error("4xx other than 401/403 must not read as a rejected token")
			}
			if n := len(rp.log()); n != 1 || len(clk.sleeps) != 0 {
				t.Errorf("requests = %d, sleeps = %v; a 4xx must not be retried", n, clk.sleeps)
			}
		})
	}
}

func TestTokenRejectedFailsFast(t *testing.T) {
	for _, status := range []int{http.StatusUnauthorized, http.StatusForbidden} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				w.WriteHeader(status)
				w.Write([]byte(`{"code":"invalid_authentication","kind":"error","error":"Invalid authentication credentials were presented.","possible_fix":"Recheck your name (or email) and password, or API token"}`))
			}))
			defer srv.Close()
			c, clk := newTestClient(t, srv)
			_, err := c.Me(context.Background())
			if !errors.Is(err, ErrTokenRejected) {
				t.Fatalf("err = %v, want ErrTokenRejected", err)
			}
			if !strings.Contains(err.Error(), "token rejected") || !strings.Contains(err.Error(), "possible fix: Recheck") {
				t.Errorf("error text = %q", err)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Error("error contains the token")
			}
			if hits.Load() != 1 || len(clk.sleeps) != 0 {
				t.Errorf("hits = %d, sleeps = %v; want one try", hits.Load(), clk.sleeps)
			}
		})
	}
}

func TestBadBodyNamesTheRequest(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		want                    string
	}{
		{"truncated JSON", "application/json", `[{"kind":"story","id":66727974,"name":"Name Fr`, "unexpected end of JSON input"},
		{"HTML instead of JSON", "text/html", `<html><body>Sign in</body></html>`, "text/html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				w.Header().Set("Content-Type", tt.contentType)
				w.Header().Set("X-Tracker-Pagination-Total", "70")
				w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			c, _ := newTestClient(t, srv)
			err := c.ListStories(context.Background(), 1027488, StoryQuery{Limit: 7}, func([]Story, Pagination) error {
				t.Error("fn called for a bad body")
				return nil
			})
			if err == nil {
				t.Fatal("want an error")
			}
			for _, s := range []string{"GET /projects/1027488/stories", "decode", tt.want} {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
			if hits.Load() != 1 {
				t.Errorf("hits = %d; a malformed 200 is not retried", hits.Load())
			}
		})
	}
}

// TestTokenNeverLogged runs a failing, retried request with debug logging
// and checks neither the log nor the error carries the token, even when the
// server echoes it back.
func TestTokenNeverLogged(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		w.Write([]byte("proxy error for token " + r.Header.Get("X-TrackerToken")))
	}))
	defer srv.Close()
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, _ := newTestClient(t, srv, WithLogger(logger), WithRetry(3, 0))
	_, err := c.GetProject(context.Background(), 1)
	if err == nil {
		t.Fatal("want an error")
	}
	if !strings.Contains(err.Error(), "REDACTED") {
		t.Errorf("error %q should show the redacted body", err)
	}
	if strings.Contains(buf.String(), testToken) || strings.Contains(err.Error(), testToken) {
		t.Errorf("token leaked:\nerr: %v\nlog: %s", err, buf.String())
	}
	if !strings.Contains(buf.String(), "tracker: retrying") {
		t.Errorf("log lacks retry lines: %s", buf.String())
	}
}
