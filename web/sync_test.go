package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

type fakeRuns struct{ runs []sprintlens.SyncRun }

func (f *fakeRuns) SyncRunsRecent(_ context.Context, limit int) ([]sprintlens.SyncRun, error) {
	return f.runs[:min(limit, len(f.runs))], nil
}

func (f *fakeRuns) SyncRunByID(_ context.Context, id int64) (sprintlens.SyncRun, error) {
	for _, r := range f.runs {
		if r.ID == id {
			return r, nil
		}
	}
	return sprintlens.SyncRun{}, fmt.Errorf("run %d: %w", id, sprintlens.ErrNotFound)
}

// fakeSyncer starts "runs" by appending running rows to its fakeRuns.
type fakeSyncer struct {
	runs    *fakeRuns
	err     error
	started []string // "project/full/by" per call
	added   []int64
}

func (f *fakeSyncer) StartSync(_ context.Context, projectID int64, full bool, by string) ([]int64, error) {
	f.started = append(f.started, fmt.Sprintf("%d/%v/%s", projectID, full, by))
	if f.err != nil {
		return nil, f.err
	}
	id := int64(100 + len(f.runs.runs))
	f.runs.runs = append(f.runs.runs, sprintlens.SyncRun{ID: id, ProjectID: projectID, Kind: "incremental",
		Status: sprintlens.RunRunning, StartedAt: time.Date(2026, 11, 26, 11, 59, 0, 0, time.UTC), Progress: "stories 500/3104"})
	return []int64{id}, nil
}

func (f *fakeSyncer) AddProject(_ context.Context, id int64) (sprintlens.Project, error) {
	if id != 2600001 {
		return sprintlens.Project{}, sprintlens.Invalid("project_id", fmt.Sprintf("tracker: project %d not found or not visible to this token", id))
	}
	f.added = append(f.added, id)
	return sprintlens.Project{ID: id, Name: "SRE Platform"}, nil
}

func syncDeps() (Deps, *fakeSyncer) {
	t0 := time.Date(2026, 11, 26, 11, 0, 0, 0, time.UTC)
	t1 := t0.Add(95 * time.Second)
	runs := &fakeRuns{runs: []sprintlens.SyncRun{
		{ID: 3, ProjectID: 7, Kind: "incremental", Status: sprintlens.RunRunning, StartedAt: t0, Progress: "stories 1500/3104"},
		{ID: 2, ProjectID: 7, Kind: "full", Status: sprintlens.RunFailed, StartedAt: t0, FinishedAt: &t1, Requests: 1,
			Error: "tracker: token rejected (HTTP 403): check TRACKER_TOKEN"},
		{ID: 1, ProjectID: 7, Kind: "full", Status: sprintlens.RunSucceeded, StartedAt: t0, FinishedAt: &t1,
			StoriesInserted: 3104, Iterations: 57, Requests: 21, TriggeredBy: "schedule"},
	}}
	projects := &fakeProjects{list: []sprintlens.ProjectSummary{{Project: sprintlens.Project{ID: 7, Name: "SRE Platform", Source: sprintlens.SourceTracker}}}}
	syncer := &fakeSyncer{runs: runs}
	return Deps{Projects: projects, SyncRuns: runs, Sync: syncer, AddProject: syncer}, syncer
}

func post(t *testing.T, h http.Handler, path string, form url.Values, setup func(*http.Request)) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if setup != nil {
		setup(req)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Result(), string(body)
}

