package postgres_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// seedDelivery adds stories to project 42 of the OKR fixture:
//
//	1001 eks-migration  accepted 3 pts on Nov 20
//	1002 eks-migration, cost  started 5 pts, started Nov 10 (carried over at Nov 19)
//	1003 cost  started 2 pts, started Nov 22 (not carried over at Nov 19)
//	1004 monitoring  accepted 1 pt on Nov 21
//	1005 cost  unstarted, no estimate
func seedDelivery(t *testing.T, f okrFixture) {
	t.Helper()
	day := func(d int) time.Time { return time.Date(2026, 11, d, 12, 0, 0, 0, time.UTC) }
	type story struct {
		id        int64
		state     string
		estimate  any
		accepted  any
		labels    []int64
		startedAt time.Time
	}
	stories := []story{
		{1001, "accepted", 3.0, day(20), []int64{1}, day(18)},
		{1002, "started", 5.0, nil, []int64{1, 2}, day(10)},
		{1003, "started", 2.0, nil, []int64{2}, day(22)},
		{1004, "accepted", 1.0, day(21), []int64{3}, day(19)},
		{1005, "unstarted", nil, nil, []int64{2}, time.Time{}},
	}
	for _, s := range stories {
		mustExec(t, f.st, `INSERT INTO stories (project_id, id, name, story_type, current_state, estimate, iteration_number, created_at, updated_at, accepted_at)
VALUES (42, $1, 'story', 'feature', $2, $3, 47, $4, $4, $5)`, s.id, s.state, s.estimate, day(1), s.accepted)
		for _, l := range s.labels {
			mustExec(t, f.st, `INSERT INTO story_labels (project_id, story_id, label_id) VALUES (42, $1, $2)`, s.id, l)
		}
		mustExec(t, f.st, `INSERT INTO story_history (project_id, story_id, occurred_at, state, source) VALUES (42, $1, $2, 'unstarted', 'activity')`, s.id, day(1))
		if !s.startedAt.IsZero() {
			mustExec(t, f.st, `INSERT INTO story_history (project_id, story_id, occurred_at, state, source) VALUES (42, $1, $2, 'started', 'activity')`, s.id, s.startedAt)
		}
	}
	mustExec(t, f.st, `INSERT INTO iterations (project_id, number, start_at, finish_at, kind) VALUES (42, 47, $1, $2, 'current')`, day(16), day(23))
}

