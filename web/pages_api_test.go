package web_test

import (
	"encoding/json"
	"math"
	"net/http"
	"slices"
	"sort"
	"testing"
)

// keysOf lists a JSON object's keys, sorted.
func keysOf(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sorted(keys ...string) []string {
	sort.Strings(keys)
	return keys
}

func getJSON(t *testing.T, e pagesEnv, path string) map[string]any {
	t.Helper()
	code, body, res := e.get(t, path)
	if code != http.StatusOK || res.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET %s: %d %s\n%s", path, code, res.Header.Get("Content-Type"), body)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return m
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.01 }

func TestAPIVelocity(t *testing.T) {
	e := newPagesEnv(t)
	m := getJSON(t, e, "/api/v1/projects/9/velocity")
	if got, want := keysOf(m), sorted("window", "velocity", "volatility", "velocity_normalized", "window_used", "iterations"); !slices.Equal(got, want) {
		t.Fatalf("fields = %v, want %v", got, want)
	}
	if m["window"] != 3.0 || m["velocity"] != 6.0 || m["window_used"] != 3.0 ||
		!near(m["volatility"].(float64), 49.065) || !near(m["velocity_normalized"].(float64), 28.0/3) {
		t.Errorf("velocity = %v", m)
	}
	its := m["iterations"].([]any)
	if len(its) != 4 {
		t.Fatalf("%d iterations, want sprints 1-4", len(its))
	}
	it3 := its[2].(map[string]any)
	want := sorted("number", "start", "finish", "team_strength", "accepted_points", "accepted_count",
		"committed_points", "carried_over_points", "added_points")
	if got := keysOf(it3); !slices.Equal(got, want) {
		t.Fatalf("iteration fields = %v, want %v", got, want)
	}
	for k, v := range map[string]any{"number": 3.0, "start": "2026-10-19T00:00:00+09:00", "finish": "2026-10-26T00:00:00+09:00",
		"team_strength": 0.5, "accepted_points": 10.0, "accepted_count": 3.0, "committed_points": 11.0,
		"carried_over_points": 1.0, "added_points": 0.0} {
		if it3[k] != v {
			t.Errorf("iteration 3 %s = %v, want %v", k, it3[k], v)
		}
	}
}

func TestAPISprint(t *testing.T) {
	e := newPagesEnv(t)
	m := getJSON(t, e, "/api/v1/projects/9/sprints/3")
	want := sorted("number", "start", "finish", "committed", "accepted", "carried_over", "added", "removed",
		"reconstructed", "stories", "by_label", "by_type")
	if got := keysOf(m); !slices.Equal(got, want) {
		t.Fatalf("fields = %v, want %v", got, want)
	}
	tally := func(k string) [2]float64 {
		t := m[k].(map[string]any)
		return [2]float64{t["points"].(float64), t["count"].(float64)}
	}
	for k, v := range map[string][2]float64{"committed": {11, 3}, "accepted": {10, 3}, "carried_over": {1, 1},
		"added": {0, 1}, "removed": {0, 0}} {
		if got := tally(k); got != v {
			t.Errorf("%s = %v, want %v", k, got, v)
		}
	}
	stories := m["stories"].([]any)
	if len(stories) != 4 {
		t.Fatalf("%d stories, want 4", len(stories))
	}
	byID := map[float64]map[string]any{}
	for _, s := range stories {
		st := s.(map[string]any)
		byID[st["id"].(float64)] = st
	}
	s5 := byID[5]
	wantStory := sorted("id", "name", "type", "state", "points", "owners", "labels", "cycle_days", "roll_count",
		"committed", "added", "accepted", "carried_over", "removed", "chain")
	if got := keysOf(s5); !slices.Equal(got, wantStory) {
		t.Fatalf("story fields = %v, want %v", got, wantStory)
	}
	if s5["name"] != xssName || s5["roll_count"] != 1.0 || s5["cycle_days"] != 9.0 || s5["accepted"] != true ||
		!slices.Equal(s5["chain"].([]any), []any{2.0, 3.0}) {
		t.Errorf("story 5 = %v", s5)
	}
	if s7 := byID[7]; s7["carried_over"] != true || s7["cycle_days"] != nil || s7["state"] != "unstarted" {
		t.Errorf("story 7 = %v", s7)
	}
	if s6 := byID[6]; s6["added"] != true || s6["type"] != "bug" || len(s6["labels"].([]any)) != 0 {
		t.Errorf("story 6 = %v", s6)
	}
	sprint2 := getJSON(t, e, "/api/v1/projects/9/sprints/2")
	for _, s := range sprint2["stories"].([]any) {
		if st := s.(map[string]any); st["id"] == 5.0 && (st["carried_over"] != true || st["cycle_days"] != nil) {
			t.Errorf("story 5 in sprint 2 is carried over, its cycle ends later: %v", st)
		}
	}
	byLabel := m["by_label"].([]any)
	if len(byLabel) != 2 || byLabel[1].(map[string]any)["key"] != "eks-migration" {
		t.Errorf("by_label = %v", byLabel)
	}
}
