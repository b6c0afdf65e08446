package trackersim

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
)

// The simulator must speak the real API's JSON: every key it writes must
// appear, with the same JSON type, in the recorded responses of the same
// resource, and headers must match the recorded ones.

// shape maps each key seen in recorded objects to the JSON types it had.
type shape map[string]map[string]bool

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	case []any:
		return "array"
	}
	return "object"
}

func (s shape) add(objs ...map[string]any) {
	for _, o := range objs {
		for k, v := range o {
			if s[k] == nil {
				s[k] = map[string]bool{}
			}
			s[k][jsonType(v)] = true
		}
	}
}

// problems lists keys of got the recordings never had, or had with another type.
func (s shape) problems(got map[string]any) []string {
	var out []string
	for k, v := range got {
		types, seen := s[k]
		switch {
		case !seen:
			out = append(out, fmt.Sprintf("key %q never appears in the recordings", k))
		case v != nil && !types[jsonType(v)] && !(len(types) == 1 && types["null"]):
			out = append(out, fmt.Sprintf("key %q is %s, recorded as %v", k, jsonType(v), types))
		}
	}
	return out
}

// check reports each problem of the objects once.
func (s shape) check(t *testing.T, what string, objs []map[string]any) {
	t.Helper()
	if len(s) == 0 || len(objs) == 0 {
		t.Errorf("%s: nothing to compare (%d recorded keys, %d simulated objects)", what, len(s), len(objs))
		return
	}
	seen := map[string]bool{}
	for _, o := range objs {
		for _, p := range s.problems(o) {
			if !seen[p] {
				seen[p] = true
				t.Errorf("%s: %s", what, p)
			}
		}
	}
}

func objects(v any) []map[string]any {
	switch x := v.(type) {
	case map[string]any:
		return []map[string]any{x}
	case []any:
		var out []map[string]any
		for _, e := range x {
			out = append(out, objects(e)...)
		}
		return out
	}
	return nil
}

// nested collects the objects under key in each of objs.
func nested(objs []map[string]any, key string) []map[string]any {
	var out []map[string]any
	for _, o := range objs {
		out = append(out, objects(o[key])...)
	}
	return out
}

func fixtureObjects(t *testing.T, files ...string) []map[string]any {
	var out []map[string]any
	for _, f := range files {
		var v any
		loadFixture(t, f, &v)
		out = append(out, objects(v)...)
	}
	return out
}

func shapeOf(objs []map[string]any) shape {
	s := shape{}
	s.add(objs...)
	return s
}

