package tracker

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/tracker/trackertest"
)

// Small shapes for fixtures sprintlens does not use, so the decode walk
// still proves every replayedRequest response is understood.
type (
	testTask struct {
		ID          int64  `json:"id"`
		StoryID     int64  `json:"story_id"`
		Description string `json:"description"`
		Complete    bool   `json:"complete"`
		CreatedAt   Time   `json:"created_at"`
	}
	testReview struct {
		ID         int64 `json:"id"`
		StoryID    int64 `json:"story_id"`
		ReviewType struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"review_type"`
		Status    string `json:"status"`
		UpdatedAt Time   `json:"updated_at"`
	}
	testCycleTime struct {
		Kind           string `json:"kind"`
		StoryID        int64  `json:"story_id"`
		TotalCycleTime int64  `json:"total_cycle_time"` // milliseconds
	}
	testDailyHistory struct {
		Kind   string              `json:"kind"`
		Header []string            `json:"header"`
		Data   [][]json.RawMessage `json:"data"`
	}
	testSearch struct {
		Query   string `json:"query"`
		Stories struct {
			Stories   []Story `json:"stories"`
			TotalHits int     `json:"total_hits"`
		} `json:"stories"`
		Epics struct {
			Epics     []Epic `json:"epics"`
			TotalHits int    `json:"total_hits"`
		} `json:"epics"`
	}
	testNotification struct {
		ID        int64    `json:"id"`
		Message   string   `json:"message"`
		Project   Resource `json:"project"`
		Performer Person   `json:"performer"`
		CreatedAt Time     `json:"created_at"`
	}
	testWorkspace struct {
		ID         int64   `json:"id"`
		Name       string  `json:"name"`
		ProjectIDs []int64 `json:"project_ids"`
	}
)

// zeroFields collects the names of key fields that decoded to zero values.
type zeroFields []string

func (n *zeroFields) check(name string, ok bool) {
	if !ok {
		*n = append(*n, name)
	}
}

func (n zeroFields) err() error {
	if len(n) == 0 {
		return nil
	}
	shown := n[:min(len(n), 5)]
	return fmt.Errorf("%d zero key fields: %s", len(n), strings.Join(shown, ", "))
}

func checkStory(n *zeroFields, i int, s Story) {
	p := fmt.Sprintf("[%d].", i)
	n.check(p+"id", s.ID != 0)
	n.check(p+"story_type", s.StoryType != "")
	n.check(p+"current_state", s.CurrentState != "")
}

func checkIteration(n *zeroFields, i int, it Iteration) {
	p := fmt.Sprintf("[%d].", i)
	n.check(p+"number", it.Number > 0)
	n.check(p+"project_id", it.ProjectID != 0)
	n.check(p+"start<finish", !it.Start.IsZero() && it.Finish.After(it.Start.Time))
	for j, s := range it.Stories {
		checkStory(n, j, s)
	}
}

func checkActivity(n *zeroFields, i int, a Activity) {
	p := fmt.Sprintf("[%d].", i)
	n.check(p+"kind", strings.HasSuffix(a.Kind, "_activity"))
	n.check(p+"guid", a.GUID != "")
	n.check(p+"project_version", a.ProjectVersion > 0)
	n.check(p+"occurred_at", a.OccurredAt.Year() >= 2013)
	n.check(p+"project.id", a.Project.ID != 0)
	n.check(p+"performed_by.id", a.PerformedBy.ID != 0)
	n.check(p+"changes", len(a.Changes) > 0)
	for j, c := range a.Changes {
		n.check(fmt.Sprintf("%schanges[%d].kind", p, j), c.Kind != "" && c.ChangeType != "")
	}
}

// decodeAs decodes b into a T and runs check on it.
func decodeAs[T any](check func(n *zeroFields, v T)) func([]byte) error {
	return func(b []byte) error {
		var v T
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		var n zeroFields
		check(&n, v)
		return n.err()
	}
}

// each adapts a per-element check to a slice, requiring at least min elements.
func eachElem[T any](min int, check func(n *zeroFields, i int, v T)) func(n *zeroFields, vs []T) {
	return func(n *zeroFields, vs []T) {
		n.check(fmt.Sprintf("at least %d elements", min), len(vs) >= min)
		for i, v := range vs {
			check(n, i, v)
		}
	}
}

// fixtureDecoders maps fixture file patterns (path.Match against the path
// under api/, first match wins) to the type each decodes into.
var fixtureDecoders = []struct {
	pattern string
	decode  func([]byte) error
}{
	{"webhooks/webhook_activity_*.json", decodeAs(func(n *zeroFields, a Activity) {
		checkActivity(n, 0, a)
		// Webhooks write epoch milliseconds; they must land in 2014, not 1970.
		n.check("occurred_at in 2014", a.OccurredAt.Year() == 2014)
	})},
	{"error_*.json", decodeAs(func(n *zeroFields, e TrackerError) {
		n.check("kind=error", e.Kind == "error")
		n.check("code", e.Code != "")
		n.check("error", e.Message != "")
	})},
	{"projects_list_*.json", decodeAs(eachElem(1, func(n *zeroFields, i int, p Project) {
		n.check("id", p.ID != 0)
		n.check("labels", len(p.Labels) > 0 && p.Labels[0].Name != "")
		n.check("epics[0].label.name", len(p.Epics) > 0 && p.Epics[0].Label.Name != "")
		n.check("current_velocity", p.CurrentVelocity > 0)
	}))},
	{"project_*.json", decodeAs(func(n *zeroFields, p Project) {
		n.check("id", p.ID != 0)
		n.check("name", p.Name != "")
		n.check("version", p.Version > 0)
		n.check("iteration_length", p.IterationLength > 0)
		n.check("point_scale", p.PointScale != "")
		n.check("time_zone.olson_name", p.TimeZone.OlsonName != "")
		n.check("velocity_averaged_over", p.VelocityAveragedOver > 0)
		n.check("current_iteration_number", p.CurrentIterationNumber > 0)
		n.check("start_time", !p.StartTime.IsZero())
	})},
	{"stories_*/*.json", decodeAs(eachElem(1, checkStory))},
	{"stories_*.json", decodeAs(eachElem(1, checkStory))},
	{"story_owners_*.json", decodeAs(eachElem(1, func(n *zeroFields, i int, p Person) {
		n.check("id", p.ID != 0)
		n.check("name", p.Name != "")
		n.check("initials", p.Initials != "")
	}))},
	{"story_tasks_*.json", decodeAs(eachElem(1, func(n *zeroFields, i int, tk testTask) {
		n.check("id", tk.ID != 0 && tk.StoryID != 0 && tk.Description != "" && !tk.CreatedAt.IsZero())
	}))},
	{"story_reviews_*.json", decodeAs(eachElem(1, func(n *zeroFields, i int, r testReview) {
		n.check("id", r.ID != 0 && r.StoryID != 0 && r.ReviewType.Name != "" && r.Status != "")
	}))},
	{"story_transitions_*.json", decodeAs(eachElem(1, func(n *zeroFields, i int, st StoryTransition) {
		n.check("state", st.State != "")
		n.check("story_id", st.StoryID != 0)
		n.check("project_version", st.ProjectVersion > 0)
		n.check("occurred_at", !st.OccurredAt.IsZero())
		n.check("performed_by_id", st.PerformedByID != 0)
	}))},
	{"story_*.json", decodeAs(func(n *zeroFields, s Story) {
		checkStory(n, 0, s)
		n.check("created_at", !s.CreatedAt.IsZero())
		n.check("url", s.URL != "")
	})},
	{"iterations_*_empty.json", decodeAs(func(n *zeroFields, its []Iteration) {
		n.check("empty", len(its) == 0)
	})},
	{"iterations_*/*.json", decodeAs(eachElem(1, checkIteration))},
	{"iterations_*.json", decodeAs(eachElem(1, checkIteration))},
	{"iteration_analytics_cycle_time_details_*.json", decodeAs(eachElem(1, func(n *zeroFields, i int, c testCycleTime) {
		n.check("kind", c.Kind == "cycle_time_details")
		n.check("story_id", c.StoryID != 0)
	}))},
	{"history_iterations_days_*.json", decodeAs(func(n *zeroFields, h testDailyHistory) {
		n.check("kind", h.Kind == "daily_history_container")
		n.check("header", len(h.Header) > 1)
		n.check("data", len(h.Data) > 0 && len(h.Data[0]) == len(h.Header))
	})},
	{"labels_*.json", decodeAs(eachElem(1, func(n *zeroFields, i int, l Label) {
		n.check("label", l.ID != 0 && l.ProjectID != 0 && l.Name != "" && !l.CreatedAt.IsZero())
	}))},
	{"epics_*.json", decodeAs(eachElem(1, func(n *zeroFields, i int, e Epic) {
		n.check("epic", e.ID != 0 && e.Name != "" && e.Label.ID != 0 && e.Label.Name != "")
	}))},
	{"epic_*.json", decodeAs(func(n *zeroFields, e Epic) {
		n.check("epic", e.ID != 0 && e.Name != "" && e.Label.ID != 0 && e.Label.Name != "")
	})},
	{"me.json", decodeAs(func(n *zeroFields, m Me) {
		n.check("id", m.ID != 0)
		n.check("username", m.Username != "")
		n.check("time_zone", m.TimeZone.OlsonName != "")
		n.check("projects", len(m.Projects) > 0 && m.Projects[0].ProjectID != 0)
	})},
	{"activity_*.json", decodeAs(eachElem(1, checkActivity))},
	{"releases_*.json", decodeAs(eachElem(1, func(n *zeroFields, i int, r Release) {
		n.check("release", r.Kind == "release" && r.ID != 0 && r.Name != "" && r.CurrentState != "")
	}))},
	{"search_*.json", decodeAs(func(n *zeroFields, s testSearch) {
		n.check("query", s.Query != "")
		n.check("stories", s.Stories.TotalHits > 0 && len(s.Stories.Stories) > 0 && s.Stories.Stories[0].ID != 0)
	})},
	{"notifications_*.json", decodeAs(eachElem(1, func(n *zeroFields, i int, x testNotification) {
		n.check("notification", x.ID != 0 && x.Message != "" && x.Project.ID != 0 && x.Performer.ID != 0)
	}))},
	{"workspaces_*.json", decodeAs(eachElem(1, func(n *zeroFields, i int, w testWorkspace) {
		n.check("workspace", w.ID != 0 && w.Name != "" && len(w.ProjectIDs) > 0)
	}))},
}

// TestDecodeEveryFixture decodes every replayedRequest response with the client's
// types; a new fixture without a decoder fails the test.
func TestDecodeEveryFixture(t *testing.T) {
	root := filepath.Join(trackertest.Fixtures(t), "api")
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			rel, _ := filepath.Rel(root, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 60 {
		t.Fatalf("found only %d fixtures under %s", len(files), root)
	}
	for _, rel := range files {
		t.Run(rel, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(root, rel))
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range fixtureDecoders {
				if ok, _ := path.Match(d.pattern, rel); ok {
					if err := d.decode(b); err != nil {
						t.Errorf("decode as %s: %v", d.pattern, err)
					}
					return
				}
			}
			t.Errorf("no decoder pattern matches %s", rel)
		})
	}
}

// TestWebhookValues reads changed attributes out of webhook bodies, where
// timestamps are epoch milliseconds and removed values are null.
func TestWebhookValues(t *testing.T) {
	dir := filepath.Join(trackertest.Fixtures(t), "api", "webhooks")
	read := func(name string) Activity {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		var a Activity
		if err := json.Unmarshal(b, &a); err != nil {
			t.Fatal(err)
		}
		return a
	}

	est := read("webhook_activity_story_estimated.json")
	ch := est.Changes[0]
	var newEst, oldEst *float64
	if ok, err := ch.NewValues.Decode("estimate", &newEst); !ok || err != nil || newEst == nil || *newEst != 3 {
		t.Errorf("new estimate = %v, %v, %v; want 3", newEst, ok, err)
	}
	if ok, err := ch.OriginalValues.Decode("estimate", &oldEst); !ok || err != nil || oldEst != nil {
		t.Errorf("original estimate = %v, %v, %v; want present and null", oldEst, ok, err)
	}
	if ch.NewValues.Has("current_state") {
		t.Error("estimate change should not carry current_state")
	}

	acc := read("webhook_activity_story_accepted.json")
	var acceptedAt Time
	var state string
	if _, err := acc.Changes[0].NewValues.Decode("accepted_at", &acceptedAt); err != nil {
		t.Fatal(err)
	}
	if _, err := acc.Changes[0].NewValues.Decode("current_state", &state); err != nil {
		t.Fatal(err)
	}
	want := time.UnixMilli(1389218708000).UTC()
	if !acceptedAt.Equal(want) || state != "accepted" {
		t.Errorf("accepted_at, state = %v, %q; want %v, accepted", acceptedAt, state, want)
	}
	if acc.ProjectVersion != 65 || acc.Changes[0].ID != 63486316 {
		t.Errorf("version, story = %d, %d", acc.ProjectVersion, acc.Changes[0].ID)
	}
	var bad int
	if _, err := acc.Changes[0].NewValues.Decode("current_state", &bad); err == nil {
		t.Error("decoding a string into an int should fail")
	}
}
