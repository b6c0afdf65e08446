package ingest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// fixturesDir finds shared/tracker-fixtures: $SPRINTLENS_FIXTURES, else a
// "shared/tracker-fixtures" beside the repository or one of its parents
// (worktrees live deeper than the main clone), else /work/shared.
func fixturesDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("SPRINTLENS_FIXTURES"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		c := filepath.Join(dir, "shared", "tracker-fixtures")
		if st, err := os.Stat(c); err == nil && st.IsDir() {
			return c
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if st, err := os.Stat("/work/shared/tracker-fixtures"); err == nil && st.IsDir() {
		return "/work/shared/tracker-fixtures"
	}
	t.Fatal("tracker fixtures not found: set SPRINTLENS_FIXTURES or check out shared/tracker-fixtures beside the repository")
	return ""
}

// fixtureTracker replays recorded responses of project 1027488: each
// request path (and, for iterations, scope and offset) maps to a fixture
// file served with the headers recorded with it. Endpoints without a
// recording answer an empty list.
func fixtureTracker(t *testing.T, dir string) (string, *atomic.Int64) {
	t.Helper()
	var manifest []struct {
		File            string            `json:"file"`
		ResponseHeaders map[string]string `json:"response_headers"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &manifest); err != nil {
		t.Fatal(err)
	}
	headers := map[string]map[string]string{}
	for _, m := range manifest {
		headers[m.File] = m.ResponseHeaders
	}
	const p = "/services/v5/projects/1027488"
	route := func(r *http.Request) string {
		q := r.URL.Query()
		switch r.URL.Path {
		case p:
			return "api/project_1027488.json"
		case p + "/stories":
			return "api/stories_project_1027488_limit300.json"
		case p + "/labels":
			return "api/labels_project_1027488.json"
		case p + "/epics":
			return "api/epics_project_1027488.json"
		case p + "/activity":
			return "api/activity_project_1027488.json"
		case p + "/iterations":
			switch {
			case q.Get("scope") == "current_backlog":
				return "api/iterations_project_1027488_current.json"
			case q.Get("scope") == "done":
				// The recording paged the last 12 done iterations from
				// offset -12; served from offset 0 they stand for a
				// project whose history starts there.
				return "api/iterations_project_1027488_done_paged_limit5/offset_" + doneOffsets[cmpOr(q.Get("offset"), "0")] + ".json"
			}
		}
		return ""
	}
	var requests atomic.Int64
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.Header.Get("X-TrackerToken") == "" {
			http.Error(w, `{"kind":"error","code":"invalid_authentication"}`, http.StatusForbidden)
			return
		}
		file := route(r)
		if file == "" {
			if strings.HasSuffix(r.URL.Path, "/memberships") || strings.HasSuffix(r.URL.Path, "/story_transitions") {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte("[]"))
				return
			}
			t.Errorf("fixture tracker: no recording for %s", r.URL)
			http.NotFound(w, r)
			return
		}
		body, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Errorf("fixture tracker: %v", err)
			http.NotFound(w, r)
			return
		}
		for k, v := range headers[file] {
			w.Header().Set(k, v)
		}
		if strings.Contains(file, "_done_paged_") {
			w.Header().Set("X-Tracker-Pagination-Offset", cmpOr(r.URL.Query().Get("offset"), "0"))
			w.Header().Set("X-Tracker-Pagination-Total", "12")
		}
		_, _ = w.Write(body)
	}))
	t.Cleanup(hs.Close)
	return hs.URL + "/services/v5", &requests
}

// doneOffsets maps the offsets a reader of the 12 recorded done iterations
// asks for (pages of 5) to the recorded pages.
var doneOffsets = map[string]string{"0": "-12", "5": "-7", "10": "-2"}

func cmpOr(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// countJSON is the number of elements in a fixture's top-level array.
func countJSON(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var list []json.RawMessage
	if err := json.Unmarshal(b, &list); err != nil {
		t.Fatal(err)
	}
	return len(list)
}

func TestSyncReplaysRecordedTracker(t *testing.T) {
	ctx := context.Background()
	dir := fixturesDir(t)
	store, pool := freshStore(t)
	base, requests := fixtureTracker(t, dir)
	s := newSyncer(t, store, base, "recorded-token", nil)
	const pid = 1027488
	run := syncOnce(t, s, pid, false)
	if run.Status != sprintlens.RunSucceeded || run.Requests != int(requests.Load()) {
		t.Fatalf("run = %+v, fixture server saw %d requests", run, requests.Load())
	}
	api := filepath.Join(dir, "api")
	stories := countJSON(t, filepath.Join(api, "stories_project_1027488_limit300.json"))
	if stories != 70 {
		t.Fatalf("the recorded listing holds %d stories; the manifest says 70", stories)
	}
	done := 0
	for _, f := range []string{"offset_-12.json", "offset_-7.json", "offset_-2.json"} {
		done += countJSON(t, filepath.Join(api, "iterations_project_1027488_done_paged_limit5", f))
	}
	planned := countJSON(t, filepath.Join(api, "iterations_project_1027488_current.json"))
	var project struct {
		Name     string `json:"name"`
		Version  int    `json:"version"`
		TimeZone struct {
			OlsonName string `json:"olson_name"`
		} `json:"time_zone"`
	}
	b, err := os.ReadFile(filepath.Join(api, "project_1027488.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &project); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		what      string
		got, want int
	}{
		{"stories", dbInt(t, pool, `SELECT count(*) FROM stories WHERE project_id = $1`, pid), stories},
		{"run inserted", run.StoriesInserted, stories},
		{"labels", dbInt(t, pool, `SELECT count(*) FROM labels WHERE project_id = $1`, pid), countJSON(t, filepath.Join(api, "labels_project_1027488.json"))},
		{"epics", dbInt(t, pool, `SELECT count(*) FROM epics WHERE project_id = $1`, pid), countJSON(t, filepath.Join(api, "epics_project_1027488.json"))},
		{"iterations", dbInt(t, pool, `SELECT count(*) FROM iterations WHERE project_id = $1`, pid), done + planned},
		{"stories without history", dbInt(t, pool, `SELECT count(*) FROM stories s WHERE project_id = $1 AND NOT EXISTS
			(SELECT 1 FROM story_history h WHERE h.project_id = s.project_id AND h.story_id = s.id)`, pid), 0},
		{"version", dbInt(t, pool, `SELECT tracker_version FROM projects WHERE id = $1`, pid), project.Version},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.what, c.got, c.want)
		}
	}
	var name, zone string
	if err := pool.QueryRow(ctx, `SELECT name, time_zone FROM projects WHERE id = $1`, pid).Scan(&name, &zone); err != nil {
		t.Fatal(err)
	}
	if name != project.Name || zone != project.TimeZone.OlsonName {
		t.Errorf("project = %q in %s, recorded %q in %s", name, zone, project.Name, project.TimeZone.OlsonName)
	}
	// The recorded activity holds estimate and state changes: the history
	// starts from them, not only from reconstructed dates.
	if n := dbInt(t, pool, `SELECT count(*) FROM story_history WHERE project_id = $1 AND source = 'activity'`, pid); n == 0 {
		t.Error("no history entry came from the recorded activity")
	}
	checkHistoryEndsAtStory(t, pool, pid)
}
