package trackersim

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"
)

type iterationNumber struct {
	Number  int      `json:"number"`
	Stories []idOnly `json:"stories"`
}

type idOnly struct {
	ID int64 `json:"id"`
}

func TestIterationsPaging(t *testing.T) {
	s, base := testServer(t, nil)
	var done, all, cur int
	s.View(func(ds *Dataset) {
		p := ds.Projects[0]
		done, all, cur = len(p.IterationsIn(ScopeDone)), len(p.Iterations), p.Current().Number
	})
	tests := []struct {
		query                                 string
		total, limit, offset, returned, first int
	}{
		{"", all, 10, 0, 10, 1},
		{"?limit=100", all, 50, 0, 50, 1},
		{"?limit=1&offset=1", all, 1, 1, 1, 2},
		{"?limit=1&offset=9999", all, 1, 9999, 0, 0},
		{"?scope=done&offset=-12", done, 10, -12, 10, done - 11},
		{"?scope=done&offset=-2&limit=10", done, 10, -2, 2, done - 1},
		{"?scope=done&limit=5&offset=-7", done, 5, -7, 5, done - 6},
		{"?scope=current_backlog&limit=2", all - done, 2, 0, 2, cur},
		{"?scope=backlog", all - done - 1, 10, 0, all - done - 1, cur + 1},
	}
	for _, tt := range tests {
		resp, body := get(t, base, "/projects/2600001/iterations"+tt.query)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", tt.query, resp.StatusCode)
		}
		want := map[string]int{"Total": tt.total, "Limit": tt.limit, "Offset": tt.offset, "Returned": tt.returned}
		for k, v := range want {
			if got := resp.Header.Get("X-Tracker-Pagination-" + k); got != strconv.Itoa(v) {
				t.Errorf("%s: X-Tracker-Pagination-%s = %q, want %d", tt.query, k, got, v)
			}
		}
		its := decode[[]iterationNumber](t, body)
		if len(its) != tt.returned {
			t.Fatalf("%s: %d iterations, want %d", tt.query, len(its), tt.returned)
		}
		for i, it := range its {
			if it.Number != tt.first+i {
				t.Errorf("%s: iteration %d is number %d, want %d", tt.query, i, it.Number, tt.first+i)
			}
		}
	}
	resp, body := get(t, base, "/projects/2600001/iterations?scope=current")
	if resp.Header.Get("X-Tracker-Pagination-Total") != "" {
		t.Error("scope=current should not be paginated (the recording has no pagination headers)")
	}
	if its := decode[[]iterationNumber](t, body); len(its) != 1 || its[0].Number != cur || len(its[0].Stories) == 0 {
		t.Errorf("scope=current = %+v, want iteration %d with stories", its, cur)
	}
	_, body = get(t, base, "/projects/2600001/iterations?scope=done&limit=1&fields=number,start")
	if its := decode[[]map[string]any](t, body); len(its) != 1 || len(its[0]) != 2 {
		t.Errorf("fields=number,start gave %v", its)
	}
	if resp, _ := get(t, base, "/projects/2600001/iterations?offset=-1"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("negative offset without scope=done: status %d, want 400", resp.StatusCode)
	}
}