func TestSyncStartIsCSRFProtected(t *testing.T) {
	deps, syncer := syncDeps()
	s, _ := newTestServer(t, deps)
	cookie, token := csrf(t, s, "/sync")
	tests := []struct {
		name       string
		form       url.Values
		setup      func(*http.Request)
		wantStatus int
		wantBody   string
		wantStart  string
	}{
		{"no token", url.Values{"project": {"7"}}, nil, http.StatusForbidden, "expired", ""},
		{"cookie but no token", url.Values{}, func(r *http.Request) { r.AddCookie(cookie) }, http.StatusForbidden, "expired", ""},
		{"wrong token", url.Values{"_csrf": {"forged"}}, func(r *http.Request) { r.AddCookie(cookie) }, http.StatusForbidden, "expired", ""},
		{"htmx with the header token", url.Values{"project": {"7"}, "full": {"true"}}, func(r *http.Request) {
			r.AddCookie(cookie)
			r.Header.Set("X-CSRF-Token", token)
			r.Header.Set("HX-Request", "true")
		}, http.StatusAccepted, `hx-trigger="every 1s"`, "7/true/web:local"},
		{"form with the hidden field", url.Values{"_csrf": {token}}, func(r *http.Request) { r.AddCookie(cookie) },
			http.StatusSeeOther, "", "0/false/web:local"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			syncer.started = nil
			res, body := post(t, s, "/sync", tt.form, tt.setup)
			if res.StatusCode != tt.wantStatus || !strings.Contains(body, tt.wantBody) {
				t.Fatalf("status %d, body %q", res.StatusCode, body)
			}
			got := strings.Join(syncer.started, ",")
			if got != tt.wantStart {
				t.Errorf("started %q, want %q", got, tt.wantStart)
			}
			if tt.wantStatus == http.StatusSeeOther && res.Header.Get("Location") != "/sync" {
				t.Errorf("redirect to %q", res.Header.Get("Location"))
			}
			if tt.wantStatus == http.StatusAccepted && strings.Contains(body, "<html") {
				t.Error("htmx should get the run rows, not a page")
			}
		})
	}
}

func TestSyncStartWhileRunning(t *testing.T) {
	deps, syncer := syncDeps()
	syncer.err = fmt.Errorf("postgres: sync of project 7: %w", sprintlens.ErrLocked)
	s, _ := newTestServer(t, deps)
	cookie, token := csrf(t, s, "/sync")
	withToken := func(htmx bool) func(*http.Request) {
		return func(r *http.Request) {
			r.AddCookie(cookie)
			r.Header.Set("X-CSRF-Token", token)
			if htmx {
				r.Header.Set("HX-Request", "true")
			}
		}
	}
	res, body := post(t, s, "/sync", url.Values{"project": {"7"}}, withToken(true))
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `data-testid="sync-notice"`) || !strings.Contains(body, "already running") {
		t.Errorf("htmx: %d %q", res.StatusCode, body)
	}
	res, body = post(t, s, "/sync", url.Values{"project": {"7"}}, withToken(false))
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "already running") {
		t.Errorf("form: %d", res.StatusCode)
	}
	res, body = post(t, s, "/api/v1/sync?project=7", nil, withToken(false))
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, `"error":"a sync of this project is already running"`) {
		t.Errorf("api: %d %s", res.StatusCode, body)
	}
}

