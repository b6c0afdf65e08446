package ingest

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// workshop2Lines reads the shared workshop2 export as lines (it has no
// multi-line cells, so line n+1 is row n).
func workshop2Lines(t testing.TB) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixturesCSV(t), "workshop2_20191006_1729.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(string(b), "\n"), "\n")
}

// replaceInLine edits physical line n (1-based), failing when old is absent.
func replaceInLine(t testing.TB, lines []string, n int, old, new string) {
	t.Helper()
	if !strings.Contains(lines[n-1], old) {
		t.Fatalf("line %d lacks %q: %s", n, old, lines[n-1])
	}
	lines[n-1] = strings.Replace(lines[n-1], old, new, 1)
}

func importString(t testing.TB, im *Importer, fileName, content string) (ImportSummary, error) {
	t.Helper()
	return im.Import(context.Background(), strings.NewReader(content), ImportOptions{FileName: fileName, TriggeredBy: "test"})
}

// TestReimportLaterExport imports workshop2, then a later export of it in
// which one story was accepted (moving to iteration 34), one deleted and
// one added: the project is updated in place.
func TestReimportLaterExport(t *testing.T) {
	ctx := context.Background()
	im, st := newImporter(t)
	db := pgtest.Pool(t)
	first, err := importFile(t, im, filepath.Join(fixturesCSV(t), "workshop2_20191006_1729.csv"), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	labelIDs := func() map[string]int64 {
		out := map[string]int64{}
		rows, _ := db.Query(ctx, `SELECT name, id FROM labels WHERE project_id = $1`, first.ProjectID)
		defer rows.Close()
		for rows.Next() {
			var n string
			var id int64
			if err := rows.Scan(&n, &id); err != nil {
				t.Fatal(err)
			}
			out[n] = id
		}
		return out
	}
	before := labelIDs()

	lines := workshop2Lines(t)
	// Line 9 is 164517316, finished in iteration 33: accepted on Oct 8 in 34.
	replaceInLine(t, lines, 9, `33,"Sep 30, 2019","Oct 6, 2019",feature,2,finished,"Feb 18, 2019",,`,
		`34,"Oct 7, 2019","Oct 13, 2019",feature,2,accepted,"Feb 18, 2019","Oct 8, 2019",`)
	var later []string
	for _, l := range lines {
		if !strings.HasPrefix(l, "164517331,") { // Update EULA was deleted in Tracker
			later = append(later, l)
		}
	}
	later = append(later, `164518000,Rotate TLS certificates,label three,,,,chore,,unscheduled,"Oct 10, 2019",,,Ken Sato,,https://www.pivotaltracker.com/story/show/164518000,Ken Sato`)
	second, err := importString(t, im, "workshop2_20191013_1729.csv", strings.Join(later, "\n")+"\n")
	if err != nil {
		t.Fatal(err)
	}

	if second.ProjectID != first.ProjectID || second.ProjectCreated {
		t.Fatalf("later export went to project %d (created %v), want %d", second.ProjectID, second.ProjectCreated, first.ProjectID)
	}
	c := second.ImportCounts
	if c.Stories != 22 || c.Inserted != 1 || c.Updated != 1 || c.Unchanged != 20 || c.Deleted != 1 || !slices.Equal(c.DeletedIDs, []int64{164517331}) {
		t.Errorf("counts = %+v, want 1 inserted, 1 updated, 20 unchanged, 164517331 deleted", c)
	}
	if c.NewLabels != 1 || c.Labels != 3 || c.NewPeople != 1 || c.People != 2 {
		t.Errorf("names: %d labels (%d new), %d people (%d new); want 3 (1 new), 2 (1 new)", c.Labels, c.NewLabels, c.People, c.NewPeople)
	}
	after := labelIDs()
	for name, id := range before {
		if after[name] != id {
			t.Errorf("label %q changed id %d → %d", name, id, after[name])
		}
	}
	if after["label three"] == 0 || slices.Contains([]int64{before["label one"], before["label two"]}, after["label three"]) {
		t.Errorf("new label got id %d next to %v", after["label three"], before)
	}

	var stories, projects, goneHistory, current int
	var iter int
	var state string
	var changedAt, keptAt time.Time
	err = db.QueryRow(ctx, `SELECT (SELECT count(*) FROM stories WHERE project_id = $1), (SELECT count(*) FROM projects),
	(SELECT count(*) FROM story_history WHERE project_id = $1 AND story_id = 164517331),
	(SELECT current_iteration FROM projects WHERE id = $1),
	s.iteration_number, s.current_state, s.updated_at,
	(SELECT updated_at FROM stories WHERE project_id = $1 AND id = 164517310)
	FROM stories s WHERE s.project_id = $1 AND s.id = 164517316`, first.ProjectID).Scan(
		&stories, &projects, &goneHistory, &current, &iter, &state, &changedAt, &keptAt)
	if err != nil {
		t.Fatal(err)
	}
	if stories != 22 || projects != 1 || goneHistory != 0 {
		t.Errorf("%d stories in %d projects, %d history entries of the deleted story; want 22, 1, 0", stories, projects, goneHistory)
	}
	if iter != 34 || state != "accepted" || current != 34 {
		t.Errorf("changed story in iteration %d %s, current iteration %d; want 34 accepted, 34", iter, state, current)
	}
	if !changedAt.Equal(time.Date(2019, 10, 13, 17, 29, 0, 0, time.UTC)) || !keptAt.Equal(time.Date(2019, 10, 6, 17, 29, 0, 0, time.UTC)) {
		t.Errorf("updated_at: changed story %v, unchanged story %v; want the later and the first export times", changedAt, keptAt)
	}

	// The first import saw 164517316 finished; the later one says it was
	// accepted on Oct 8: both stay in its history.
	var states []string
	rows, _ := db.Query(ctx, `SELECT state FROM story_history WHERE story_id = 164517316 ORDER BY occurred_at, seq`)
	for rows.Next() {
		var s string
		_ = rows.Scan(&s)
		states = append(states, s)
	}
	if !slices.Equal(states, []string{"unstarted", "finished", "accepted"}) {
		t.Errorf("history of 164517316 = %v", states)
	}

	runs, err := st.Runs(ctx, first.ProjectID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].ID != second.RunID || runs[0].Status != sprintlens.RunSucceeded || runs[0].Kind != "import" ||
		runs[0].StoriesInserted != 1 || runs[0].StoriesUpdated != 1 || runs[0].StoriesDeleted != 1 || runs[0].Iterations != 34 ||
		runs[0].FinishedAt == nil || runs[0].TriggeredBy != "test" {
		t.Errorf("runs = %+v", runs)
	}

	// The same export again changes nothing.
	again, err := importString(t, im, "workshop2_20191013_1729.csv", strings.Join(later, "\n")+"\n")
	if err != nil {
		t.Fatal(err)
	}
	if again.Unchanged != 22 || again.Inserted+again.Updated+again.Deleted != 0 {
		t.Errorf("re-import of the same export: %+v", again.ImportCounts)
	}

	// A story that only lost a label changed too.
	replaceInLine(t, later, 2, `"label one, label two"`, `"label two"`)
	relabelled, err := importString(t, im, "workshop2_20191014_1729.csv", strings.Join(later, "\n")+"\n")
	if err != nil {
		t.Fatal(err)
	}
	var links int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM story_labels WHERE story_id = 164517310`).Scan(&links); err != nil {
		t.Fatal(err)
	}
	if relabelled.Updated != 1 || relabelled.Unchanged != 21 || links != 1 {
		t.Errorf("relabel: %+v, %d labels left on the story", relabelled.ImportCounts, links)
	}
}
