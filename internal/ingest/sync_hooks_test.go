package ingest_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sprintlens/sprintlens/internal/ingest"
	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/trackersim"
)

// The metrics precompute plugs in as AfterSave hooks: they run inside the
// save's transaction, see the new stories, and a failing one undoes the save.
func TestAfterSaveHooksRunInTheSaveTransaction(t *testing.T) {
	ctx := context.Background()
	store, pool := freshStore(t)
	sim, base := startSim(t, trackersim.Config{Seed: 6})
	pid := int64(trackersim.DefaultProjectID)
	var seen []int
	count := func(ctx context.Context, tx pgx.Tx, _ int64) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM stories WHERE project_id = $1`, pid).Scan(&n); err != nil {
			return err
		}
		seen = append(seen, n)
		return nil
	}
	s := newSyncer(t, store, base, sim.Token(), func(c *ingest.SyncConfig) { c.AfterSave = []postgres.AfterSave{count} })
	syncOnce(t, s, pid, false)
	stored := dbInt(t, pool, `SELECT count(*) FROM stories WHERE project_id = $1`, pid)
	if len(seen) != 1 || seen[0] != stored || stored == 0 {
		t.Fatalf("hook saw %v stories, %d stored", seen, stored)
	}

	boom := errors.New("precompute failed")
	failing := newSyncer(t, store, base, sim.Token(), func(c *ingest.SyncConfig) {
		c.AfterSave = []postgres.AfterSave{func(ctx context.Context, tx pgx.Tx, _ int64) error {
			if _, err := tx.Exec(ctx, `DELETE FROM stories WHERE project_id = $1`, pid); err != nil {
				return err
			}
			return boom
		}}
	})
	run, err := failing.SyncProject(ctx, pid, ingest.RunOptions{Full: true})
	if !errors.Is(err, boom) || run.Status != sprintlens.RunFailed || !strings.Contains(run.Error, "precompute failed") {
		t.Fatalf("run with a failing hook = %+v, %v", run, err)
	}
	if n := dbInt(t, pool, `SELECT count(*) FROM stories WHERE project_id = $1`, pid); n != stored {
		t.Errorf("a failed hook left %d stories, want the %d from before", n, stored)
	}
}

// OnRunFinished sees every recorded run once it has ended, as returned.
func TestOnRunFinishedSeesEveryEndedRun(t *testing.T) {
	store, _ := freshStore(t)
	sim, base := startSim(t, trackersim.Config{Seed: 6})
	pid := int64(trackersim.DefaultProjectID)
	var seen []sprintlens.SyncRun
	var took []time.Duration
	hook := func(c *ingest.SyncConfig) {
		c.OnRunFinished = func(r sprintlens.SyncRun, d time.Duration) { seen, took = append(seen, r), append(took, d) }
	}
	first := syncOnce(t, newSyncer(t, store, base, sim.Token(), hook), pid, false)
	second := syncOnce(t, newSyncer(t, store, base, sim.Token(), hook), pid, false)
	_, err := newSyncer(t, store, base, "wrong", hook).SyncProject(context.Background(), pid, ingest.RunOptions{})
	if err == nil {
		t.Fatal("a rejected token should fail the run")
	}
	if len(seen) != 3 {
		t.Fatalf("hook saw %d runs, want 3", len(seen))
	}
	if seen[0].ID != first.ID || seen[0].Kind != postgres.RunFull || seen[0].Status != sprintlens.RunSucceeded ||
		seen[0].StoriesInserted == 0 || seen[0].StoriesInserted != first.StoriesInserted || seen[0].Requests != first.Requests {
		t.Errorf("first run seen as %+v, returned as %+v", seen[0], first)
	}
	if seen[1].ID != second.ID || seen[1].Kind != postgres.RunIncremental || seen[1].StoriesInserted != 0 {
		t.Errorf("second run seen as %+v", seen[1])
	}
	if seen[2].Status != sprintlens.RunFailed || seen[2].Requests == 0 || seen[2].FinishedAt == nil {
		t.Errorf("failed run seen as %+v", seen[2])
	}
	for i, d := range took {
		if d <= 0 || d > seen[i].FinishedAt.Sub(seen[i].StartedAt)+time.Millisecond {
			t.Errorf("run %d took %v, recorded %v", i, d, seen[i].FinishedAt.Sub(seen[i].StartedAt))
		}
	}
}
