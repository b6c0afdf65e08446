package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/trackersim"
)

// TestMetricsCountSyncsAndDigests runs `serve` with the sync and the
// digest scheduled every second and reads their counters off /metrics.
func TestMetricsCountSyncsAndDigests(t *testing.T) {
	ctx := context.Background()
	dbURL, drop, err := pgtest.CreateDatabase(ctx, "slmetrics")
	if err != nil {
		t.Fatal(err)
	}
	defer drop()
	sim := trackersim.New(trackersim.Generate(trackersim.Config{Seed: 3, Now: time.Now().Add(-time.Hour)}))
	hs := httptest.NewServer(sim)
	defer hs.Close()
	var stories int
	sim.View(func(ds *trackersim.Dataset) { stories = len(ds.Projects[0].Stories) })
	var posts atomic.Int64
	slackHook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		_, _ = io.WriteString(w, "ok")
	}))
	defer slackHook.Close()

	addr := freeAddr(t)
	env := envMap(map[string]string{
		"DATABASE_URL": dbURL, "LISTEN_ADDR": addr, "LOG_LEVEL": "warn",
		"TRACKER_BASE_URL": hs.URL + trackersim.BasePath, "TRACKER_TOKEN": sim.Token(),
		"TRACKER_PROJECTS": fmt.Sprint(trackersim.DefaultProjectID),
		"SYNC_SCHEDULE":    "@every 1s", "DIGEST_SCHEDULE": "@every 1s",
		"SLACK_WEBHOOK_URL": slackHook.URL + "/services/T0/B0/x",
	})
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	logs := &syncBuffer{}
	go func() { done <- run(sctx, []string{"serve"}, env, logs, logs) }()
	defer func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop")
		}
	}()

	var body string
	deadline := time.Now().Add(30 * time.Second)
	for {
		body = scrape(t, "http://"+addr+"/metrics")
		if metric(body, `sprintlens_sync_runs_total{kind="incremental",status="succeeded"}`) >= 1 &&
			metric(body, `sprintlens_digest_sends_total{ok="true"}`) >= 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no incremental sync and digest counted in 30s:\n%s\nlogs:\n%s", grepMetrics(body), logs.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	runs := metric(body, `sprintlens_sync_runs_total{kind="full",status="succeeded"}`) +
		metric(body, `sprintlens_sync_runs_total{kind="incremental",status="succeeded"}`)
	checks := []struct {
		series string
		ok     func(v float64) bool
		want   string
	}{
		{`sprintlens_sync_runs_total{kind="full",status="succeeded"}`, func(v float64) bool { return v == 1 }, "1: only the first run is full"},
		// Outcomes that never happened are series at 0, not missing ones.
		{`sprintlens_sync_runs_total{kind="full",status="failed"}`, func(v float64) bool { return v == 0 }, "0"},
		{`sprintlens_sync_runs_total{kind="incremental",status="cancelled"}`, func(v float64) bool { return v == 0 }, "0"},
		{`sprintlens_sync_duration_seconds_count{kind="full"}`, func(v float64) bool { return v == 1 }, "1"},
		{`sprintlens_sync_duration_seconds_sum{kind="full"}`, func(v float64) bool { return v > 0 && v < 30 }, "the full sync's seconds"},
		{`sprintlens_sync_stories_total{change="inserted"}`, func(v float64) bool { return v == float64(stories) }, fmt.Sprintf("%d, the simulated project's stories", stories)},
		{`sprintlens_sync_stories_total{change="updated"}`, func(v float64) bool { return v == 0 }, "0: Tracker changed nothing"},
		{`sprintlens_sync_stories_total{change="deleted"}`, func(v float64) bool { return v == 0 }, "0"},
		{`sprintlens_sync_requests_total`, func(v float64) bool { return v >= runs+2 }, "a request per run at least, several for the full one"},
		{`sprintlens_digest_sends_total{ok="false"}`, func(v float64) bool { return v == 0 }, "0"},
		{`sprintlens_digest_sends_total{ok="true"}`, func(v float64) bool { return v >= 1 && v <= float64(posts.Load()) }, "the posts Slack took"},
	}
	for _, c := range checks {
		if v := metric(body, c.series); !c.ok(v) {
			t.Errorf("%s = %v, want %s", c.series, v, c.want)
		}
	}
	if t.Failed() {
		t.Logf("scraped:\n%s", grepMetrics(body))
	}
}

func scrape(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return "" // not listening yet
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	return string(b)
}

// metric reads one series' value from a scrape; -1 when it is absent.
func metric(body, series string) float64 {
	for _, line := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err == nil {
				return f
			}
		}
	}
	return -1
}

func grepMetrics(body string) string {
	var out []string
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, "sprintlens_sync") || strings.HasPrefix(line, "sprintlens_digest") {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}
