package ingest

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
)

// fixtureWant is what a shared export holds, counted by reading the file.
type fixtureWant struct {
	file    string
	project string
	stories int
	// acceptedPoints sums the estimates of accepted stories per iteration
	// (unestimated counts 0); acceptedStories counts them.
	acceptedPoints  map[int]float64
	acceptedStories map[int]int
	icebox          int
	releases        int
	labels          []string
	people          int
	// current is the iteration in progress at export; kinds counts the
	// iterations by kind (gaps between listed iterations filled in).
	current int
	kinds   map[string]int
	// history is the number of reconstructed entries: one per story at
	// creation, one per accepted story, one per story whose state at
	// export differs from its creation state (in progress here).
	history int
}

var fixtureWants = []fixtureWant{
	{
		// Classic 2009 layout; the team accepted bugs unestimated. Rule 2:
		// iteration 64 holds the three started stories.
		file: "legacy_2009_stories.csv", project: "legacy_2009_stories", stories: 48,
		acceptedPoints:  map[int]float64{1: 0, 2: 7, 3: 2, 4: 5, 6: 0, 7: 3, 8: 1, 11: 1, 13: 1, 15: 1, 17: 0, 29: 0},
		acceptedStories: map[int]int{1: 1, 2: 5, 3: 2, 4: 7, 6: 1, 7: 1, 8: 2, 11: 1, 13: 1, 15: 1, 17: 2, 29: 3},
		icebox:          12, labels: []string{"another", "that", "this"}, people: 1,
		current: 64, kinds: map[string]int{"done": 63, "current": 1, "backlog": 1},
		history: 48 + 27 + 3,
	},
	{
		// Exported Oct 6, 2019 17:29, inside iteration 33 (Sep 30 - Oct 6).
		// Three releases are stories of type release and stay.
		file: "workshop2_20191006_1729.csv", project: "workshop2", stories: 22,
		acceptedPoints:  map[int]float64{1: 3, 31: 0},
		acceptedStories: map[int]int{1: 4, 31: 2},
		icebox:          5, releases: 3, labels: []string{"label one", "label two"}, people: 1,
		current: 33, kinds: map[string]int{"done": 32, "current": 1},
		// in progress at export: rejected, finished, started, delivered
		history: 22 + 6 + 4,
	},
	{
		file: "project91_20191009_0805.csv", project: "project91", stories: 5,
		acceptedPoints: map[int]float64{}, acceptedStories: map[int]int{},
		icebox: 1, releases: 1, people: 1,
		current: 1, kinds: map[string]int{"current": 1},
		history: 5 + 0 + 2,
	},
	{
		// One accepted story estimated 0 (a real zero, not unestimated);
		// every story accepted and no export time: no current iteration.
		file:    "linear_issue471_one_row_2016_priority_blocker_task_columns.csv",
		project: "linear_issue471_one_row_2016_priority_blocker_task_columns", stories: 1,
		acceptedPoints: map[int]float64{1: 0}, acceptedStories: map[int]int{1: 1},
		people: 1, current: 0, kinds: map[string]int{"done": 1},
		history: 1 + 1,
	},
}

func TestImportSharedFixtures(t *testing.T) {
	dir := fixturesCSV(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no CSV fixtures in %s: %v", dir, err)
	}
	wants := map[string]fixtureWant{}
	for _, w := range fixtureWants {
		wants[w.file] = w
		if _, err := os.Stat(filepath.Join(dir, w.file)); err != nil {
			t.Errorf("fixture %s is gone: %v", w.file, err)
		}
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			im, _ := newImporter(t)
			sum, err := importFile(t, im, path, ImportOptions{TriggeredBy: "test"})
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			w, ok := wants[name]
			if !ok {
				return // a new fixture: importing without error is what is checked
			}
			checkFixture(t, sum, w)
		})
	}
}

