package main

import (
	"bytes"
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sprintlens/sprintlens/internal/sprintlens"
	"github.com/sprintlens/sprintlens/internal/trackersim"
)

// TestBenchCommandSmoke runs the whole command at a tiny size: seeding,
// the in-process pages, the hello-world baseline, the server process and
// the table. It checks that each part reported, not how fast it was.
func TestBenchCommandSmoke(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "sprintlens")
	// A plain build reuses the packages `go test` just compiled.
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	var out, errOut bytes.Buffer
	args := []string{"bench", "--projects", "2", "--stories", "40", "--duration", "150ms", "--concurrency", "2",
		"--max-requests", "300", "--sync-stories", "60", "--binary", bin}
	if err := run(context.Background(), args, os.Getenv, &out, &errOut); err != nil {
		t.Fatalf("bench: %v\n%s", err, errOut.String())
	}
	got := out.String()
	for _, want := range []string{
		"metric", "hello-world echo: throughput", "GET / (projects): throughput", "GET /api/v1/projects: p50 / p99",
		"GET /okrs: throughput", "serve: resident memory after the pages", "serve: start-up", "sync: full sync of", "sync: incremental sync after one edit",
		"data: 2 projects, ",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
	// Pages built on other branches are either measured or skipped, never silently missing.
	for _, page := range []string{"GET /projects/:id", "GET /projects/:id/sprints/:n", "GET /projects/:id/warnings"} {
		if !strings.Contains(got, page+": throughput") && !strings.Contains(got, page+"  ") {
			t.Errorf("report says nothing about %s:\n%s", page, got)
		}
	}
	if strings.Contains(got, "failed requests") {
		t.Errorf("pages failed under load:\n%s", got)
	}
}

func TestBenchFlagsRejectNonsense(t *testing.T) {
	for _, args := range [][]string{{"--projects", "0"}, {"--duration", "-1s"}, {"--concurrency", "0"}, {"extra"}} {
		err := run(context.Background(), append([]string{"bench"}, args...), envMap(nil), &bytes.Buffer{}, &bytes.Buffer{})
		if code, ok := exitCode(err); !ok || code != 2 {
			t.Errorf("bench %v: err %v, want a usage error", args, err)
		}
	}
}

// The seeded history must read like a sync's: ordered per story, ending
// in the story's present state, in iterations that exist, and with the
// planning observations that let sprint reviews find commitments.
func TestSnapshotsOfGeneratedData(t *testing.T) {
	ds := trackersim.Generate(trackersim.Config{Seed: 3, Projects: 2, StoriesPerProject: 120})
	snaps := snapshotsOf(ds)
	if len(snaps) != 2 {
		t.Fatalf("%d snapshots, want 2", len(snaps))
	}
	for i, snap := range snaps {
		p := ds.Projects[i]
		if snap.Project.ID != p.ID || !snap.Full || len(snap.Stories) != len(p.Stories) || len(snap.Iterations) != len(p.Iterations) {
			t.Fatalf("project %d: id %d full %v, %d stories and %d iterations, want %d and %d", i, snap.Project.ID, snap.Full,
				len(snap.Stories), len(snap.Iterations), len(p.Stories), len(p.Iterations))
		}
		if snap.Project.CurrentIteration != p.Current().Number {
			t.Errorf("current iteration %d, want %d", snap.Project.CurrentIteration, p.Current().Number)
		}
		numbers := map[int]bool{}
		for _, it := range snap.Iterations {
			numbers[it.Number] = true
		}
		last := map[int64]sprintlens.HistoryEntry{}
		planned := 0
		for _, h := range snap.History {
			if prev, ok := last[h.StoryID]; ok && h.OccurredAt.Before(prev.OccurredAt) {
				t.Fatalf("story %d: history goes back from %v to %v", h.StoryID, prev.OccurredAt, h.OccurredAt)
			}
			if h.IterationNumber != nil && !numbers[*h.IterationNumber] {
				t.Fatalf("story %d: entry in iteration %d, which does not exist", h.StoryID, *h.IterationNumber)
			}
			if h.Source == sprintlens.FromSync && h.State == sprintlens.Unstarted && h.IterationNumber != nil {
				planned++
			}
			last[h.StoryID] = h
		}
		for _, s := range snap.Stories {
			h, ok := last[s.ID]
			if !ok {
				t.Fatalf("story %d has no history", s.ID)
			}
			if h.State != s.State || h.Estimate == nil != (s.Estimate == nil) || (s.Estimate != nil && *h.Estimate != *s.Estimate) {
				t.Errorf("story %d: history ends %s %v, story is %s %v", s.ID, h.State, h.Estimate, s.State, s.Estimate)
			}
		}
		if planned == 0 {
			t.Errorf("project %d: no planning observations", p.ID)
		}
	}
}

func TestRunLoadStopsAtTheRequestCap(t *testing.T) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		if r.URL.Path == "/broken" {
			http.Error(w, "no", http.StatusInternalServerError)
			return
		}
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()
	client := newLoadClient(3)
	// The duration is far beyond what 40 requests take: the cap must end the run.
	opts := loadOptions{concurrency: 3, duration: time.Minute, maxRequests: 40}
	res := runLoad(context.Background(), client, srv.URL, pageSet{"ok", func(*rand.Rand) string { return "/" }, nil}, opts)
	if res.requests != 40 || served.Load() != 40 || res.errors != 0 || len(res.latencies) != 40 {
		t.Fatalf("requests %d, served %d, errors %d, latencies %d; want 40, 40, 0, 40", res.requests, served.Load(), res.errors, len(res.latencies))
	}
	res = runLoad(context.Background(), client, srv.URL, pageSet{"broken", func(*rand.Rand) string { return "/broken" }, nil}, opts)
	if res.errors != 40 || !strings.Contains(res.firstError, "status 500") {
		t.Fatalf("errors %d (%q), want 40 with status 500", res.errors, res.firstError)
	}
}

