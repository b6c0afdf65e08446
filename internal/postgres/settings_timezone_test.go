package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// A synced project's time zone is Tracker's: saving settings keeps it and
// the next sync brings Tracker's. An imported project's is sprintlens's own.
func TestSettingsTimeZoneBySource(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
	updated := time.Date(2026, 10, 27, 0, 0, 0, 0, time.UTC)
	saveWarningSnapshot(t, st, warningSnapshot(t, 8, updated)) // project 9, synced, Asia/Tokyo
	csv, _, err := st.EnsureCSVProject(ctx, sprintlens.Project{Name: "Ops export", TimeZone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	zone := func(pid int64) string {
		t.Helper()
		p, err := st.Project(ctx, pid)
		if err != nil {
			t.Fatal(err)
		}
		return p.TimeZone
	}
	tests := []struct {
		name string
		pid  int64
		want string
	}{
		{"synced: Tracker's zone stays", 9, "Asia/Tokyo"},
		{"imported: the saved zone", csv.ID, "Europe/Berlin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := st.ProjectSettings(ctx, tt.pid)
			if err != nil {
				t.Fatal(err)
			}
			ps.TimeZone, ps.VelocityWindow = "Europe/Berlin", 2
			if err := st.SaveProjectSettings(ctx, tt.pid, ps, "kenji"); err != nil {
				t.Fatal(err)
			}
			got, err := st.ProjectSettings(ctx, tt.pid)
			if err != nil {
				t.Fatal(err)
			}
			if got.TimeZone != tt.want || got.VelocityWindow != 2 {
				t.Errorf("after saving Europe/Berlin and window 2: zone %q, window %d; want %q and 2", got.TimeZone, got.VelocityWindow, tt.want)
			}
		})
	}
	// Tracker's zone changes: the next sync brings it, and leaves the
	// settings that are sprintlens's own.
	snap := warningSnapshot(t, 8, updated)
	snap.Project.TimeZone = "America/Los_Angeles"
	saveWarningSnapshot(t, st, snap)
	ps, err := st.ProjectSettings(ctx, 9)
	if err != nil {
		t.Fatal(err)
	}
	if ps.TimeZone != "America/Los_Angeles" || ps.VelocityWindow != 2 {
		t.Errorf("after a sync from Tracker in Los Angeles: zone %q, window %d", ps.TimeZone, ps.VelocityWindow)
	}
	if z := zone(csv.ID); z != "Europe/Berlin" {
		t.Errorf("the imported project's zone moved to %q", z)
	}
}