func TestJSONMatchesRecordedShapes(t *testing.T) {
	_, base := testServer(t, nil)
	getObjects := func(path string) []map[string]any {
		resp, body := get(t, base, path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", path, resp.StatusCode)
		}
		return objects(decode[any](t, body))
	}

	iterFiles := []string{"iterations_project_1027488_current.json", "iterations_project_1027488_current_with_velocity_fields.json",
		"iterations_project_1027488_limit1.json", "iterations_project_367813_default.json", "iterations_project_970140_current_2014.json"}
	recIters := fixtureObjects(t, iterFiles...)
	recStories := append(fixtureObjects(t, "stories_project_1027488_limit300.json", "stories_project_367813_default_page1.json",
		"stories_project_1027488_with_state_unscheduled.json", "story_66728004.json", "story_66728004_fields_owners.json"),
		nested(recIters, "stories")...)
	recProjects := fixtureObjects(t, "project_1027488.json", "project_367813.json", "project_1027488_with_labels.json",
		"project_970140_2013.json", "projects_list_fields_account_velocity_labels_epics.json")
	recEpics := fixtureObjects(t, "epics_project_1027488.json", "epic_4737194.json")
	recMe := fixtureObjects(t, "me.json")
	recActs := fixtureObjects(t, "activity_project_1027488.json", "activity_story_66728004.json", "activity_my_2016_with_story_delete.json")
	var recStoryChanges []map[string]any
	for _, c := range nested(recActs, "changes") {
		if c["kind"] == "story" {
			recStoryChanges = append(recStoryChanges, c)
		}
	}
	storyValues := shapeOf(append(nested(recStoryChanges, "new_values"), nested(recStoryChanges, "original_values")...))

	simIters := getObjects("/projects/2600001/iterations?scope=done&limit=50")
	simIters = append(simIters, getObjects("/projects/2600001/iterations?scope=current&fields=:default,velocity,points,accepted_points,effective_points")...)
	simStories := append(getObjects("/projects/2600001/stories?limit=500&offset=200"), nested(simIters, "stories")...)
	simStories = append(simStories, getObjects(fmt.Sprintf("/projects/2600001/stories/%.0f?fields=:default,owners", simStories[0]["id"]))...)
	simProjects := getObjects("/projects/2600001?fields=:default,labels,epics,current_velocity")
	var simActs []map[string]any
	for off := 0; ; off += 500 {
		page := getObjects(fmt.Sprintf("/projects/2600001/activity?limit=500&offset=%d", off))
		if len(page) == 0 {
			break
		}
		simActs = append(simActs, page...)
	}
	var simStoryChanges []map[string]any
	kinds := map[string]bool{}
	for _, c := range nested(simActs, "changes") {
		simStoryChanges = append(simStoryChanges, c)
		kinds[fmt.Sprint(c["change_type"])] = true
	}
	if !kinds["create"] || !kinds["update"] || !kinds["delete"] {
		t.Fatalf("activity change types %v, want create, update and delete", kinds)
	}

	tests := []struct {
		what     string
		recorded []map[string]any
		sim      []map[string]any
	}{
		{"story", recStories, simStories},
		{"story label", nested(recStories, "labels"), nested(simStories, "labels")},
		{"story owner", append(nested(recStories, "owners"), fixtureObjects(t, "story_owners_66728004.json")...), nested(simStories, "owners")},
		{"iteration", recIters, simIters},
		{"project", recProjects, simProjects},
		{"project time_zone", nested(recProjects, "time_zone"), nested(simProjects, "time_zone")},
		{"project epic", append(nested(recProjects, "epics"), recEpics...), nested(simProjects, "epics")},
		{"label", fixtureObjects(t, "labels_project_1027488.json"), getObjects("/projects/2600001/labels")},
		{"epic", recEpics, getObjects("/projects/2600001/epics")},
		{"epic label", nested(recEpics, "label"), nested(getObjects("/projects/2600001/epics"), "label")},
		{"me", recMe, getObjects("/me")},
		{"me membership_summary", nested(recMe, "projects"), nested(getObjects("/me"), "projects")},
		{"activity", recActs, simActs},
		{"activity change", recStoryChanges, simStoryChanges},
		{"activity primary resource", nested(recActs, "primary_resources"), nested(simActs, "primary_resources")},
		{"activity project", nested(recActs, "project"), nested(simActs, "project")},
		{"activity performer", nested(recActs, "performed_by"), nested(simActs, "performed_by")},
		{"transition", fixtureObjects(t, "story_transitions_story_66728000.json"), getObjects("/projects/2600001/story_transitions?limit=500")},
		{"person", fixtureObjects(t, "story_owners_66728004.json"), nested(getObjects("/projects/2600001/memberships"), "person")},
	}
	for _, tt := range tests {
		shapeOf(tt.recorded).check(t, tt.what, tt.sim)
	}
	storyValues.check(t, "activity new_values", nested(simStoryChanges, "new_values"))
	storyValues.check(t, "activity original_values", nested(simStoryChanges, "original_values"))
}

// TestHeadersMatchRecordings compares the X-Tracker-* header names and the
// Content-Type of each endpoint with a recorded response of the same kind.
func TestHeadersMatchRecordings(t *testing.T) {
	s, base := testServer(t, nil)
	var storyID int64
	s.View(func(ds *Dataset) { storyID = ds.Projects[0].IterationsIn(ScopeDone)[0].Stories[0].ID })
	tests := []struct{ path, fixture string }{
		{"/me", "me.json"},
		{"/projects", "projects_list_fields_account_velocity_labels_epics.json"},
		{"/projects/2600001", "project_1027488.json"},
		{"/projects/2600001/stories?limit=300", "stories_project_1027488_limit300.json"},
		{"/projects/2600001/iterations?scope=done&offset=-12", "iterations_project_1027488_done_offset-12.json"},
		{"/projects/2600001/iterations?limit=1", "iterations_project_1027488_limit1.json"},
		{"/projects/2600001/iterations?scope=current", "iterations_project_1027488_current.json"},
		{"/projects/2600001/labels", "labels_project_1027488.json"},
		{"/projects/2600001/epics", "epics_project_1027488.json"},
		{"/projects/2600001/activity", "activity_project_1027488.json"},
		{fmt.Sprintf("/projects/2600001/stories/%d/transitions", storyID), "story_transitions_story_66728000.json"},
		{fmt.Sprintf("/projects/2600001/stories/%d", storyID), "story_66728004.json"},
		{"/projects/-1", "error_404_unfound_resource_project_-1.json"},
		{"/projects//stories//comments", "error_404_route_not_found.json"},
	}
	for _, tt := range tests {
		resp, _ := get(t, base, tt.path)
		want := manifestHeaders(t, "api/"+tt.fixture)
		var wantNames, gotNames []string
		for k := range want {
			if strings.HasPrefix(k, "X-Tracker-") {
				wantNames = append(wantNames, k)
			}
		}
		for k := range resp.Header {
			if strings.HasPrefix(k, "X-Tracker-") {
				gotNames = append(gotNames, k)
			}
		}
		sort.Strings(wantNames)
		sort.Strings(gotNames)
		if !slices.Equal(gotNames, wantNames) || resp.Header.Get("Content-Type") != want["Content-Type"] {
			t.Errorf("%s: headers %v %q, recorded %v %q", tt.path, gotNames, resp.Header.Get("Content-Type"), wantNames, want["Content-Type"])
		}
	}
}