func checkFixture(t *testing.T, sum ImportSummary, w fixtureWant) {
	t.Helper()
	ctx := context.Background()
	db := pgtest.Pool(t)
	if sum.ProjectName != w.project || !sum.ProjectCreated || sum.ProjectID != 900000001 {
		t.Errorf("project = %d %q (created %v), want new 900000001 %q", sum.ProjectID, sum.ProjectName, sum.ProjectCreated, w.project)
	}
	if sum.Stories != w.stories || sum.Inserted != w.stories || sum.Updated+sum.Deleted+sum.Unchanged != 0 {
		t.Errorf("summary counts = %+v, want %d inserted", sum.ImportCounts, w.stories)
	}
	if sum.CurrentIteration != w.current {
		t.Errorf("summary current iteration = %d, want %d", sum.CurrentIteration, w.current)
	}

	var stories, distinct, icebox, releases, projects, history int
	var current int
	err := db.QueryRow(ctx, `SELECT count(*), count(DISTINCT id),
	count(*) FILTER (WHERE iteration_number IS NULL AND current_state = 'unscheduled'),
	count(*) FILTER (WHERE story_type = 'release'),
	(SELECT count(*) FROM projects), (SELECT current_iteration FROM projects WHERE id = $1),
	(SELECT count(*) FROM story_history WHERE project_id = $1 AND source = 'reconstructed')
	FROM stories WHERE project_id = $1`, sum.ProjectID).Scan(&stories, &distinct, &icebox, &releases, &projects, &current, &history)
	if err != nil {
		t.Fatal(err)
	}
	if stories != w.stories || distinct != w.stories || icebox != w.icebox || releases != w.releases || projects != 1 {
		t.Errorf("stored: %d stories (%d ids), %d in the icebox, %d releases, %d projects; want %d, %d, %d, 1",
			stories, distinct, icebox, releases, projects, w.stories, w.icebox, w.releases)
	}
	if current != w.current {
		t.Errorf("projects.current_iteration = %d, want %d", current, w.current)
	}
	if history != w.history {
		t.Errorf("%d history entries, want %d", history, w.history)
	}

	points, counts := map[int]float64{}, map[int]int{}
	rows, _ := db.Query(ctx, `SELECT iteration_number, sum(coalesce(estimate, 0))::float8, count(*)
	FROM stories WHERE project_id = $1 AND current_state = 'accepted' GROUP BY 1`, sum.ProjectID)
	var it, n int
	var p float64
	if _, err := pgx.ForEachRow(rows, []any{&it, &p, &n}, func() error { points[it], counts[it] = p, n; return nil }); err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(points, w.acceptedPoints) || !maps.Equal(counts, w.acceptedStories) {
		t.Errorf("accepted by iteration: points %v stories %v\nwant points %v stories %v", points, counts, w.acceptedPoints, w.acceptedStories)
	}

	kinds := map[string]int{}
	rows, _ = db.Query(ctx, `SELECT kind, count(*) FROM iterations WHERE project_id = $1 GROUP BY 1`, sum.ProjectID)
	var kind string
	if _, err := pgx.ForEachRow(rows, []any{&kind, &n}, func() error { kinds[kind] = n; return nil }); err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(kinds, w.kinds) {
		t.Errorf("iteration kinds = %v, want %v", kinds, w.kinds)
	}

	labels, err := pgx.CollectRows(must(db.Query(ctx, `SELECT name FROM labels WHERE project_id = $1 ORDER BY name`, sum.ProjectID)), pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(labels) != len(w.labels) || (len(labels) > 0 && !slices.Equal(labels, w.labels)) {
		t.Errorf("labels = %q, want %q", labels, w.labels)
	}
	var linked, people int
	err = db.QueryRow(ctx, `SELECT (SELECT count(*) FROM story_labels WHERE project_id = $1),
	(SELECT count(*) FROM people WHERE project_id = $1)`, sum.ProjectID).Scan(&linked, &people)
	if err != nil {
		t.Fatal(err)
	}
	if people != w.people || (len(w.labels) > 0 && linked == 0) {
		t.Errorf("%d people, %d story labels; want %d people and labels linked", people, linked, w.people)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestImportDatesAndHistory checks one story's mapping and what its
// reconstructed history says at given times, in the project's zone.
func TestImportDatesAndHistory(t *testing.T) {
	ctx := context.Background()
	im, _ := newImporter(t)
	db := pgtest.Pool(t)
	sum, err := importFile(t, im, filepath.Join(fixturesCSV(t), "workshop2_20191006_1729.csv"), ImportOptions{TimeZone: "Asia/Tokyo"})
	if err != nil {
		t.Fatal(err)
	}
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	if sum.ExportedAt == nil || !sum.ExportedAt.Equal(time.Date(2019, 10, 6, 17, 29, 0, 0, tokyo)) {
		t.Errorf("exported at %v, want Oct 6, 2019 17:29 in Tokyo", sum.ExportedAt)
	}
	var name, zone string
	var created, start time.Time
	var est *float64
	err = db.QueryRow(ctx, `SELECT s.name, s.created_at, s.estimate::float8, p.time_zone,
	(SELECT start_at FROM iterations WHERE project_id = p.id AND number = 33)
	FROM stories s JOIN projects p ON p.id = s.project_id WHERE s.id = 164517310`).Scan(&name, &created, &est, &zone, &start)
	if err != nil {
		t.Fatal(err)
	}
	// The title cell is " existing started story": names are trimmed.
	if name != "existing started story" || zone != "Asia/Tokyo" || est == nil || *est != 1 {
		t.Errorf("story 164517310: name %q estimate %v zone %q", name, est, zone)
	}
	if !created.Equal(time.Date(2019, 2, 18, 0, 0, 0, 0, tokyo)) || !start.Equal(time.Date(2019, 9, 30, 0, 0, 0, 0, tokyo)) {
		t.Errorf("dates not read in the project zone: created %v, iteration 33 starts %v", created, start)
	}

	stateAt := func(id int64, at time.Time) string {
		var s string
		err := db.QueryRow(ctx, `SELECT state FROM story_history WHERE story_id = $1 AND occurred_at <= $2
		ORDER BY occurred_at DESC, seq DESC LIMIT 1`, id, at).Scan(&s)
		if err != nil {
			return "none"
		}
		return s
	}
	tests := []struct {
		id   int64
		at   time.Time
		want string
	}{
		{164517312, time.Date(2019, 2, 17, 12, 0, 0, 0, tokyo), "none"}, // before it was created
		{164517312, time.Date(2019, 2, 19, 0, 0, 0, 0, tokyo), "unstarted"},
		{164517312, time.Date(2019, 2, 20, 0, 0, 0, 0, tokyo), "accepted"},
		{164517310, time.Date(2019, 2, 18, 0, 0, 0, 0, tokyo), "accepted"}, // created and accepted the same day
		{164517317, time.Date(2019, 10, 6, 17, 0, 0, 0, tokyo), "unstarted"},
		{164517317, time.Date(2019, 10, 6, 17, 29, 0, 0, tokyo), "started"}, // as seen at export
		{164517341, time.Date(2019, 3, 1, 0, 0, 0, 0, tokyo), "unscheduled"},
	}
	for _, tt := range tests {
		if got := stateAt(tt.id, tt.at); got != tt.want {
			t.Errorf("story %d at %v: %s, want %s", tt.id, tt.at, got, tt.want)
		}
	}
}