func TestStoriesPaging(t *testing.T) {
	s, base := testServer(t, nil)
	var total, unscheduled, notAccepted int
	s.View(func(ds *Dataset) {
		for _, st := range ds.Projects[0].Stories {
			total++
			switch st.State {
			case StateUnscheduled:
				unscheduled++
				notAccepted++
			case StateAccepted:
			default:
				notAccepted++
			}
		}
	})
	tests := []struct {
		query                          string
		total, limit, offset, returned int
	}{
		{"", total, 100, 0, 100},
		{"?limit=1000", total, 500, 0, 500},
		{"?limit=7&offset=7", total, 7, 7, 7},
		{"?offset=" + strconv.Itoa(total), total, 100, total, 0},
		{"?with_state=unscheduled", unscheduled, 100, 0, min(unscheduled, 100)},
		{"?filter=label:cost&limit=500", notAccepted, 500, 0, notAccepted},
		{"?filter=includedone:true&limit=500", total, 500, 0, min(total, 500)},
	}
	for _, tt := range tests {
		resp, body := get(t, base, "/projects/2600001/stories"+tt.query)
		got := fmt.Sprintf("%s/%s/%s/%s", resp.Header.Get("X-Tracker-Pagination-Total"), resp.Header.Get("X-Tracker-Pagination-Limit"),
			resp.Header.Get("X-Tracker-Pagination-Offset"), resp.Header.Get("X-Tracker-Pagination-Returned"))
		if want := fmt.Sprintf("%d/%d/%d/%d", tt.total, tt.limit, tt.offset, tt.returned); got != want {
			t.Errorf("%q: pagination %s, want %s", tt.query, got, want)
		}
		if n := len(decode[[]idOnly](t, body)); n != tt.returned {
			t.Errorf("%q: %d stories, want %d", tt.query, n, tt.returned)
		}
	}
	resp, body := get(t, base, "/projects/2600001/stories?updated_after=2025-11-25T00:00:00Z&limit=500")
	var recent int
	s.View(func(ds *Dataset) {
		cut := time.Date(2025, 11, 25, 0, 0, 0, 0, time.UTC)
		for _, st := range ds.Projects[0].Stories {
			if st.UpdatedAt.After(cut) {
				recent++
			}
		}
	})
	if n := len(decode[[]idOnly](t, body)); recent == 0 || n != recent || resp.Header.Get("X-Tracker-Pagination-Total") != strconv.Itoa(recent) {
		t.Errorf("updated_after: %d stories, want %d", n, recent)
	}
}

func TestActivityPaging(t *testing.T) {
	s, base := testServer(t, nil)
	var version int64
	s.View(func(ds *Dataset) { version = ds.Projects[0].Version })
	resp, body := get(t, base, "/projects/2600001/activity")
	acts := decode[[]struct {
		Version int64 `json:"project_version"`
	}](t, body)
	if len(acts) != 100 || resp.Header.Get("X-Tracker-Pagination-Total") != strconv.FormatInt(version, 10) {
		t.Fatalf("default page: %d activities, total %s", len(acts), resp.Header.Get("X-Tracker-Pagination-Total"))
	}
	for i, a := range acts {
		if a.Version != version-int64(i) {
			t.Fatalf("activity %d has version %d, want newest first from %d", i, a.Version, version)
		}
	}
	resp, body = get(t, base, fmt.Sprintf("/projects/2600001/activity?since_version=%d", version-5))
	if n := len(decode[[]any](t, body)); n != 5 || resp.Header.Get("X-Tracker-Project-Version") != strconv.FormatInt(version, 10) {
		t.Errorf("since_version: %d activities, version header %s", n, resp.Header.Get("X-Tracker-Project-Version"))
	}
}

func TestTransitionsEndpoints(t *testing.T) {
	s, base := testServer(t, nil)
	var storyID int64
	var want, recent int
	cut := time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	s.View(func(ds *Dataset) {
		p := ds.Projects[0]
		st := p.IterationsIn(ScopeDone)[3].Stories[0]
		storyID, want = st.ID, len(p.StoryTransitions(st.ID))
		for _, tr := range p.Transitions {
			if tr.OccurredAt.After(cut) {
				recent++
			}
		}
	})
	_, body := get(t, base, fmt.Sprintf("/projects/2600001/stories/%d/transitions", storyID))
	if got := decode[[]map[string]any](t, body); len(got) != want || want < 2 {
		t.Errorf("story transitions: %d, want %d (at least started and accepted)", len(got), want)
	}
	resp, _ := get(t, base, "/projects/2600001/story_transitions?occurred_after=2025-11-01T00:00:00Z&limit=10")
	if resp.Header.Get("X-Tracker-Pagination-Total") != strconv.Itoa(recent) || resp.Header.Get("X-Tracker-Pagination-Returned") != "10" {
		t.Errorf("occurred_after: total %s returned %s, want %d and 10", resp.Header.Get("X-Tracker-Pagination-Total"),
			resp.Header.Get("X-Tracker-Pagination-Returned"), recent)
	}
}

