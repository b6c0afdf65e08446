package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sprintlens/sprintlens/internal/config"
	"github.com/sprintlens/sprintlens/internal/ingest"
	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/trackersim"
)

// syncStats is what the sync measurement found.
type syncStats struct {
	stories                    int
	full, copy, incremental    time.Duration
	fullRequests, incrRequests int
	incrementalKind            string
}

// benchSync syncs one large project from the simulated Tracker over
// loopback into a database of its own, as `sprintlens sync` does (HTTP,
// JSON, mapping, history, the save and the metrics precompute), then
// writes the same rows with nothing but DELETE and COPY: the floor a
// sync's save cannot beat. Last it edits one story and syncs again,
// counting the requests of the incremental run.
func benchSync(ctx context.Context, adminURL string, stories int) (syncStats, error) {
	st := syncStats{}
	dbURL, drop, err := createBenchDatabase(ctx, adminURL)
	if err != nil {
		return st, err
	}
	defer drop()
	pool, err := postgres.Open(ctx, dbURL)
	if err != nil {
		return st, err
	}
	defer pool.Close()
	if _, err := postgres.Migrate(ctx, pool); err != nil {
		return st, err
	}
	sim, base, stopSim, err := startSim(trackersim.Config{Seed: 1, Projects: 1, StoriesPerProject: stories}, "127.0.0.1:0")
	if err != nil {
		return st, err
	}
	defer func() { _ = stopSim(context.Background()) }()
	env := map[string]string{"DATABASE_URL": dbURL, "TRACKER_BASE_URL": base, "TRACKER_TOKEN": sim.Token()}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		return st, err
	}
	syncer, err := newSyncer(postgres.NewStore(pool), cfg, newLogger(cfg, io.Discard), nil)
	if err != nil {
		return st, err
	}
	pid := int64(trackersim.DefaultProjectID)
	once := func(full bool) (sprintlens.SyncRun, time.Duration, error) {
		start := time.Now()
		run, err := syncer.SyncProject(ctx, pid, ingest.RunOptions{Full: full, TriggeredBy: "bench"})
		if err == nil && run.Status != sprintlens.RunSucceeded {
			err = fmt.Errorf("bench: sync %s: %s", run.Status, run.Error)
		}
		return run, time.Since(start), err
	}
	// The first sync fills an empty database; the second is the daily
	// full reconcile that replaces what is there, as the COPY below does.
	if _, _, err := once(true); err != nil {
		return st, err
	}
	run, took, err := once(true)
	if err != nil {
		return st, err
	}
	st.full, st.fullRequests = took, run.Requests
	if st.copy, st.stories, err = copyBaseline(ctx, pool, pid); err != nil {
		return st, err
	}

	var storyID int64
	sim.View(func(ds *trackersim.Dataset) { p := ds.Projects[0]; storyID = p.Stories[len(p.Stories)-1].ID })
	if err := sim.EditStory(pid, storyID, func(s *trackersim.Story) { s.Name += " (renamed)" }); err != nil {
		return st, fmt.Errorf("bench: edit a simulated story: %w", err)
	}
	run, took, err = once(false)
	if err != nil {
		return st, err
	}
	st.incremental, st.incrRequests, st.incrementalKind = took, run.Requests, run.Kind
	return st, nil
}

// copyBaseline reads the project's synced rows back and rewrites them in
// one transaction with DELETE and COPY, returning how long the rewrite
// took and how many stories it held.
func copyBaseline(ctx context.Context, pool *pgxpool.Pool, pid int64) (time.Duration, int, error) {
	tables := []string{"iterations", "labels", "epics", "people", "stories", "story_labels", "story_history"}
	type table struct {
		cols []string
		rows [][]any
	}
	data := make([]table, len(tables))
	for i, name := range tables {
		rows, err := pool.Query(ctx, "SELECT * FROM "+name+" WHERE project_id = $1", pid)
		if err != nil {
			return 0, 0, fmt.Errorf("bench: read %s: %w", name, err)
		}
		for _, f := range rows.FieldDescriptions() {
			data[i].cols = append(data[i].cols, f.Name)
		}
		for rows.Next() {
			v, err := rows.Values()
			if err != nil {
				rows.Close()
				return 0, 0, fmt.Errorf("bench: read %s: %w", name, err)
			}
			data[i].rows = append(data[i].rows, v)
		}
		if err := rows.Err(); err != nil {
			return 0, 0, fmt.Errorf("bench: read %s: %w", name, err)
		}
	}
	start := time.Now()
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		for i := len(tables) - 1; i >= 0; i-- {
			if _, err := tx.Exec(ctx, "DELETE FROM "+tables[i]+" WHERE project_id = $1", pid); err != nil {
				return err
			}
		}
		for i, name := range tables {
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{name}, data[i].cols, pgx.CopyFromRows(data[i].rows)); err != nil {
				return fmt.Errorf("copy %s: %w", name, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("bench: COPY baseline: %w", err)
	}
	return time.Since(start), len(data[4].rows), nil
}

// syncRows report the sync measurement; without one they say how to get it.
func syncRows(st *syncStats) []benchRow {
	if st == nil {
		return []benchRow{{metric: "sync: full sync vs raw COPY", value: "--sync-stories=0", verdict: verdictSkipped}}
	}
	rate := func(d time.Duration) float64 { return float64(st.stories) / d.Seconds() }
	return []benchRow{
		{metric: fmt.Sprintf("sync: full sync of %d stories", st.stories),
			value:    fmt.Sprintf("%s, %.0f stories/s", fmtDuration(st.full), rate(st.full)),
			baseline: fmt.Sprintf("raw COPY %s, %.0f stories/s", fmtDuration(st.copy), rate(st.copy)),
			ratio:    fmt.Sprintf("%.1f× COPY", st.full.Seconds()/st.copy.Seconds()),
			note: "sync rows: loopback HTTP to the simulated Tracker, JSON, mapping, history, one-transaction save and the metrics " +
				"precompute, against DELETE + COPY of the same rows; go test -bench 'Sync|Copy' ./internal/ingest has the same pair"},
		{metric: "sync: requests of a full sync", value: fmt.Sprint(st.fullRequests)},
		{metric: "sync: incremental sync after one edit", value: fmt.Sprintf("%d requests, %s (%s)", st.incrRequests, fmtDuration(st.incremental), st.incrementalKind),
			baseline: fmt.Sprintf("full: %d requests, %s", st.fullRequests, fmtDuration(st.full)),
			ratio:    fmt.Sprintf("%.1f %% of the time", 100*st.incremental.Seconds()/st.full.Seconds())},
	}
}