func TestSyncPageShowsRuns(t *testing.T) {
	deps, _ := syncDeps()
	s, _ := newTestServer(t, deps)
	_, body := get(t, s, "/sync")
	if n := strings.Count(body, `data-testid="sync-run"`); n != 3 {
		t.Fatalf("%d run rows, want 3", n)
	}
	for _, want := range []string{
		`data-status="running"`, "stories 1500/3104", `hx-get="/sync/runs/3"`,
		`data-status="failed"`, "tracker: token rejected (HTTP 403)",
		`data-status="succeeded"`, "3,104", "1m35s", "started by schedule",
		`name="_csrf"`, `data-testid="sync-now"`, `<option value="7">SRE Platform</option>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("sync page lacks %q", want)
		}
	}
	if n := strings.Count(body, `hx-trigger="every 1s"`); n != 1 {
		t.Errorf("%d polling rows, want only the running one", n)
	}
	_, body = get(t, s, "/sync", "Accept-Language", "ja")
	if !strings.Contains(body, "今すぐ同期") || !strings.Contains(body, "失敗") {
		t.Error("the sync page should speak Japanese")
	}
}

func TestSyncRunFragment(t *testing.T) {
	deps, _ := syncDeps()
	s, _ := newTestServer(t, deps)
	tests := []struct {
		path, htmx string
		status     int
		want, not  []string
	}{
		{"/sync/runs/3", "true", 200, []string{`<tr data-testid="sync-run"`, `hx-trigger="every 1s"`}, []string{"<html"}},
		{"/sync/runs/1", "true", 200, []string{`data-status="succeeded"`}, []string{"hx-trigger", "<html"}},
		{"/sync/runs/2", "", 200, []string{"<html", "token rejected"}, []string{"hx-trigger"}},
		{"/sync/runs/99", "true", 404, nil, nil},
		{"/sync/runs/x", "", 404, nil, nil},
	}
	for _, tt := range tests {
		res, body := get(t, s, tt.path, "HX-Request", tt.htmx)
		if res.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, res.StatusCode, tt.status)
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %q", tt.path, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(body, n) {
				t.Errorf("%s should not contain %q", tt.path, n)
			}
		}
	}
}

func TestSyncAPI(t *testing.T) {
	deps, syncer := syncDeps()
	s, _ := newTestServer(t, deps)
	res, body := get(t, s, "/api/v1/sync/runs?limit=2")
	var runs []map[string]any
	if err := json.Unmarshal([]byte(body), &runs); err != nil || res.StatusCode != 200 || len(runs) != 2 {
		t.Fatalf("runs: %d %s (%v)", res.StatusCode, body, err)
	}
	if runs[1]["status"] != "failed" || runs[1]["error"] == "" || runs[1]["duration_seconds"] != 95.0 || runs[1]["requests"] != 1.0 {
		t.Errorf("failed run JSON = %v", runs[1])
	}
	if res, _ := get(t, s, "/api/v1/sync/runs?limit=0"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("limit=0: %d", res.StatusCode)
	}
	// A browser session calling the API sends the CSRF header (scripts
	// use bearer tokens, which skip CSRF).
	cookie, token := csrf(t, s, "/sync")
	asBrowser := func(r *http.Request) { r.AddCookie(cookie); r.Header.Set("X-CSRF-Token", token) }
	res, body = post(t, s, "/api/v1/sync?project=7&full=true", nil, asBrowser)
	if res.StatusCode != http.StatusAccepted || !strings.Contains(body, `"run_ids":[103]`) {
		t.Errorf("start: %d %s", res.StatusCode, body)
	}
	if got := strings.Join(syncer.started, ","); got != "7/true/api" {
		t.Errorf("started %q", got)
	}

	off, _ := newTestServer(t, Deps{})
	offCookie, offToken := csrf(t, off, "/sync")
	offBrowser := func(r *http.Request) { r.AddCookie(offCookie); r.Header.Set("X-CSRF-Token", offToken) }
	if res, _ := post(t, off, "/api/v1/sync", nil, offBrowser); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("sync not configured: %d, want 503", res.StatusCode)
	}
	if _, body := get(t, off, "/api/v1/sync/runs"); strings.TrimSpace(body) != "[]" {
		t.Errorf("no runs: %s", body)
	}
}

func TestAddProjectForm(t *testing.T) {
	deps, syncer := syncDeps()
	s, _ := newTestServer(t, deps)
	_, body := get(t, s, "/")
	if !strings.Contains(body, `data-testid="add-project"`) || !strings.Contains(body, `action="/projects"`) {
		t.Fatal("the projects page lacks the add-project form")
	}
	cookie, token := csrf(t, s, "/sync")
	withToken := func(r *http.Request) { r.AddCookie(cookie); r.Header.Set("X-CSRF-Token", token) }
	tests := []struct {
		value     string
		setup     func(*http.Request)
		status    int
		want      string
		wantAdded string
	}{
		{"2600001", nil, http.StatusForbidden, "expired", ""},
		{"4242", withToken, http.StatusUnprocessableEntity, "project 4242 not found or not visible to this token", ""},
		{"2600001", withToken, http.StatusSeeOther, "", "[2600001]"},
	}
	for _, tt := range tests {
		syncer.added, syncer.started = nil, nil
		res, body := post(t, s, "/projects", url.Values{"tracker_project_id": {tt.value}}, tt.setup)
		if res.StatusCode != tt.status || !strings.Contains(body, tt.want) {
			t.Errorf("%s: %d %q", tt.value, res.StatusCode, body)
		}
		if got := fmt.Sprint(syncer.added); tt.wantAdded != "" && got != tt.wantAdded {
			t.Errorf("%s: added %s", tt.value, got)
		}
		if tt.status == http.StatusSeeOther && (res.Header.Get("Location") != "/sync" || len(syncer.started) != 1) {
			t.Errorf("%s: redirect %q, syncs started %v", tt.value, res.Header.Get("Location"), syncer.started)
		}
		if tt.status == http.StatusUnprocessableEntity && !strings.Contains(body, `value="4242"`) {
			t.Error("the rejected id should stay in the form")
		}
	}

	off, _ := newTestServer(t, Deps{Projects: deps.Projects})
	if _, body := get(t, off, "/"); strings.Contains(body, `data-testid="add-project"`) {
		t.Error("without Tracker sync the form cannot work and should not show")
	}
	if _, body := get(t, off, "/sync"); !strings.Contains(body, `data-testid="sync-disabled"`) || strings.Contains(body, `data-testid="sync-now"`) {
		t.Error("the sync page should say sync is off")
	}
}
