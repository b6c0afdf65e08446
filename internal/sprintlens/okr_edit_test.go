package sprintlens

import (
	"testing"
	"time"
)

func TestDiffKeyResult(t *testing.T) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	before := KeyResult{ID: 9, Title: "Pages per week", Kind: KRDecrease, Start: 40, Target: 10, Weight: 1,
		LabelLinks: []string{"paging"}, Milestones: []Milestone{{Title: "a"}}}
	after := before
	after.Target = 12
	after.LabelLinks = []string{"paging", "toil"}
	after.Milestones = []Milestone{{Title: "a", Done: true}}
	score := 0.6
	after.Score = &score

	got := DiffKeyResult(before, after, "mika", at)
	want := []OKREdit{
		{Entity: EntityKeyResult, EntityID: 9, Field: "target", Old: "10", New: "12", Author: "mika", At: at},
		{Entity: EntityKeyResult, EntityID: 9, Field: "milestones", Old: "[ ] a", New: "[x] a", Author: "mika", At: at},
		{Entity: EntityKeyResult, EntityID: 9, Field: "label_links", Old: "paging", New: "paging, toil", Author: "mika", At: at},
		{Entity: EntityKeyResult, EntityID: 9, Field: "score", Old: "", New: "0.6", Author: "mika", At: at},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d edits %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("edit %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if edits := DiffKeyResult(before, before, "mika", at); len(edits) != 0 {
		t.Errorf("no change gave %+v", edits)
	}
}

func TestDiffObjectiveAndPeriod(t *testing.T) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	project := int64(77)
	o := Objective{ID: 3, Title: "Calm on-call", Team: "SRE"}
	o2 := o
	o2.Team, o2.ProjectID = "", &project
	edits := DiffObjective(o, o2, "ren", at)
	if len(edits) != 2 || edits[0].Field != "project_id" || edits[0].New != "77" || edits[1].Field != "team" || edits[1].Old != "SRE" {
		t.Errorf("objective edits = %+v", edits)
	}

	p, _ := QuarterPeriod(2026, 4, time.UTC)
	p.ID = 5
	closed := p
	closed.Closed = true
	edits = DiffPeriod(p, closed, "ren", at)
	if len(edits) != 1 || edits[0].Entity != EntityPeriod || edits[0].EntityID != 5 ||
		edits[0].Field != "closed" || edits[0].Old != "false" || edits[0].New != "true" {
		t.Errorf("period edits = %+v", edits)
	}
}
