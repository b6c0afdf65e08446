package ingest

import (
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/tracker"
)

// row builds a CSV story in iteration n of a weekly calendar starting on
// Monday Jan 6, 2025 (in loc), as an export would hold it.
func row(loc *time.Location, line, n int, state string) tracker.CSVStory {
	start := time.Date(2025, 1, 6, 0, 0, 0, 0, loc).AddDate(0, 0, 7*(n-1))
	end := start.AddDate(0, 0, 6)
	return tracker.CSVStory{Line: line, Iteration: &n, IterationStart: &start, IterationEnd: &end, State: state}
}

func planOf(t *testing.T, rows []tracker.CSVStory, exportedAt time.Time) iterationPlan {
	t.Helper()
	set := iterationSet{}
	for _, r := range rows {
		st := sprintlens.StoryState(r.State)
		if ce := set.add(r, r.Iteration, st); ce != nil {
			t.Fatalf("add line %d: %v", r.Line, ce)
		}
	}
	return set.plan(exportedAt)
}

func TestCurrentIterationRule(t *testing.T) {
	utc := time.UTC
	tests := []struct {
		name       string
		rows       []tracker.CSVStory
		exportedAt time.Time
		want       int
	}{
		{"export time inside an iteration wins", []tracker.CSVStory{
			row(utc, 2, 1, "accepted"), row(utc, 3, 2, "unstarted"), row(utc, 4, 3, "started"),
		}, time.Date(2025, 1, 15, 9, 0, 0, 0, utc), 2},
		{"export time on the last evening of an iteration", []tracker.CSVStory{
			row(utc, 2, 1, "accepted"), row(utc, 3, 2, "started"),
		}, time.Date(2025, 1, 12, 23, 59, 0, 0, utc), 1},
		{"export time in a filled gap", []tracker.CSVStory{
			row(utc, 2, 1, "accepted"), row(utc, 3, 4, "unstarted"),
		}, time.Date(2025, 1, 22, 0, 0, 0, 0, utc), 3},
		{"no export time: highest iteration with work in progress", []tracker.CSVStory{
			row(utc, 2, 1, "accepted"), row(utc, 3, 2, "delivered"), row(utc, 4, 3, "rejected"), row(utc, 5, 4, "unstarted"),
		}, time.Time{}, 3},
		{"export time outside every iteration falls back", []tracker.CSVStory{
			row(utc, 2, 1, "accepted"), row(utc, 3, 2, "finished"),
		}, time.Date(2030, 1, 1, 0, 0, 0, 0, utc), 2},
		{"nothing in progress: first iteration not done", []tracker.CSVStory{
			row(utc, 2, 1, "accepted"), row(utc, 3, 2, "accepted"), row(utc, 4, 3, "unstarted"), row(utc, 5, 4, "unstarted"),
		}, time.Time{}, 3},
		{"everything accepted: none", []tracker.CSVStory{
			row(utc, 2, 1, "accepted"), row(utc, 3, 2, "accepted"),
		}, time.Time{}, 0},
	}
	for _, tt := range tests {
		p := planOf(t, tt.rows, tt.exportedAt)
		if p.Current != tt.want {
			t.Errorf("%s: current = %d, want %d", tt.name, p.Current, tt.want)
		}
		for _, it := range p.Iterations {
			want := sprintlens.IterationBacklog
			switch {
			case tt.want == 0 || it.Number < tt.want:
				want = sprintlens.IterationDone
			case it.Number == tt.want:
				want = sprintlens.IterationCurrent
			}
			if it.Kind != want {
				t.Errorf("%s: iteration %d is %s, want %s", tt.name, it.Number, it.Kind, want)
			}
		}
	}
}

func TestIterationGapsAndWindows(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	// Iterations 8 and 12 in New York, across the March 9, 2025 switch to
	// daylight saving time: 9 to 11 are filled in, each starting at local
	// midnight on a Monday.
	p := planOf(t, []tracker.CSVStory{row(ny, 2, 8, "accepted"), row(ny, 3, 12, "started")}, time.Time{})
	if len(p.Iterations) != 5 || p.Weeks != 1 {
		t.Fatalf("plan = %+v, want iterations 8 to 12 of one week", p)
	}
	for i, it := range p.Iterations {
		if it.Number != 8+i || it.Start.Weekday() != time.Monday || it.Start.Hour() != 0 ||
			it.Finish.Sub(it.Start) < 167*time.Hour || !it.Finish.Equal(it.Start.AddDate(0, 0, 7)) || it.Length != 1 {
			t.Errorf("iteration %d: %v to %v (length %d)", it.Number, it.Start, it.Finish, it.Length)
		}
	}

	// Two-week iterations then one-week ones: where the length changed in
	// the gap is unknowable, so the gap stays.
	utc := time.UTC
	a, b := row(utc, 2, 1, "accepted"), row(utc, 3, 5, "unstarted")
	aEnd := a.IterationStart.AddDate(0, 0, 13)
	a.IterationEnd = &aEnd
	p = planOf(t, []tracker.CSVStory{a, b}, time.Time{})
	if len(p.Iterations) != 2 {
		t.Errorf("uneven gap filled: %+v", p.Iterations)
	}
	two := planOf(t, []tracker.CSVStory{a}, time.Time{})
	if two.Weeks != 2 || two.Iterations[0].Length != 2 {
		t.Errorf("a two-week iteration: weeks %d, length %d", two.Weeks, two.Iterations[0].Length)
	}

	// Rows of one iteration must agree on its window.
	set := iterationSet{}
	if ce := set.add(row(utc, 2, 3, "unstarted"), nil, sprintlens.Unstarted); ce != nil {
		t.Fatal(ce)
	}
	other := row(utc, 7, 3, "unstarted")
	end := other.IterationEnd.AddDate(0, 0, 1)
	other.IterationEnd = &end
	ce := set.add(other, nil, sprintlens.Unstarted)
	if ce == nil || ce.Line != 7 || ce.Column != "Iteration End" {
		t.Errorf("mismatched end: %v", ce)
	}
	backwards := row(utc, 8, 4, "unstarted")
	before := backwards.IterationStart.AddDate(0, 0, -1)
	backwards.IterationEnd = &before
	if ce := set.add(backwards, nil, sprintlens.Unstarted); ce == nil || ce.Column != "Iteration End" {
		t.Errorf("end before start: %v", ce)
	}
}
