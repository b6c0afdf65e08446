package ingest

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/tracker/trackertest"
)

func TestExportFileName(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	tests := []struct {
		file, name string
		at         time.Time
	}{
		{"workshop2_20191006_1729.csv", "workshop2", time.Date(2019, 10, 6, 17, 29, 0, 0, tokyo)},
		{"/tmp/x/sre_platform_20261126_0905.CSV", "sre_platform", time.Date(2026, 11, 26, 9, 5, 0, 0, tokyo)},
		{`C:\Users\aiko\Downloads\sre_20261126_0905.csv`, "sre", time.Date(2026, 11, 26, 9, 5, 0, 0, tokyo)},
		{"legacy_2009_stories.csv", "legacy_2009_stories", time.Time{}},
		{"sre_20261399_0905.csv", "sre_20261399_0905", time.Time{}}, // no 13th month
		{"sre_20261126_2505.csv", "sre_20261126_2505", time.Time{}},
		{"_20261126_0905.csv", "_20261126_0905", time.Time{}}, // no name before the date
		{"export.txt", "export.txt", time.Time{}},
		{"", "", time.Time{}},
	}
	for _, tt := range tests {
		name, at := exportFileName(tt.file, tokyo)
		if name != tt.name || !at.Equal(tt.at) {
			t.Errorf("exportFileName(%q) = %q, %v; want %q, %v", tt.file, name, at, tt.name, tt.at)
		}
	}
}

