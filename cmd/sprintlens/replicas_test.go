package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/trackersim"
)

// TestTwoReplicasSyncEachProjectOncePerTick runs two `serve` processes (in
// this process) on one database and one Tracker, both scheduling the
// sync every two seconds, and checks the projects were synced once per
// tick: never two runs at once, never two runs in one tick window.
func TestTwoReplicasSyncEachProjectOncePerTick(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for several schedule ticks; skipped with -short")
	}
	ctx := context.Background()
	dbURL, drop, err := pgtest.CreateDatabase(ctx, "slreplicas")
	if err != nil {
		t.Fatal(err)
	}
	defer drop()
	sim := trackersim.New(trackersim.Generate(trackersim.Config{Seed: 5, Projects: 2, StoriesPerProject: 80,
		Now: time.Now().Add(-time.Hour)}))
	hs := httptest.NewServer(sim)
	defer hs.Close()
	pids := simProjectIDs(sim)

	const every = 2 * time.Second
	type replica struct {
		cancel context.CancelFunc
		done   chan error
		logs   *syncBuffer
	}
	var replicas []replica
	started := time.Now()
	for i := range 2 {
		if i > 0 {
			// @every ticks count from each process's start: one second
			// later puts this replica's ticks half an interval off the
			// other's, the hardest case for telling ticks apart.
			time.Sleep(every / 2)
		}
		rctx, cancel := context.WithCancel(ctx)
		r := replica{cancel: cancel, done: make(chan error, 1), logs: &syncBuffer{}}
		env := envMap(map[string]string{
			"DATABASE_URL": dbURL, "LISTEN_ADDR": freeAddr(t), "LOG_LEVEL": "info",
			"TRACKER_BASE_URL": hs.URL + trackersim.BasePath, "TRACKER_TOKEN": sim.Token(),
			"TRACKER_PROJECTS": joinIDs(pids), "SYNC_SCHEDULE": fmt.Sprintf("@every %s", every),
		})
		go func() { r.done <- run(rctx, []string{"serve"}, env, r.logs, r.logs) }()
		replicas = append(replicas, r)
	}
	// Three ticks and a half: enough for a first full sync and two more.
	time.Sleep(3*every + every/2)
	for _, r := range replicas {
		r.cancel()
	}
	elapsed := time.Since(started)
	for i, r := range replicas {
		select {
		case err := <-r.done:
			if err != nil {
				t.Fatalf("replica %d: %v\n%s", i, err, r.logs.String())
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("replica %d did not stop", i)
		}
	}
	ticks := int(elapsed / every)
	for i, r := range replicas {
		// Both replicas must have contended, or one tick per project proves nothing.
		logs := r.logs.String()
		if tried := strings.Count(logs, `msg="sync finished"`) + strings.Count(logs, "; skipped"); tried == 0 {
			t.Errorf("replica %d never tried to sync:\n%s", i, logs)
		}
	}

	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	type runRow struct {
		id         int64
		status     string
		start, end time.Time
	}
	for _, pid := range pids {
		rows, err := pool.Query(ctx, `SELECT id, status, started_at, coalesce(finished_at, 'infinity')
			FROM sync_runs WHERE project_id = $1 ORDER BY started_at, id`, pid)
		if err != nil {
			t.Fatal(err)
		}
		var runs []runRow
		for rows.Next() {
			var r runRow
			if err := rows.Scan(&r.id, &r.status, &r.start, &r.end); err != nil {
				t.Fatal(err)
			}
			runs = append(runs, r)
		}
		rows.Close()
		var desc []string
		for _, r := range runs {
			desc = append(desc, fmt.Sprintf("#%d %s %s–%s", r.id, r.status,
				r.start.Format("15:04:05.000"), r.end.Format("15:04:05.000")))
		}
		t.Logf("project %d, %d ticks in %s: %s", pid, ticks, elapsed.Round(time.Millisecond), strings.Join(desc, "; "))
		switch {
		case len(runs) < 2:
			t.Errorf("project %d: %d runs in %d ticks: the replicas did not keep it synced", pid, len(runs), ticks)
		case len(runs) > ticks+1:
			t.Errorf("project %d: %d runs in %d ticks: synced more than once per tick", pid, len(runs), ticks)
		}
		for i, r := range runs {
			if r.status != "succeeded" {
				t.Errorf("project %d: run %d ended %s", pid, r.id, r.status)
			}
			if i == 0 {
				continue
			}
			prev := runs[i-1]
			if r.start.Before(prev.end) {
				t.Errorf("project %d: runs %d and %d overlap", pid, prev.id, r.id)
			}
			if gap := r.start.Sub(prev.start); gap < every/2 {
				t.Errorf("project %d: runs %d and %d started %s apart, within one tick", pid, prev.id, r.id, gap.Round(time.Millisecond))
			}
		}
	}
	if t.Failed() {
		for i, r := range replicas {
			t.Logf("replica %d log:\n%s", i, r.logs.String())
		}
	}
}
