package trackertest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestIsFixtures(t *testing.T) {
	real := Fixtures(t)
	noCSV := t.TempDir()
	if err := os.WriteFile(filepath.Join(noCSV, "manifest.json"), []byte("[]"), 0o644); err != nil {
		t.Fatal(err)
	}
	noManifest := t.TempDir()
	if err := os.Mkdir(filepath.Join(noManifest, "csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		dir  string
		want bool
	}{
		{real, true},
		{filepath.Join(real, "csv"), false},
		{noCSV, false},
		{noManifest, false},
		{filepath.Join(t.TempDir(), "missing"), false},
	}
	for _, tt := range tests {
		if got := isFixtures(tt.dir); got != tt.want {
			t.Errorf("isFixtures(%s) = %v, want %v", tt.dir, got, tt.want)
		}
	}
	if p := CSV(t, "project91_20191009_0805.csv"); filepath.Dir(p) != filepath.Join(real, "csv") {
		t.Errorf("CSV path %s is not in %s/csv", p, real)
	}
}
