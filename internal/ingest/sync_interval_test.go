package ingest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/ingest"
	"github.com/sprintlens/sprintlens/internal/trackersim"
)

// A scheduled run skips a project another run started within MinInterval
// (another replica's run of the same tick); people asking for a sync are
// never turned away.
func TestScheduledRunSkipsRecentlySyncedProject(t *testing.T) {
	ctx := context.Background()
	store, pool := freshStore(t)
	sim, base := startSim(t, trackersim.Config{Seed: 6, StoriesPerProject: 40})
	pid := int64(trackersim.DefaultProjectID)
	runs := func() int { return dbInt(t, pool, `SELECT count(*) FROM sync_runs WHERE project_id = $1`, pid) }
	backdate := func(d time.Duration) {
		if _, err := pool.Exec(ctx, `UPDATE sync_runs SET started_at = started_at - make_interval(secs => $1)`, d.Seconds()); err != nil {
			t.Fatal(err)
		}
	}
	s := newSyncer(t, store, base, sim.Token(), func(c *ingest.SyncConfig) {
		c.Projects = []int64{pid}
		c.MinInterval = time.Minute
	})
	syncOnce(t, s, pid, false)

	tests := []struct {
		name     string
		backdate time.Duration // how long ago the runs so far started, besides now
		sync     func() error
		wantRuns int // added by this step
	}{
		{"scheduled, just synced", 0, func() error { return s.Run(ctx) }, 0},
		{"cli, just synced", 0, func() error {
			_, err := s.SyncProject(ctx, pid, ingest.RunOptions{TriggeredBy: "cli"})
			return err
		}, 1},
		{"scheduled, synced 30s ago", 30 * time.Second, func() error { return s.Run(ctx) }, 0},
		{"scheduled, synced 2m ago", 90 * time.Second, func() error { return s.Run(ctx) }, 1},
		{"sync now, just synced", 0, func() error {
			ids, err := s.StartSync(ctx, pid, false, "web:test")
			if err == nil && len(ids) != 1 {
				return errors.New("sync now started no run")
			}
			sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			return s.Shutdown(sctx)
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			backdate(tt.backdate)
			before := runs()
			if err := tt.sync(); err != nil {
				t.Fatal(err)
			}
			if got := runs() - before; got != tt.wantRuns {
				t.Errorf("%d runs recorded, want %d", got, tt.wantRuns)
			}
		})
	}

	// Off by default: every tick syncs.
	eager := newSyncer(t, store, base, sim.Token(), func(c *ingest.SyncConfig) { c.Projects = []int64{pid} })
	before := runs()
	if err := eager.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if runs() != before+1 {
		t.Errorf("without MinInterval a scheduled run was skipped")
	}
}
