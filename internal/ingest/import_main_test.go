package ingest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
)

// TestMain gives the package one migrated database, dropped at the end.
func TestMain(m *testing.M) { pgtest.Main(m) }

// fixturesCSV finds tracker-fixtures/csv: $SPRINTLENS_FIXTURES, else a
// "shared/tracker-fixtures" beside some parent of the working directory
// (CI keeps ../shared beside the clone; worktrees sit deeper), else
// /work/shared/tracker-fixtures.
func fixturesCSV(t testing.TB) string {
	t.Helper()
	var tried []string
	try := func(root string) (string, bool) {
		dir := filepath.Join(root, "csv")
		tried = append(tried, dir)
		fi, err := os.Stat(dir)
		return dir, err == nil && fi.IsDir()
	}
	if env := os.Getenv("SPRINTLENS_FIXTURES"); env != "" {
		if dir, ok := try(env); ok {
			return dir
		}
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatalf("getwd: %v", err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if dir, ok := try(filepath.Join(d, "shared", "tracker-fixtures")); ok {
			return dir
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	if dir, ok := try("/work/shared/tracker-fixtures"); ok {
		return dir
	}
	t.Fatalf("tracker CSV fixtures not found (set SPRINTLENS_FIXTURES to the tracker-fixtures directory); tried %v", tried)
	return ""
}

// testClock is the importer's "now": an import started on it stamps
// stories of files without an export time in their name.
var testClock = time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC)

// newImporter gives a clean database and an importer over it.
func newImporter(t testing.TB) (*Importer, *postgres.Store) {
	t.Helper()
	pool := pgtest.Pool(t)
	pgtest.Reset(t, pool)
	st := postgres.NewStore(pool)
	im := NewImporter(st)
	im.Now = func() time.Time { return testClock }
	return im, st
}

// importFile imports a file from disk under its own name.
func importFile(t testing.TB, im *Importer, path string, opts ImportOptions) (ImportSummary, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if opts.FileName == "" {
		opts.FileName = filepath.Base(path)
	}
	return im.Import(context.Background(), f, opts)
}
