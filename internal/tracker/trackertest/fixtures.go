// Package trackertest finds the recorded Pivotal Tracker data tests read:
// the API v5 responses and CSV exports in shared/tracker-fixtures.
package trackertest

import (
	"os"
	"path/filepath"
	"testing"
)

// Fixtures returns the tracker-fixtures directory, the one holding
// manifest.json, api/ and csv/. It is $SPRINTLENS_FIXTURES when that is
// set (and then must be such a directory); else a shared/tracker-fixtures
// beside the working directory or one of its parents (CI keeps shared/
// beside the clone; a worktree sits deeper); else
// /work/shared/tracker-fixtures. It fails the test when there is none:
// the fixtures are part of every checkout, so a test never skips them.
func Fixtures(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("SPRINTLENS_FIXTURES"); d != "" {
		if !isFixtures(d) {
			t.Fatalf("SPRINTLENS_FIXTURES=%s holds no manifest.json and csv/", d)
		}
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatalf("getwd: %v", err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if c := filepath.Join(dir, "shared", "tracker-fixtures"); isFixtures(c) {
			return c
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	if c := "/work/shared/tracker-fixtures"; isFixtures(c) {
		return c
	}
	t.Fatalf("tracker fixtures not found: set SPRINTLENS_FIXTURES or put shared/tracker-fixtures beside the repository (searched up from %s)", wd)
	return ""
}

// CSV is the path of the CSV export name in the fixtures; it fails the
// test when there is no such file.
func CSV(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(Fixtures(t), "csv", name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("CSV fixture: %v", err)
	}
	return p
}

func isFixtures(dir string) bool {
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err != nil {
		return false
	}
	fi, err := os.Stat(filepath.Join(dir, "csv"))
	return err == nil && fi.IsDir()
}
