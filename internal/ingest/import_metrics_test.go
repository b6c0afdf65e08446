package ingest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres"
)

// An import precomputes the metrics in its own transaction, so the
// velocity pages of an imported project read the same tables as a synced
// one. legacy_2009_stories.csv accepts 7 points in iteration 2 (2+1+1+2+1).
func TestImportPrecomputesMetrics(t *testing.T) {
	im, store := newImporter(t)
	im.InTx = []postgres.AfterSave{postgres.RefreshMetricsHook(time.Now)}
	path := filepath.Join(fixturesCSV(t), "legacy_2009_stories.csv")
	sum, err := importFile(t, im, path, ImportOptions{TriggeredBy: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	iters, err := store.IterationSummaries(ctx, sum.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int]float64{}
	for _, it := range iters {
		got[it.Iteration.Number] = it.AcceptedPoints
	}
	if got[2] != 7 || got[4] != 5 {
		t.Fatalf("accepted points by iteration = %v, want it2=7 it4=5", got)
	}
	if _, err := store.MetricsSummary(ctx, sum.ProjectID); err != nil {
		t.Fatalf("no project metrics after the import: %v", err)
	}
	r, err := store.SprintReview(ctx, sum.ProjectID, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Reconstructed || r.Accepted.Count != 5 {
		t.Fatalf("review of iteration 2: reconstructed=%v accepted=%+v, want reconstructed with 5 accepted", r.Reconstructed, r.Accepted)
	}
}