// TestRunLoadRepeatViews: a repeat-view set sends each URL's last ETag
// and takes the 304; a set without etags never sends one.
func TestRunLoadRepeatViews(t *testing.T) {
	var full, notModified atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/stale" || r.Header.Get("If-None-Match") != `W/"1"` {
			full.Add(1)
			w.Header().Set("ETag", `W/"1"`)
			_, _ = w.Write([]byte("page"))
			return
		}
		notModified.Add(1)
		w.WriteHeader(http.StatusNotModified)
	}))
	defer srv.Close()
	client := newLoadClient(1)
	opts := loadOptions{concurrency: 1, duration: time.Minute, maxRequests: 10}
	res := runLoad(context.Background(), client, srv.URL, pageSet{"repeat", func(*rand.Rand) string { return "/" }, &sync.Map{}}, opts)
	if res.errors != 0 || full.Load() != 1 || notModified.Load() != 9 {
		t.Fatalf("errors %d (%s), full pages %d, 304s %d; want 0, 1, 9", res.errors, res.firstError, full.Load(), notModified.Load())
	}
	full.Store(0)
	res = runLoad(context.Background(), client, srv.URL, pageSet{"plain", func(*rand.Rand) string { return "/" }, nil}, opts)
	if res.errors != 0 || full.Load() != 10 {
		t.Fatalf("without ETags: errors %d, full pages %d; want 0, 10", res.errors, full.Load())
	}
}

func TestPercentile(t *testing.T) {
	var r loadResult
	for i := 1; i <= 200; i++ {
		r.latencies = append(r.latencies, time.Duration(i)*time.Millisecond)
	}
	tests := []struct {
		q    float64
		want time.Duration
	}{{0.5, 100 * time.Millisecond}, {0.99, 198 * time.Millisecond}, {1, 200 * time.Millisecond}, {0.001, time.Millisecond}}
	for _, tt := range tests {
		if got := r.percentile(tt.q); got != tt.want {
			t.Errorf("percentile(%v) = %v, want %v", tt.q, got, tt.want)
		}
	}
	if got := (loadResult{}).percentile(0.99); got != 0 {
		t.Errorf("empty percentile = %v, want 0", got)
	}
}

func TestAvailablePagesSkipsRoutesNotBuilt(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("home")) })
	mux.HandleFunc("GET /api/v1/projects", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("[]")) })
	mux.HandleFunc("GET /okrs", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("okrs")) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	projects := []sprintlens.Project{{ID: 7, CurrentIteration: 3}}
	sets, skipped, err := availablePages(context.Background(), newLoadClient(1), srv.URL, pageCandidates(projects))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range sets {
		names = append(names, s.name)
	}
	if got := strings.Join(names, ","); got != "GET / (projects),GET /api/v1/projects,GET /okrs" {
		t.Errorf("measured %s", got)
	}
	if len(skipped) != 5 || skipped[0].verdict != verdictSkipped || !strings.Contains(skipped[1].metric, "sprints") ||
		!strings.Contains(skipped[4].metric, "repeat view") {
		t.Errorf("skipped %+v, want the project, sprint and warnings pages and the repeat views", skipped)
	}

	mux.HandleFunc("GET /projects/{id}", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "boom", 500) })
	if _, _, err := availablePages(context.Background(), newLoadClient(1), srv.URL, pageCandidates(projects)); err == nil ||
		!strings.Contains(err.Error(), "status 500") {
		t.Errorf("a failing page: err %v, want status 500", err)
	}
}

func TestPrintTableSaysWhatWasMissed(t *testing.T) {
	hello := loadResult{requests: 1000, elapsed: time.Second, latencies: []time.Duration{time.Millisecond}}
	fast := loadResult{requests: 500, elapsed: time.Second, latencies: []time.Duration{2 * time.Millisecond}}
	slow := loadResult{requests: 100, elapsed: time.Second, latencies: []time.Duration{80 * time.Millisecond}}
	rows := append(pageRows("fast", fast, hello), pageRows("slow", slow, hello)...)
	rows = append(rows, syncRows(&syncStats{stories: 100, full: 2 * time.Second, copy: time.Second, fullRequests: 9, incrRequests: 3,
		incremental: 100 * time.Millisecond, incrementalKind: "incremental"})...)
	var out bytes.Buffer
	if err := printTable(&out, rows); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"50.0 %", "10.0 %", "MISSED 2 of 4 targets: slow: throughput; slow: p50 / p99", "ok?",
		"2.0× COPY", "3 requests, 100 ms (incremental)", "5.0 % of the time"} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "note: sync rows"); n != 1 {
		t.Errorf("sync note printed %d times, want once:\n%s", n, got)
	}
	out.Reset()
	if err := printTable(&out, pageRows("fast", fast, hello)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "all 2 targets met") {
		t.Errorf("all met:\n%s", out.String())
	}
}

func TestReadRSSOfThisProcess(t *testing.T) {
	rss, hwm, err := readRSS(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if rss <= 0 || hwm < rss {
		t.Fatalf("VmRSS %d, VmHWM %d: want 0 < rss <= hwm", rss, hwm)
	}
}
