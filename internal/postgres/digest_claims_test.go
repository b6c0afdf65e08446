package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// Eight replicas ticking at once: exactly one claims the digest; within
// the window nobody else can; after it, the next tick can.
func TestClaimScheduledDigestOncePerTick(t *testing.T) {
	ctx := context.Background()
	st := pgtest.Store(t)
	if err := st.AddTrackerProject(ctx, sprintlens.Project{ID: 7}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	wins := 0
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := st.ClaimScheduledDigest(ctx, 7, time.Hour)
			if err != nil {
				t.Error(err)
				return
			}
			if ok {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if wins != 1 {
		t.Fatalf("%d replicas claimed the same tick's digest, want 1", wins)
	}
	if _, err := st.Pool().Exec(ctx, `UPDATE digest_claims SET claimed_at = now() - interval '2 hours'`); err != nil {
		t.Fatal(err)
	}
	if ok, err := st.ClaimScheduledDigest(ctx, 7, time.Hour); err != nil || !ok {
		t.Fatalf("the next tick's claim: %v, %v", ok, err)
	}
}