func TestLoadTimeZone(t *testing.T) {
	for _, ok := range []string{"", "UTC", "Asia/Tokyo", "America/New_York"} {
		if _, err := LoadTimeZone(ok); err != nil {
			t.Errorf("LoadTimeZone(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"Tokyo", "JST+9", "Local", "Asia/Atlantis"} {
		if _, err := LoadTimeZone(bad); !errors.Is(err, sprintlens.ErrInvalid) {
			t.Errorf("LoadTimeZone(%q) = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestImportProjectIdentity(t *testing.T) {
	ctx := context.Background()
	im, st := newImporter(t)
	dir := filepath.Join(trackertest.Fixtures(t), "csv")
	project91 := filepath.Join(dir, "project91_20191009_0805.csv")
	legacy := filepath.Join(dir, "legacy_2009_stories.csv")

	if err := st.UpsertProject(ctx, sprintlens.Project{ID: 77, Name: "SRE Platform"}); err != nil { // synced from Tracker
		t.Fatal(err)
	}
	_, err := importFile(t, im, project91, sprintlens.ImportOptions{ProjectID: 77})
	if err == nil || err.Error() != "project 77 is synced from Tracker; import into another id" || !errors.Is(err, sprintlens.ErrConflict) {
		t.Fatalf("import into a Tracker project: %v", err)
	}
	if runs, _ := st.Runs(ctx, 77, 0); len(runs) != 0 {
		t.Errorf("a refused import recorded runs: %+v", runs)
	}

	steps := []struct {
		path     string
		opts     sprintlens.ImportOptions
		wantID   int64
		wantName string
		created  bool
	}{
		{project91, sprintlens.ImportOptions{}, 900000001, "project91", true},
		{legacy, sprintlens.ImportOptions{}, 900000002, "legacy_2009_stories", true},
		{project91, sprintlens.ImportOptions{}, 900000001, "project91", false},               // same name: same project
		{legacy, sprintlens.ImportOptions{Name: "project91"}, 900000001, "project91", false}, // --name picks it
		{project91, sprintlens.ImportOptions{ProjectID: 4242}, 4242, "project91", true},      // explicit id, named after the file
		{project91, sprintlens.ImportOptions{ProjectID: 4242, Name: "Ops"}, 4242, "Ops", false},
		{project91, sprintlens.ImportOptions{Name: "Ops"}, 4242, "Ops", false}, // found by its new name
		{legacy, sprintlens.ImportOptions{Name: "Platform 2"}, 900000003, "Platform 2", true},
	}
	for i, s := range steps {
		sum, err := importFile(t, im, s.path, s.opts)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if sum.ProjectID != s.wantID || sum.ProjectName != s.wantName || sum.ProjectCreated != s.created {
			t.Errorf("step %d: project %d %q created %v; want %d %q %v", i, sum.ProjectID, sum.ProjectName, sum.ProjectCreated, s.wantID, s.wantName, s.created)
		}
		p, err := st.Project(ctx, s.wantID)
		if err != nil || p.Name != s.wantName || p.Source != sprintlens.SourceCSV {
			t.Errorf("step %d: stored project %+v, %v", i, p, err)
		}
	}

	if _, err := importFile(t, im, project91, sprintlens.ImportOptions{TimeZone: "Tokyo"}); !errors.Is(err, sprintlens.ErrInvalid) {
		t.Errorf("bad time zone: %v", err)
	}
	if _, err := im.Import(ctx, nil, sprintlens.ImportOptions{}); !errors.Is(err, sprintlens.ErrInvalid) {
		t.Errorf("no name, no file name, no id: %v", err)
	}
}

// TestTimeZoneSticks: a re-import without a zone keeps the project's, so
// dates do not shift and nothing counts as changed.
func TestTimeZoneSticks(t *testing.T) {
	im, st := newImporter(t)
	path := trackertest.CSV(t, "project91_20191009_0805.csv")
	first, err := importFile(t, im, path, sprintlens.ImportOptions{TimeZone: "Asia/Tokyo"})
	if err != nil {
		t.Fatal(err)
	}
	again, err := importFile(t, im, path, sprintlens.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := st.Project(context.Background(), first.ProjectID)
	if again.TimeZone != "Asia/Tokyo" || p.TimeZone != "Asia/Tokyo" || again.Unchanged != 5 {
		t.Errorf("re-import without a zone: zone %q (stored %q), %d unchanged", again.TimeZone, p.TimeZone, again.Unchanged)
	}
	moved, err := importFile(t, im, path, sprintlens.ImportOptions{TimeZone: "UTC"})
	if err != nil || moved.Updated != 5 {
		t.Errorf("re-import in UTC should move every date: %+v, %v", moved.ImportCounts, err)
	}
}

// TestSettingsZoneSurvivesReimport: the zone an admin saves on the settings
// page of an imported project stays through a re-import that names none.
func TestSettingsZoneSurvivesReimport(t *testing.T) {
	ctx := context.Background()
	im, st := newImporter(t)
	path := trackertest.CSV(t, "project91_20191009_0805.csv")
	first, err := importFile(t, im, path, sprintlens.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := st.ProjectSettings(ctx, first.ProjectID)
	if err != nil || ps.TimeZone != sprintlens.DefaultTimeZone {
		t.Fatalf("settings %+v, %v; want the default zone", ps, err)
	}
	ps.TimeZone = "Asia/Tokyo"
	if err := st.SaveProjectSettings(ctx, first.ProjectID, ps, "kenji"); err != nil {
		t.Fatal(err)
	}
	again, err := importFile(t, im, path, sprintlens.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := st.Project(ctx, first.ProjectID); again.TimeZone != "Asia/Tokyo" || p.TimeZone != "Asia/Tokyo" {
		t.Errorf("re-import after saving Asia/Tokyo: zone %q (stored %q)", again.TimeZone, p.TimeZone)
	}
}

// TestAfterImportHook: the hook runs once the import is committed (it
// sees the stories), only after a success, and its error does not undo
// the import.
func TestAfterImportHook(t *testing.T) {
	ctx := context.Background()
	im, st := newImporter(t)
	var calls []int64
	var seen int
	im.AfterImport = func(ctx context.Context, projectID int64) error {
		calls = append(calls, projectID)
		sums, err := st.ProjectSummaries(ctx)
		if err != nil {
			return err
		}
		seen = sums[0].StoryCount
		return errors.New("precompute exploded")
	}
	path := trackertest.CSV(t, "project91_20191009_0805.csv")
	sum, err := importFile(t, im, path, sprintlens.ImportOptions{})
	if !errors.Is(err, sprintlens.ErrAfterImport) || !strings.Contains(err.Error(), "precompute exploded") {
		t.Fatalf("hook error not returned: %v", err)
	}
	if len(calls) != 1 || calls[0] != sum.ProjectID || seen != 5 || sum.Inserted != 5 {
		t.Errorf("hook calls %v saw %d stories; summary %+v", calls, seen, sum.ImportCounts)
	}
	runs, _ := st.Runs(ctx, sum.ProjectID, 1)
	if len(runs) != 1 || runs[0].Status != sprintlens.RunSucceeded {
		t.Errorf("run after a failing hook = %+v", runs)
	}
	if _, err := importString(t, im, "project91_20191010_0805.csv", "Id,Title\nx,y\n"); err == nil || len(calls) != 1 {
		t.Errorf("hook ran after a failed import: %v, calls %v", err, calls)
	}
}
