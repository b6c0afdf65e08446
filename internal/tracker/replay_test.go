package tracker

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/tracker/trackertest"
)

// testToken is what every test client sends; tests assert it never leaks.
const testToken = "tok-9f8e7d-SECRET"

// manifestEntry is one replayedRequest response described by manifest.json.
type manifestEntry struct {
	File            string            `json:"file"`
	Method          string            `json:"method"`
	Path            string            `json:"path"`
	Query           string            `json:"query"`
	Status          int               `json:"status"`
	ResponseHeaders map[string]string `json:"response_headers"`
}

func (e manifestEntry) paginated() bool {
	_, ok := e.ResponseHeaders["X-Tracker-Pagination-Limit"]
	return ok
}

func loadManifest(t testing.TB, dir string) []manifestEntry {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m []manifestEntry
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	return m
}

// replayedRequest is one request the replay server received.
type replayedRequest struct {
	Method string
	Path   string
	Query  url.Values
	Token  string
}

// replay serves replayedRequest Tracker responses with their replayedRequest headers.
// Requests match a fixture by method, path and query, ignoring fields= (the
// recordings predate our field selection). A recording made without limit=
// also answers the limit its X-Tracker-Pagination-Limit header reports,
// since that is what Tracker applied; an unpaginated recording answers any
// limit.
type replay struct {
	t        *testing.T
	dir      string
	byKey    map[string]manifestEntry
	mu       sync.Mutex
	requests []replayedRequest
	// before, when set, may answer a request itself (return true) to inject
	// failures ahead of the fixtures.
	before func(w http.ResponseWriter, r *http.Request, n int) bool
}

func newReplay(t *testing.T) (*replay, *httptest.Server) {
	t.Helper()
	rp := &replay{t: t, dir: trackertest.Fixtures(t), byKey: map[string]manifestEntry{}}
	for _, e := range loadManifest(t, rp.dir) {
		if !strings.HasPrefix(e.Path, "/services/v5") {
			continue // webhook bodies and CSV files are not REST responses
		}
		q, err := url.ParseQuery(e.Query)
		if err != nil {
			t.Fatalf("manifest %s: query: %v", e.File, err)
		}
		if lim, ok := e.ResponseHeaders["X-Tracker-Pagination-Limit"]; ok && !q.Has("limit") {
			q.Set("limit", lim)
		}
		// Two recordings can differ only in fields=; the default-fields one
		// is the closer stand-in for our own selection.
		key := replayKey(e.Method, e.Path, q, e.paginated())
		if old, dup := rp.byKey[key]; dup && (q.Has("fields") || !strings.Contains(old.Query, "fields=")) {
			continue
		}
		rp.byKey[key] = e
	}
	srv := httptest.NewServer(http.HandlerFunc(rp.serve))
	t.Cleanup(srv.Close)
	return rp, srv
}

func replayKey(method, path string, q url.Values, paginated bool) string {
	q2 := url.Values{}
	for k, v := range q {
		if k == "fields" || (!paginated && k == "limit") {
			continue
		}
		q2[k] = v
	}
	tag := "unpaginated"
	if paginated {
		tag = "paginated"
	}
	return method + " " + path + "?" + q2.Encode() + " " + tag
}

func (rp *replay) serve(w http.ResponseWriter, r *http.Request) {
	rp.mu.Lock()
	rp.requests = append(rp.requests, replayedRequest{r.Method, r.URL.Path, r.URL.Query(), r.Header.Get("X-TrackerToken")})
	n := len(rp.requests)
	rp.mu.Unlock()
	if rp.before != nil && rp.before(w, r, n) {
		return
	}
	e, ok := rp.byKey[replayKey(r.Method, r.URL.Path, r.URL.Query(), true)]
	if !ok {
		e, ok = rp.byKey[replayKey(r.Method, r.URL.Path, r.URL.Query(), false)]
	}
	if !ok {
		rp.t.Errorf("replay: no fixture for %s %s?%s", r.Method, r.URL.Path, r.URL.RawQuery)
		http.Error(w, `{"kind":"error","code":"no_fixture","error":"no fixture"}`, http.StatusTeapot)
		return
	}
	rp.write(w, e)
}

// write sends a manifest entry's replayedRequest headers, status and body.
func (rp *replay) write(w http.ResponseWriter, e manifestEntry) {
	body, err := os.ReadFile(filepath.Join(rp.dir, e.File))
	if err != nil {
		rp.t.Errorf("replay: %v", err)
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	for k, v := range e.ResponseHeaders {
		w.Header().Set(k, v)
	}
	w.WriteHeader(e.Status)
	w.Write(body)
}

// entry returns the manifest entry for a fixture file.
func (rp *replay) entry(file string) manifestEntry {
	for _, e := range rp.byKey {
		if e.File == file {
			return e
		}
	}
	rp.t.Fatalf("replay: no manifest entry for %s", file)
	return manifestEntry{}
}

func (rp *replay) log() []replayedRequest {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	return slices.Clone(rp.requests)
}

// fakeClock stands in for time.Now and sleeping, so retry schedules run
// instantly and the delays they asked for can be asserted.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
}

func (f *fakeClock) now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sleeps = append(f.sleeps, d)
	f.t = f.t.Add(d)
	return nil
}

// newTestClient builds a client for srv with a fake clock and no jitter.
func newTestClient(t *testing.T, srv *httptest.Server, opts ...Option) (*Client, *fakeClock) {
	t.Helper()
	c, err := New(srv.URL+"/services/v5/", testToken, opts...)
	if err != nil {
		t.Fatal(err)
	}
	clk := &fakeClock{t: time.Date(2025, 4, 7, 9, 0, 0, 0, time.UTC)}
	c.now = clk.now
	c.sleep = clk.sleep
	c.jitter = func(d time.Duration) time.Duration { return d }
	return c, clk
}
