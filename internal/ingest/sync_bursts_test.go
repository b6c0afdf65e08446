package ingest_test

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/trackersim"
)

// TestSyncThroughBurstsOf429And500 syncs from a Tracker that, partway
// through, answers bursts of 429 (rate limited) and of 500: the sync
// succeeds, its run counts every request the bursts cost, and the data
// it saved is what a clean read finds.
func TestSyncThroughBurstsOf429And500(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out retry backoffs; skipped with -short")
	}
	store, pool := freshStore(t)
	sim := trackersim.New(trackersim.Generate(trackersim.Config{Seed: 9, Now: simNow}))
	pid := int64(trackersim.DefaultProjectID)
	// Request 3 starts two 429s with Retry-After, request 12 two 500s:
	// one burst before the listings, one while they are read in parallel.
	bursts := map[int64]struct {
		status     int
		retryAfter string
	}{3: {http.StatusTooManyRequests, "1"}, 12: {http.StatusInternalServerError, ""}}
	var served atomic.Int64
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if b, ok := bursts[served.Add(1)]; ok {
			sim.FailNext(2, b.status, b.retryAfter)
		}
		sim.ServeHTTP(w, r)
	}))
	defer hs.Close()
	s := newSyncer(t, store, hs.URL+trackersim.BasePath, sim.Token(), nil)

	run := syncOnce(t, s, pid, true)
	if run.Status != sprintlens.RunSucceeded {
		t.Fatalf("run through the bursts = %+v", run)
	}
	failed := map[int]int{}
	for _, r := range sim.Requests() {
		if r.Fault == "fail" {
			failed[r.Status]++
		}
	}
	if failed[http.StatusTooManyRequests] != 2 || failed[http.StatusInternalServerError] != 2 {
		t.Fatalf("faults answered: %v, want two 429s and two 500s", failed)
	}
	if int64(run.Requests) != served.Load() {
		t.Errorf("run recorded %d requests, the Tracker answered %d", run.Requests, served.Load())
	}
	checkStoriesMatch(t, sim, pool, pid)

	// The same read without faults: the minimum, and nothing left to fix.
	clean := syncOnce(t, s, pid, true)
	if clean.Status != sprintlens.RunSucceeded || clean.Requests == 0 {
		t.Fatalf("clean run = %+v", clean)
	}
	if run.Requests != clean.Requests+4 {
		t.Errorf("run through the bursts made %d requests, a clean one %d: want 4 retries more", run.Requests, clean.Requests)
	}
	if clean.StoriesInserted+clean.StoriesUpdated+clean.StoriesDeleted != 0 {
		t.Errorf("a clean re-read changed %d/%d/%d stories: the faulty sync saved wrong data",
			clean.StoriesInserted, clean.StoriesUpdated, clean.StoriesDeleted)
	}
	if n := dbInt(t, pool, `SELECT count(*) FROM iterations WHERE project_id = $1`, pid); n != run.Iterations || n == 0 {
		t.Errorf("%d iterations stored, the run read %d", n, run.Iterations)
	}
}
