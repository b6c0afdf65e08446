package ingest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// TestMain gives the package one migrated database, dropped at the end.
func TestMain(m *testing.M) { pgtest.Main(m) }

// testClock is the importer's "now": an import started on it stamps
// stories of files without an export time in their name.
var testClock = time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC)

// newImporter gives a clean database and an importer over it.
func newImporter(t testing.TB) (*Importer, *postgres.Store) {
	t.Helper()
	st := pgtest.Store(t)
	im := NewImporter(st)
	im.Now = func() time.Time { return testClock }
	return im, st
}

// importFile imports a file from disk under its own name.
func importFile(t testing.TB, im *Importer, path string, opts sprintlens.ImportOptions) (sprintlens.ImportSummary, error) {
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
