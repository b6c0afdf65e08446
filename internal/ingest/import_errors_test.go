package ingest

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/tracker"
)

// fingerprint sums up everything an import writes for a project, to
// prove a failed import wrote nothing.
func fingerprint(t *testing.T, pid int64) string {
	t.Helper()
	var fp string
	err := pgtest.Pool(t).QueryRow(context.Background(), `SELECT concat_ws('|',
	(SELECT md5(coalesce(string_agg(s::text, ',' ORDER BY id), '')) FROM stories s WHERE project_id = $1),
	(SELECT md5(coalesce(string_agg(h::text, ',' ORDER BY story_id, occurred_at, seq), '')) FROM story_history h WHERE project_id = $1),
	(SELECT md5(coalesce(string_agg(i::text, ',' ORDER BY number), '')) FROM iterations i WHERE project_id = $1),
	(SELECT md5(coalesce(string_agg(l::text, ',' ORDER BY story_id, label_id), '')) FROM story_labels l WHERE project_id = $1),
	(SELECT count(*) FROM labels WHERE project_id = $1), (SELECT count(*) FROM people WHERE project_id = $1),
	(SELECT p::text FROM projects p WHERE id = $1))`, pid).Scan(&fp)
	if err != nil {
		t.Fatal(err)
	}
	return fp
}

func TestBrokenFilesWriteNothing(t *testing.T) {
	type wantErr struct {
		line   int
		column string
		text   string
	}
	tests := []struct {
		name string
		edit func(t *testing.T, lines []string)
		want []wantErr
		// stopped: more than MaxCSVErrors bad rows.
		stopped bool
	}{
		{"missing Id column", func(t *testing.T, l []string) { replaceInLine(t, l, 1, "Id,", "Ident,") },
			[]wantErr{{1, "Id", "missing required column"}}, false},
		{"unclosed quote", func(t *testing.T, l []string) {
			replaceInLine(t, l, 5, "164517313,Add level", `164517313,"Add level`)
		}, []wantErr{{5, "Title", "quote"}}, false},
		{"bad date", func(t *testing.T, l []string) {
			replaceInLine(t, l, 3, `accepted,"Feb 18, 2019","Feb 18, 2019"`, `accepted,"Feb 18, 2019","Feb 30, 2019"`)
		}, []wantErr{{3, "Accepted at", `"Feb 30, 2019" is not a date`}}, false},
		{"duplicate Id", func(t *testing.T, l []string) { replaceInLine(t, l, 10, "164517317,", "164517312,") },
			[]wantErr{{10, "Id", "repeats the id of the story on line 4"}}, false},
		{"iteration window differs between rows", func(t *testing.T, l []string) {
			replaceInLine(t, l, 9, `"Sep 30, 2019"`, `"Oct 1, 2019"`)
		}, []wantErr{{9, "Iteration Start", "differs from the start of iteration 33 on line 8"}}, false},
		{"three bad estimates, all reported", func(t *testing.T, l []string) {
			replaceInLine(t, l, 3, "feature,2,", "feature,two,")
			replaceInLine(t, l, 9, "feature,2,", "feature,2x,")
			replaceInLine(t, l, 17, "feature,3,", "feature,-3,")
		}, []wantErr{{3, "Estimate", `"two" is not a number`}, {9, "Estimate", `"2x" is not a number`}, {17, "Estimate", `"-3" is not an estimate`}}, false},
		{"more bad rows than reported", func(t *testing.T, l []string) {
			for i := 2; i <= len(l); i++ {
				replaceInLine(t, l, i, "https://", "\xff")
			}
		}, []wantErr{{2, "URL", "not valid UTF-8"}}, true},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			im, st := newImporter(t)
			good, err := importFile(t, im, filepath.Join(fixturesCSV(t), "workshop2_20191006_1729.csv"), ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			before := fingerprint(t, good.ProjectID)

			lines := workshop2Lines(t)
			tt.edit(t, lines)
			sum, err := importString(t, im, "workshop2_20191007_0900.csv", strings.Join(lines, "\n")+"\n")
			var ce *CSVErrors
			if !errors.As(err, &ce) || !errors.Is(err, sprintlens.ErrInvalid) {
				t.Fatalf("error = %v, want *CSVErrors", err)
			}
			if tt.stopped {
				if len(ce.Errors) != MaxCSVErrors || !ce.Stopped {
					t.Errorf("%d errors (stopped %v), want the first %d and stopped", len(ce.Errors), ce.Stopped, MaxCSVErrors)
				}
			} else if len(ce.Errors) != len(tt.want) || ce.Stopped {
				t.Errorf("errors = %v, want %d", ce.Lines(), len(tt.want))
			}
			for i, w := range tt.want {
				if i >= len(ce.Errors) {
					break
				}
				got := ce.Errors[i]
				if got.Line != w.line || got.Column != w.column || !strings.Contains(got.Error(), w.text) {
					t.Errorf("error %d = %q (line %d, column %q), want line %d, column %q, %q", i, got.Error(), got.Line, got.Column, w.line, w.column, w.text)
				}
			}
			var first *tracker.CSVError
			if !errors.As(err, &first) || first != ce.Errors[0] {
				t.Errorf("errors.As does not reach the first row error")
			}

			if sum.ProjectID != good.ProjectID {
				t.Errorf("failed import reported project %d, want %d", sum.ProjectID, good.ProjectID)
			}
			if after := fingerprint(t, good.ProjectID); after != before {
				t.Errorf("a failed import changed the stored project:\nbefore %s\nafter  %s", before, after)
			}
			runs, err := st.Runs(ctx, good.ProjectID, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(runs) != 2 || runs[0].ID != sum.RunID || runs[0].Status != sprintlens.RunFailed || runs[0].FinishedAt == nil ||
				!strings.Contains(runs[0].Error, ce.Errors[0].Error()) || runs[1].Status != sprintlens.RunSucceeded {
				t.Errorf("runs after the failure = %+v", runs)
			}
			if n := strings.Count(runs[0].Error, "\n") + 1; !tt.stopped && n != len(tt.want) {
				t.Errorf("the failed run keeps %d error lines, want %d:\n%s", n, len(tt.want), runs[0].Error)
			}
		})
	}
}

