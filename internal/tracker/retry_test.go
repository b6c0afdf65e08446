package tracker

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestRetries(t *testing.T) {
	type resp struct {
		status int
		hdr    map[string]string
		body   string
	}
	ok := resp{200, map[string]string{"X-Tracker-Project-Version": "9"}, `[{"id":1,"name":"a"}]`}
	unavailable := resp{503, nil, `<html>upstream down</html>`}
	tests := []struct {
		name        string
		script      []resp // the last entry repeats
		maxAttempts int
		maxElapsed  time.Duration
		wantHits    int
		wantSleeps  []time.Duration
		wantErr     string
		wantStatus  int
	}{
		{
			name:     "429 with Retry-After seconds, then success",
			script:   []resp{{429, map[string]string{"Retry-After": "7"}, `{"kind":"error","code":"api_rate_limit","error":"slow down"}`}, ok},
			wantHits: 2, wantSleeps: []time.Duration{7 * time.Second},
		},
		{
			name: "Retry-After as an HTTP date",
			script: []resp{{429, map[string]string{"Retry-After": time.Date(2025, 4, 7, 9, 0, 20, 0, time.UTC).Format(http.TimeFormat)}, ``},
				ok},
			wantHits: 2, wantSleeps: []time.Duration{20 * time.Second},
		},
		{
			name:     "a short Retry-After does not undercut the backoff",
			script:   []resp{unavailable, unavailable, {502, map[string]string{"Retry-After": "1"}, ``}, ok},
			wantHits: 4, wantSleeps: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second},
		},
		{
			name:     "repeated 500 exhausts the attempts",
			script:   []resp{{500, nil, `{"kind":"error","code":"server_error","error":"boom"}`}},
			wantHits: 5, wantSleeps: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second},
			wantErr: "gave up after 5 attempts", wantStatus: 500,
		},
		{
			name:        "attempts are configurable",
			script:      []resp{unavailable},
			maxAttempts: 2,
			wantHits:    2, wantSleeps: []time.Duration{time.Second},
			wantErr: "upstream down", wantStatus: 503,
		},
		{
			name:       "Retry-After beyond the elapsed budget gives up at once",
			script:     []resp{{429, map[string]string{"Retry-After": "600"}, ``}},
			maxElapsed: time.Minute,
			wantHits:   1, wantErr: "would pass the 1m0s limit", wantStatus: 429,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := int(hits.Add(1))
				rs := tt.script[min(n, len(tt.script))-1]
				for k, v := range rs.hdr {
					w.Header().Set(k, v)
				}
				w.WriteHeader(rs.status)
				w.Write([]byte(rs.body))
			}))
			defer srv.Close()
			var infos []RequestInfo
			c, clk := newTestClient(t, srv, WithRetry(tt.maxAttempts, tt.maxElapsed),
				WithRequestHook(func(ri RequestInfo) { infos = append(infos, ri) }))
			labels, err := c.ListLabels(context.Background(), 3)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(labels) != 1 || labels[0].Name != "a" {
					t.Errorf("labels = %+v", labels)
				}
			} else {
				var ae *APIError
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.As(err, &ae) || ae.Status != tt.wantStatus {
					t.Fatalf("err = %v, want %q with status %d", err, tt.wantErr, tt.wantStatus)
				}
			}
			if int(hits.Load()) != tt.wantHits || len(infos) != tt.wantHits {
				t.Errorf("hits = %d, hook calls = %d, want %d", hits.Load(), len(infos), tt.wantHits)
			}
			for i, ri := range infos {
				if ri.Attempt != i+1 || ri.Method != "GET" || ri.Path != "/projects/3/labels" {
					t.Errorf("hook %d = %+v", i, ri)
				}
			}
			if len(clk.sleeps) != len(tt.wantSleeps) {
				t.Fatalf("sleeps = %v, want %v", clk.sleeps, tt.wantSleeps)
			}
			for i := range clk.sleeps {
				if clk.sleeps[i] != tt.wantSleeps[i] {
					t.Errorf("sleeps = %v, want %v", clk.sleeps, tt.wantSleeps)
					break
				}
			}
		})
	}
}

// TestNetworkErrorsRetried drops the first connection mid-request.
func TestNetworkErrorsRetried(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		w.Write([]byte(`{"id":5,"username":"sre"}`))
	}))
	defer srv.Close()
	c, clk := newTestClient(t, srv)
	m, err := c.Me(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != 5 || hits.Load() != 2 || len(clk.sleeps) != 1 {
		t.Errorf("me = %+v, hits = %d, sleeps = %v", m, hits.Load(), clk.sleeps)
	}
}

func TestTimeoutRetriedThenGivesUp(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c, clk := newTestClient(t, srv, WithRetry(2, 0), WithHTTPClient(&http.Client{Timeout: 50 * time.Millisecond}))
	_, err := c.Me(context.Background())
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() || !strings.Contains(err.Error(), "gave up after 2 attempts") {
		t.Fatalf("err = %v, want a timeout after 2 attempts", err)
	}
	if len(clk.sleeps) != 1 {
		t.Errorf("sleeps = %v", clk.sleeps)
	}
}

func TestCancelledContextStopsRetrying(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv)
	ctx, cancel := context.WithCancel(context.Background())
	c.sleep = func(context.Context, time.Duration) error { cancel(); return context.Canceled }
	_, err := c.Me(ctx)
	if !errors.Is(err, context.Canceled) || hits.Load() != 1 {
		t.Errorf("err = %v, hits = %d", err, hits.Load())
	}
}
