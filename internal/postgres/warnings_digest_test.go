package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// TestTopWarningsOrderAndFilter stores warnings as a sync would have
// computed them and reads the digest's list: severe kinds first, then the
// biggest stories; dismissed warnings and accepted stories left out.
func TestTopWarningsOrderAndFilter(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
	at := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	for _, pid := range []int64{77, 78} {
		if err := st.UpsertProject(ctx, sprintlens.Project{ID: pid, Name: fmt.Sprint("P", pid), TimeZone: "Asia/Tokyo"}); err != nil {
			t.Fatal(err)
		}
	}
	stories := []struct {
		pid    int64
		id     int64
		state  string
		points any
		url    string
	}{
		{77, 1, "started", 8, "https://www.pivotaltracker.com/story/show/1"},
		{77, 2, "started", 3, ""},
		{77, 3, "unstarted", 5, "javascript:alert(1)"},
		{77, 4, "unstarted", nil, ""},
		{77, 5, "accepted", 8, ""},
		{77, 6, "started", 8, ""},
		{77, 7, "started", 2, ""},
		{77, 8, "finished", 3, ""},
		{78, 1, "started", 8, ""},
	}
	for _, s := range stories {
		mustExec(t, st, `INSERT INTO stories (project_id, id, name, story_type, current_state, estimate, url, created_at, updated_at)
			VALUES ($1, $2, $3, 'feature', $4, $5, $6, $7, $7)`, s.pid, s.id, fmt.Sprint("story ", s.id), s.state, s.points, s.url, at)
	}
	warn := func(pid, story int64, kind string, points any) {
		mustExec(t, st, `INSERT INTO warnings (project_id, story_id, kind, story_name, story_url, points, value, threshold, since, message, fingerprint)
			SELECT project_id, id, $3, name, url, $4::numeric, 1, 1, $5, $3 || ' of ' || id, 'fp' FROM stories WHERE project_id = $1 AND id = $2`,
			pid, story, kind, points, at)
	}
	warn(77, 1, "too_big", 8)
	warn(77, 1, "long_running", 8)
	warn(77, 2, "multi_sprint", 3)
	warn(77, 3, "rejected_twice", 5)
	warn(77, 4, "unestimated_soon", nil)
	warn(77, 5, "lumpy_sprint", 8) // accepted: history, not work
	warn(77, 6, "too_big", 8)      // dismissed below
	warn(77, 7, "multi_sprint", 2) // dismissed for an older version of the story
	warn(77, 7, "long_running", 2)
	warn(77, 8, "multi_sprint", 3)
	warn(78, 1, "too_big", 8) // another project
	mustExec(t, st, `INSERT INTO warning_dismissals (project_id, story_id, kind, fingerprint, reason, dismissed_by)
		VALUES (77, 6, 'too_big', 'fp', 'one atomic cut-over', 'kenji'), (77, 7, 'multi_sprint', 'older', 'waiting on a vendor', 'aiko')`)

	type row struct {
		story int64
		kind  string
	}
	want := []row{
		{1, "too_big"}, {2, "multi_sprint"}, {8, "multi_sprint"}, {7, "multi_sprint"},
		{1, "long_running"}, {3, "rejected_twice"}, {7, "long_running"}, {4, "unestimated_soon"},
	}
	for _, n := range []int{0, 3, 100} {
		got, err := st.TopWarnings(ctx, 77, n)
		if err != nil {
			t.Fatal(err)
		}
		w := want
		if n > 0 && n < len(w) {
			w = w[:n]
		}
		if len(got) != len(w) {
			t.Fatalf("n=%d: %d warnings %+v, want %d", n, len(got), got, len(w))
		}
		for i := range w {
			if got[i].StoryID != w[i].story || got[i].Kind != w[i].kind {
				t.Errorf("n=%d: #%d is story %d %s, want story %d %s", n, i, got[i].StoryID, got[i].Kind, w[i].story, w[i].kind)
			}
		}
	}
	got, err := st.TopWarnings(ctx, 77, 0)
	if err != nil {
		t.Fatal(err)
	}
	first := got[0]
	if first.Name != "story 1" || first.Points != 8 || first.Message != "too_big of 1" || first.URL != "https://www.pivotaltracker.com/story/show/1" {
		t.Errorf("first warning = %+v", first)
	}
	// Without a web address the warning links to its row on the warnings page.
	for _, w := range got {
		want := ""
		switch w.StoryID {
		case 2, 3, 4, 7, 8:
			want = fmt.Sprintf("/projects/77/warnings#warning-%d-%s", w.StoryID, w.Kind)
		}
		if want != "" && w.URL != want {
			t.Errorf("story %d %s: URL %q, want %q", w.StoryID, w.Kind, w.URL, want)
		}
		if w.StoryID == 4 && w.Points != 0 {
			t.Errorf("unestimated story: points %v, want 0", w.Points)
		}
	}
	none, err := st.TopWarnings(ctx, 404, 10)
	if err != nil || none == nil || len(none) != 0 {
		t.Errorf("unknown project: %v, %v; want an empty list", none, err)
	}
}

// TestTopWarningsFollowDismissals goes through a sync's computation and a
// member's dismissal.
func TestTopWarningsFollowDismissals(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
	saveWarningSnapshot(t, st, warningSnapshot(t, 8, time.Date(2026, 10, 27, 9, 30, 0, 0, time.UTC)))
	got, err := st.TopWarnings(ctx, 9, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].StoryID != 50 || got[0].Kind != string(sprintlens.WarnTooBig) || got[0].Points != 8 ||
		got[0].Name != "Migrate every cluster to EKS" || got[0].URL != "https://tracker.example/story/show/1" ||
		got[0].Message != "8 points is above this project's 5-point limit: split it." {
		t.Fatalf("top warnings = %+v, want story 50 too big", got)
	}
	if _, err := st.DismissWarning(ctx, sprintlens.Dismissal{ProjectID: 9, StoryID: 50, Kind: sprintlens.WarnTooBig,
		Reason: "one atomic cut-over", By: "kenji"}); err != nil {
		t.Fatal(err)
	}
	if got, err := st.TopWarnings(ctx, 9, 10); err != nil || len(got) != 0 {
		t.Fatalf("after the dismissal: %+v, %v; want none", got, err)
	}
}