func TestLinkedStoriesAndCarryOver(t *testing.T) {
	f := newOKRFixture(t)
	seedDelivery(t, f)
	ctx := context.Background()
	create := func(title string, labels []string, epics []int64) int64 {
		kr, err := f.st.CreateKeyResult(ctx, sprintlens.KeyResult{ObjectiveID: f.obj.ID, Title: title, Kind: sprintlens.KRIncrease,
			Start: 0, Target: 10, LabelLinks: labels, EpicLinks: epics}, 0, "kenji")
		if err != nil {
			t.Fatal(err)
		}
		return kr.ID
	}
	a := create("cost and EKS epic", []string{"cost"}, []int64{900})
	b := create("monitoring", []string{"monitoring"}, nil)
	c := create("nothing linked", nil, nil)

	linked, err := f.st.LinkedStories(ctx, []int64{a, b, c})
	if err != nil {
		t.Fatal(err)
	}
	ids := func(ss []sprintlens.Story) []int64 {
		var out []int64
		for _, s := range ss {
			out = append(out, s.ID)
		}
		slices.Sort(out)
		return out
	}
	if got := ids(linked[a]); !slices.Equal(got, []int64{1001, 1002, 1003, 1005}) {
		t.Errorf("key result a (label cost + epic 900) links %v; story 1002 carries both and must appear once", got)
	}
	if got := ids(linked[b]); !slices.Equal(got, []int64{1004}) {
		t.Errorf("key result b links %v", got)
	}
	if len(linked[c]) != 0 {
		t.Errorf("unlinked key result has stories: %v", linked[c])
	}
	d := sprintlens.LinkedDelivery(linked[a], nil)
	if d.AcceptedPoints != 3 || d.TotalPoints != 10 || d.Unestimated != 1 {
		t.Errorf("delivery of a: %+v (the store must keep estimates and states)", d)
	}
	for _, s := range linked[a] {
		if s.ID == 1001 && (s.AcceptedAt == nil || s.AcceptedAt.Day() != 20) {
			t.Errorf("accepted_at of 1001: %v", s.AcceptedAt)
		}
		if s.ID != 1001 && s.AcceptedAt != nil {
			t.Errorf("story %d shares another row's accepted_at: %v", s.ID, s.AcceptedAt)
		}
	}

	carried, err := f.st.CarriedOverLinked(ctx, []int64{a, b}, time.Date(2026, 11, 19, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if len(carried) != 1 || !carried[1002] {
		t.Errorf("carried over = %v, want only 1002 (in progress since Nov 10)", carried)
	}

	// Coverage reads what the metrics precompute stored, summed by sprint
	// and the labels kept: 1006 (eks-migration and cost) joins 1001 when
	// cost is not kept; a release marker and work accepted before the
	// quarter are left out.
	oct1 := time.Date(2026, 10, 1, 0, 0, 0, 0, tokyo(t))
	extra := []struct {
		id       int64
		typ      string
		estimate any
		accepted time.Time
		labels   []int64
	}{
		{1006, "feature", 2.0, time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC), []int64{1, 2}},
		{1007, "release", nil, time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC), []int64{1}},
		{1008, "feature", 5.0, oct1.Add(-time.Second), []int64{3}},
	}
	for _, s := range extra {
		mustExec(t, f.st, `INSERT INTO stories (project_id, id, name, story_type, current_state, estimate, iteration_number, created_at, updated_at, accepted_at)
VALUES (42, $1, 'story', $2, 'accepted', $3, 47, $4, $4, $4)`, s.id, s.typ, s.estimate, s.accepted)
		for _, l := range s.labels {
			mustExec(t, f.st, `INSERT INTO story_labels (project_id, story_id, label_id) VALUES (42, $1, $2)`, s.id, l)
		}
	}
	if err := f.st.RefreshMetrics(ctx, 42); err != nil {
		t.Fatal(err)
	}
	sprint := 47
	work := func(points float64, count int, labels ...string) sprintlens.AcceptedWork {
		return sprintlens.AcceptedWork{ProjectID: 42, Iteration: &sprint, Labels: append([]string{}, labels...), Points: points, Count: count}
	}
	for _, tc := range []struct {
		keep []string
		want []sprintlens.AcceptedWork
	}{
		{[]string{"eks-migration", "monitoring"}, []sprintlens.AcceptedWork{work(5, 2, "eks-migration"), work(1, 1, "monitoring")}},
		{[]string{"cost"}, []sprintlens.AcceptedWork{work(4, 2), work(2, 1, "cost")}},
		{[]string{"cost", "eks-migration"}, []sprintlens.AcceptedWork{work(3, 1, "eks-migration"), work(1, 1), work(2, 1, "cost", "eks-migration")}},
		{nil, []sprintlens.AcceptedWork{work(6, 3)}},
	} {
		got, err := f.st.AcceptedWork(ctx, f.period.Start, f.period.End, tc.keep)
		if err != nil {
			t.Fatal(err)
		}
		byLabels := func(a, b sprintlens.AcceptedWork) int {
			return strings.Compare(strings.Join(a.Labels, ","), strings.Join(b.Labels, ","))
		}
		slices.SortFunc(got, byLabels)
		slices.SortFunc(tc.want, byLabels)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("accepted work keeping %v = %+v, want %+v", tc.keep, got, tc.want)
		}
	}
	epics, err := f.st.OKREpics(ctx)
	if err != nil || len(epics) != 2 || epics[1].LabelName != "eks-migration" || epics[0].LabelName != "monitoring" {
		t.Errorf("OKREpics = %+v, %v", epics, err)
	}
	its, err := f.st.OKRIterations(ctx, f.period.Start, f.period.End)
	if err != nil || len(its) != 1 || its[0].Number != 47 {
		t.Errorf("OKRIterations = %+v, %v", its, err)
	}
	labels, err := f.st.OKRLabels(ctx)
	if err != nil || len(labels) != 3 || labels[0].Name != "cost" {
		t.Errorf("OKRLabels = %+v, %v", labels, err)
	}
}