func TestTokenRejected(t *testing.T) {
	_, base := testServer(t, nil, WithToken("secret"))
	for _, token := range []string{"", DefaultToken} {
		resp, body := getToken(t, base, "/projects", token)
		e := decode[map[string]string](t, body)
		if resp.StatusCode != http.StatusForbidden || e["kind"] != "error" || e["code"] != "invalid_authentication" ||
			e["error"] == "" || e["general_problem"] == "" || e["possible_fix"] == "" {
			t.Errorf("token %q: %d %v", token, resp.StatusCode, e)
		}
	}
	if resp, _ := getToken(t, base, "/projects", "secret"); resp.StatusCode != http.StatusOK {
		t.Errorf("right token: status %d", resp.StatusCode)
	}
}

func TestNotFoundBodiesMatchRecordings(t *testing.T) {
	_, base := testServer(t, nil)
	tests := []struct{ path, fixture string }{
		{"/projects/-1", "error_404_unfound_resource_project_-1.json"},
		{"/projects/2600001/stories/1", "error_404_unfound_resource_project_-1.json"},
		{"/projects//stories//comments", "error_404_route_not_found.json"},
		{"/projects/2600001/nonsense", "error_404_route_not_found.json"},
	}
	for _, tt := range tests {
		resp, body := get(t, base, tt.path)
		var want map[string]any
		loadFixture(t, tt.fixture, &want)
		got := decode[map[string]any](t, body)
		if resp.StatusCode != http.StatusNotFound || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: %d %v, want 404 %v", tt.path, resp.StatusCode, got, want)
		}
	}
}

func TestStartAndStop(t *testing.T) {
	s := New(Generate(Config{Weeks: 8}))
	base, stop, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	resp, body := get(t, base, "/me")
	if me := decode[map[string]any](t, body); resp.StatusCode != http.StatusOK || me["api_token"] != DefaultToken {
		t.Errorf("GET /me: %d %v", resp.StatusCode, me)
	}
	if err := stop(context.Background()); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if _, err := http.Get(base + "/me"); err == nil {
		t.Error("server still answers after stop")
	}
}

func TestSingleResourceEndpoints(t *testing.T) {
	s, base := testServer(t, nil)
	var cur int
	var storyID int64
	var storyActs int
	s.View(func(ds *Dataset) {
		p := ds.Projects[0]
		cur = p.Current().Number
		storyID = p.Current().Stories[0].ID
		for _, a := range p.Activities {
			if a.StoryID == storyID {
				storyActs++
			}
		}
	})
	_, body := get(t, base, fmt.Sprintf("/projects/2600001/iterations/%d", cur))
	if it := decode[iterationNumber](t, body); it.Number != cur || len(it.Stories) == 0 {
		t.Errorf("iteration %d: got %+v", cur, it)
	}
	if resp, _ := get(t, base, "/projects/2600001/iterations/9999"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("iteration 9999: status %d", resp.StatusCode)
	}
	resp, body := get(t, base, fmt.Sprintf("/projects/2600001/stories/%d/activity", storyID))
	if n := len(decode[[]any](t, body)); n != storyActs || resp.Header.Get("X-Tracker-Pagination-Total") != strconv.Itoa(storyActs) {
		t.Errorf("story activity: %d entries, want %d", n, storyActs)
	}
	_, body = get(t, base, "/projects/2600001/epics/5000001")
	if e := decode[map[string]any](t, body); e["name"] != "Migrate to EKS" {
		t.Errorf("epic 5000001 = %v", e)
	}
}
