package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestReadyzThroughPostgresRestart serves on a private PostgreSQL, restarts
// it, and expects /readyz to answer 503 while it is down and 200 again
// once it is back, without restarting sprintlens.
func TestReadyzThroughPostgresRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL cluster; skipped with -short")
	}
	pg := startPrivatePG(t)
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	var logs syncBuffer
	go func() {
		done <- run(ctx, []string{"serve"}, envMap(map[string]string{
			"DATABASE_URL": pg.URL(), "LISTEN_ADDR": addr, "LOG_LEVEL": "error",
		}), &logs, &logs)
	}()
	url := fmt.Sprintf("http://%s/readyz", addr)
	client := &http.Client{Timeout: 5 * time.Second}
	waitFor := func(want int, within time.Duration) string {
		t.Helper()
		var code int
		var body string
		deadline := time.Now().Add(within)
		for time.Now().Before(deadline) {
			if res, err := client.Get(url); err == nil {
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				code, body = res.StatusCode, string(b)
				if code == want {
					return body
				}
			} else {
				code, body = 0, err.Error()
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("/readyz never answered %d within %s (last %d %s)\n%s", want, within, code, body, logs.String())
		return ""
	}

	waitFor(http.StatusOK, 30*time.Second)
	pg.Stop(t)
	if body := waitFor(http.StatusServiceUnavailable, 10*time.Second); !strings.Contains(body, `"reason"`) {
		t.Errorf("503 without a reason: %s", body)
	}
	if res, err := client.Get(fmt.Sprintf("http://%s/healthz", addr)); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("/healthz while the database is down: %v %v; the process itself is fine", res, err)
	} else {
		res.Body.Close()
	}
	pg.Start(t)
	waitFor(http.StatusOK, 15*time.Second)

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
}
