package slack

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// onceClaimer grants each project once, as the store's claim does within
// its window.
type onceClaimer struct {
	mu   sync.Mutex
	seen map[int64]bool
}

func (c *onceClaimer) ClaimScheduledDigest(_ context.Context, pid int64, _ time.Duration) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen[pid] {
		return false, nil
	}
	c.seen[pid] = true
	return true, nil
}

// Two replicas run the same scheduled tick: the project's digest is posted
// once.
func TestScheduledDigestGoesOutOnceAcrossReplicas(t *testing.T) {
	hook := &fakeWebhook{answers: []answer{{200, "ok", ""}, {200, "ok", ""}}}
	srv := httptest.NewServer(hook)
	defer srv.Close()
	claims := &onceClaimer{seen: map[int64]bool{}}
	st := teamStore()
	st.webhooks[1] = srv.URL + secretPath
	for replica := 0; replica < 2; replica++ {
		j, _ := newTestJob(st, "")
		j.Claims, j.ClaimWindow = claims, time.Hour
		if err := j.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if hook.count() != 1 || len(st.sends) != 1 {
		t.Fatalf("posts %d, sends %d: want the digest once", hook.count(), len(st.sends))
	}
}