// TestBrokenFileForNewProject: the project row stays so the failed run
// has somewhere to live, but it holds nothing.
func TestBrokenFileForNewProject(t *testing.T) {
	ctx := context.Background()
	im, st := newImporter(t)
	sum, err := importString(t, im, "fresh_20191007_0900.csv", "Id,Title,Estimate\n1,ok,1\n2,bad,abc\n")
	var ce *CSVErrors
	if !errors.As(err, &ce) || ce.Errors[0].Line != 3 {
		t.Fatalf("error = %v, want line 3", err)
	}
	sums, err := st.ProjectSummaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != 1 || sums[0].ID != sum.ProjectID || sums[0].Name != "fresh" || sums[0].StoryCount != 0 || sums[0].IterationCount != 0 {
		t.Fatalf("projects after a failed first import = %+v", sums)
	}
	runs, _ := st.Runs(ctx, sum.ProjectID, 0)
	if len(runs) != 1 || runs[0].Status != sprintlens.RunFailed {
		t.Errorf("runs = %+v", runs)
	}
	// Fixed, the same file name imports into that project.
	fixed, err := importString(t, im, "fresh_20191008_0900.csv", "Id,Title,Estimate\n1,ok,1\n2,fixed,2\n")
	if err != nil || fixed.ProjectID != sum.ProjectID || fixed.ProjectCreated || fixed.Inserted != 2 {
		t.Errorf("fixed import: %+v, %v", fixed, err)
	}
}

func TestEmptyExportRefused(t *testing.T) {
	im, _ := newImporter(t)
	if _, err := importFile(t, im, filepath.Join(fixturesCSV(t), "project91_20191009_0805.csv"), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	sum, err := importString(t, im, "project91_20191010_0805.csv", "Id,Title,Current State\n\n")
	if !errors.Is(err, sprintlens.ErrInvalid) || !strings.Contains(err.Error(), "no stories") {
		t.Fatalf("empty export: %v", err)
	}
	if n := storyCount(t, sum.ProjectID); n != 5 {
		t.Errorf("an empty export left %d stories, want the 5 from before", n)
	}
}

func storyCount(t *testing.T, pid int64) int {
	t.Helper()
	var n int
	if err := pgtest.Pool(t).QueryRow(context.Background(), `SELECT count(*) FROM stories WHERE project_id = $1`, pid).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestConcurrentImportLocked: while another worker holds the project's
// lock, an import fails at once with ErrLocked and records the failure.
func TestConcurrentImportLocked(t *testing.T) {
	ctx := context.Background()
	im, st := newImporter(t)
	path := filepath.Join(fixturesCSV(t), "project91_20191009_0805.csv")
	first, err := importFile(t, im, path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgtest.Pool(t).Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, first.ProjectID); err != nil {
		t.Fatal(err)
	}
	defer conn.Exec(ctx, `SELECT pg_advisory_unlock($1)`, first.ProjectID)

	sum, err := importFile(t, im, path, ImportOptions{})
	if !errors.Is(err, sprintlens.ErrLocked) {
		t.Fatalf("import while locked: %v", err)
	}
	runs, _ := st.Runs(ctx, first.ProjectID, 1)
	if len(runs) != 1 || runs[0].ID != sum.RunID || runs[0].Status != sprintlens.RunFailed || !strings.Contains(runs[0].Error, "another import or sync") {
		t.Errorf("runs = %+v", runs)
	}
}
