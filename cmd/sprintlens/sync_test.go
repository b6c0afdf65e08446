package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/trackersim"
)

func TestSyncCommand(t *testing.T) {
	ctx := context.Background()
	dbURL, drop, err := pgtest.CreateDatabase(ctx, "slsync")
	if err != nil {
		t.Fatal(err)
	}
	defer drop()
	sim := trackersim.New(trackersim.Generate(trackersim.Config{Seed: 2, Now: time.Now().Add(-time.Hour)}))
	hs := httptest.NewServer(sim)
	defer hs.Close()
	var stories int
	sim.View(func(ds *trackersim.Dataset) { stories = len(ds.Projects[0].Stories) })
	env := map[string]string{
		"DATABASE_URL": dbURL, "LOG_LEVEL": "error",
		"TRACKER_BASE_URL": hs.URL + trackersim.BasePath, "TRACKER_TOKEN": sim.Token(),
		"TRACKER_PROJECTS": fmt.Sprint(trackersim.DefaultProjectID),
	}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for a, b := range env {
			m[a] = b
		}
		m[k] = v
		return m
	}
	pid := trackersim.DefaultProjectID
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantErr string
		want    []string
	}{
		{"first sync is full", []string{"sync"}, env, "", []string{
			fmt.Sprintf("project %d: stories %d/%d", pid, stories, stories),
			fmt.Sprintf("project %d: full sync done: %d inserted, 0 updated, 0 deleted", pid, stories)}},
		{"nothing changed", []string{"sync"}, env, "", []string{
			fmt.Sprintf("project %d: incremental sync done: 0 inserted, 0 updated, 0 deleted", pid), " 1 requests"}},
		{"forced full of one project", []string{"sync", "--project", fmt.Sprint(pid), "--full"}, env, "", []string{
			fmt.Sprintf("project %d: full sync done: 0 inserted, 0 updated, 0 deleted", pid)}},
		{"rejected token", []string{"sync"}, with("TRACKER_TOKEN", "wrong"), "tracker: token rejected", []string{
			fmt.Sprintf("project %d: incremental sync failed after", pid), "1 requests: tracker: token rejected"}},
		{"unknown project", []string{"sync", "--project", "4242"}, env, "project 4242 not found or not visible to this token", nil},
		{"not configured", []string{"sync"}, with("TRACKER_TOKEN", ""), "TRACKER_BASE_URL and TRACKER_TOKEN", nil},
		{"bad flag", []string{"sync", "--project", "x"}, env, "invalid value", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(ctx, tt.args, envMap(tt.env), &out, &out)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("err = %v\n%s", err, out.String())
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}

func TestSimCommand(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"sim", "--addr", "127.0.0.1:0", "--projects", "2"}, envMap(nil), &out, &out)
	}()
	baseRe := regexp.MustCompile(`TRACKER_BASE_URL=(\S+)`)
	var base string
	for i := 0; i < 200 && base == ""; i++ {
		if m := baseRe.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
		time.Sleep(20 * time.Millisecond)
	}
	if base == "" {
		t.Fatalf("sim printed no base URL:\n%s", out.String())
	}
	want := fmt.Sprintf("TRACKER_PROJECTS=%d,%d", trackersim.DefaultProjectID, trackersim.DefaultProjectID+1)
	if !strings.Contains(out.String(), "TRACKER_TOKEN="+trackersim.DefaultToken) || !strings.Contains(out.String(), want) {
		t.Errorf("sim output lacks the token or %s:\n%s", want, out.String())
	}
	req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/projects/%d", base, trackersim.DefaultProjectID), nil)
	req.Header.Set("X-TrackerToken", trackersim.DefaultToken)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("GET project from the sim: %d", res.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("sim returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("sim did not stop")
	}
}

// TestServeWaitsForSyncNow starts a sync through the API of a running
// server, stops the server at once and expects the run to have finished
// rather than be left "running".
func TestServeWaitsForSyncNow(t *testing.T) {
	ctx := context.Background()
	dbURL, drop, err := pgtest.CreateDatabase(ctx, "slserve")
	if err != nil {
		t.Fatal(err)
	}
	defer drop()
	sim := trackersim.New(trackersim.Generate(trackersim.Config{Seed: 3, Now: time.Now().Add(-time.Hour)}), trackersim.WithLatency(20*time.Millisecond))
	hs := httptest.NewServer(sim)
	defer hs.Close()
	addr := freeAddr(t)
	env := envMap(map[string]string{
		"DATABASE_URL": dbURL, "LISTEN_ADDR": addr, "LOG_LEVEL": "error",
		"TRACKER_BASE_URL": hs.URL + trackersim.BasePath, "TRACKER_TOKEN": sim.Token(),
		"TRACKER_PROJECTS": fmt.Sprint(trackersim.DefaultProjectID),
		// Far from any tick: only the API starts a run here.
		"SYNC_SCHEDULE": "0 0 1 1 *",
	})
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan error, 1)
	var logs syncBuffer
	go func() { done <- run(sctx, []string{"serve"}, env, &logs, &logs) }()
	base := "http://" + addr
	var res *http.Response
	for i := 0; i < 100; i++ {
		if res, err = http.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("server never came up: %v\n%s", err, logs.String())
	}
	// As a signed-in browser would: the CSRF cookie and header from a page.
	page, err := http.Get(base + "/sync")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	m := regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)"`).FindSubmatch(body)
	if m == nil {
		t.Fatal("no CSRF token on /sync")
	}
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/sync", nil)
	req.Header.Set("X-CSRF-Token", string(m[1]))
	for _, c := range page.Cookies() {
		req.AddCookie(c)
	}
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusAccepted {
		t.Fatalf("POST /api/v1/sync = %d\n%s", res.StatusCode, logs.String())
	}
	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var status string
	if err := pool.QueryRow(ctx, `SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1`).Scan(&status); err != nil {
		t.Fatal(err)
	}
	if status != "succeeded" {
		t.Errorf("the run started before shutdown ended %q, want succeeded: shutdown should wait for it", status)
	}
}
