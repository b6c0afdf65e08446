package web_test

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// getCSV downloads path and parses it, header first.
func getCSV(t *testing.T, e pagesEnv, path string) [][]string {
	t.Helper()
	code, body, res := e.get(t, path)
	if code != http.StatusOK || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("GET %s: %d %q %q", path, code, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return rows
}

// column returns the named column of the data rows.
func column(t *testing.T, rows [][]string, name string) []string {
	t.Helper()
	i := slices.Index(rows[0], name)
	if i < 0 {
		t.Fatalf("no column %q in %v", name, rows[0])
	}
	var out []string
	for _, r := range rows[1:] {
		out = append(out, r[i])
	}
	return out
}

func TestCSVDownloads(t *testing.T) {
	e := newPagesEnv(t)
	tests := []struct {
		path, col string
		want      []string
	}{
		{"/projects/9/velocity.csv", "accepted_points", []string{"3", "5", "10", "3"}},
		{"/projects/9/velocity.csv", "rolling_velocity", []string{"3", "4", "6", ""}},
		{"/projects/9?format=csv", "carried_over_points", []string{"0", "2", "1", "1"}},
		{"/projects/9/velocity.csv?from=2026-10-12&to=2026-10-25", "number", []string{"2", "3"}},
		{"/projects/9/burnup.csv", "accepted_points", []string{"0", "3", "3", "3", "", "", ""}},
		{"/projects/9/sprints/3.csv", "story_id", []string{"3", "5", "6", "7"}},
		{"/projects/9/sprints/3?format=csv", "name", []string{"Migrate ingress to EKS", xssName, "Pager storm at night", "Runbook for failover"}},
		{"/projects/9/sprints/3.csv?type=bug", "story_id", []string{"6"}},
		{"/projects/9/sprints/3.csv", "chain", []string{"3", "2 3", "3", "2 3 4"}},
		{"/projects/9/cycle-time.csv", "cycle_days", []string{"2.042", "2.042", "0.417", "2.042", "9", "1"}},
		{"/projects/9/cycle-time.csv?type=bug", "story_id", []string{"6"}},
		{"/projects/9/forecast.csv", "sprints", []string{"2", "3", "5"}},
		{"/rollup.csv", "velocity", []string{"6"}},
		{"/rollup?format=csv", "last_carried_over_points", []string{"1"}},
	}
	for _, tt := range tests {
		rows := getCSV(t, e, tt.path)
		got := column(t, rows, tt.col)
		if len(tt.want) < len(got) {
			got = got[:len(tt.want)]
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s %s = %q, want %q", tt.path, tt.col, got, tt.want)
		}
	}
}

// The CSV of a table holds what the page's table shows.
func TestCSVMatchesPage(t *testing.T) {
	e := newPagesEnv(t)
	for _, q := range []string{"", "?label=eks-migration"} {
		body := e.page(t, "/projects/9/sprints/3"+q)
		rows := getCSV(t, e, "/projects/9/sprints/3.csv"+q)
		if len(rows)-1 != len(testID(body, "story-row")) {
			t.Errorf("%q: CSV has %d stories, page %d", q, len(rows)-1, len(testID(body, "story-row")))
		}
		if got, want := column(t, rows, "name"), testID(body, "story-name"); !slices.Equal(got, want) {
			t.Errorf("%q: CSV names %q, page %q", q, got, want)
		}
	}
	body := e.page(t, "/projects/9/cycle-time")
	if rows := getCSV(t, e, "/projects/9/cycle-time.csv"); len(rows)-1 != len(testID(body, "cycle-row")) {
		t.Errorf("cycle CSV has %d rows, page %d", len(rows)-1, len(testID(body, "cycle-row")))
	}
}
