package ingest_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sprintlens/sprintlens/internal/trackersim"
)

// benchStories is the project size of the sync benchmarks: 20,000 keeps
// `make bench` quick. For the 100k figure run
//
//	SPRINTLENS_BENCH_STORIES=100000 go test -run '^$' -bench 'Sync|Copy' -benchtime 1x ./internal/ingest/
func benchStories(b *testing.B) int {
	if v := os.Getenv("SPRINTLENS_BENCH_STORIES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			b.Fatalf("SPRINTLENS_BENCH_STORIES=%q: want a positive number", v)
		}
		return n
	}
	return 20000
}

var benchData = struct {
	sync.Mutex
	byN map[int]*trackersim.Dataset
}{byN: map[int]*trackersim.Dataset{}}

// benchSim serves the benchmark dataset; generating it takes seconds, so
// both benchmarks share one per size. The server never mutates it.
func benchSim(b *testing.B, n int) (*trackersim.Server, string) {
	benchData.Lock()
	ds := benchData.byN[n]
	if ds == nil {
		ds = trackersim.Generate(trackersim.Config{Seed: 1, StoriesPerProject: n, Now: simNow})
		benchData.byN[n] = ds
	}
	benchData.Unlock()
	return startSimWith(b, ds)
}

// BenchmarkSyncLarge is a full sync of a large project from the simulator
// over loopback HTTP into PostgreSQL: requests, JSON, mapping, history and
// the one-transaction save.
func BenchmarkSyncLarge(b *testing.B) {
	n := benchStories(b)
	store, _ := freshStore(b)
	sim, base := benchSim(b, n)
	s := newSyncer(b, store, base, sim.Token(), nil)
	b.ResetTimer()
	for b.Loop() {
		syncOnce(b, s, trackersim.DefaultProjectID, true)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "stories/s")
}

// BenchmarkCopyBaseline writes the rows a sync of the same project stores
// with nothing but DELETE and COPY in one transaction: the floor the sync's
// save cannot beat. Compare its stories/s with BenchmarkSyncLarge's.
func BenchmarkCopyBaseline(b *testing.B) {
	n := benchStories(b)
	store, pool := freshStore(b)
	sim, base := benchSim(b, n)
	syncOnce(b, newSyncer(b, store, base, sim.Token(), nil), trackersim.DefaultProjectID, true)
	tables := []string{"iterations", "labels", "epics", "people", "stories", "story_labels", "story_history"}
	rows := map[string]copyRows{}
	for _, tbl := range tables {
		rows[tbl] = readTable(b, pool, tbl)
	}
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			for i := len(tables) - 1; i >= 0; i-- {
				if _, err := tx.Exec(ctx, "DELETE FROM "+tables[i]+" WHERE project_id = $1", trackersim.DefaultProjectID); err != nil {
					return err
				}
			}
			for _, tbl := range tables {
				r := rows[tbl]
				if _, err := tx.CopyFrom(ctx, pgx.Identifier{tbl}, r.cols, pgx.CopyFromRows(r.rows)); err != nil {
					return fmt.Errorf("copy %s: %w", tbl, err)
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "stories/s")
}

type copyRows struct {
	cols []string
	rows [][]any
}

func readTable(b *testing.B, pool *pgxpool.Pool, table string) copyRows {
	b.Helper()
	res, err := pool.Query(context.Background(), "SELECT * FROM "+table+" WHERE project_id = $1", trackersim.DefaultProjectID)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Close()
	var out copyRows
	for _, f := range res.FieldDescriptions() {
		out.cols = append(out.cols, f.Name)
	}
	for res.Next() {
		v, err := res.Values()
		if err != nil {
			b.Fatal(err)
		}
		out.rows = append(out.rows, v)
	}
	if err := res.Err(); err != nil {
		b.Fatal(err)
	}
	return out
}
