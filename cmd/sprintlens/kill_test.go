package main

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/trackersim"
)

// TestSyncSurvivesKill9 kills `sprintlens sync` (a real process) in the
// middle of a first sync and of a later full sync, and checks that
// readers never see a partial project, that the killed run is left
// running until the next run marks it failed, and that the next sync
// completes.
func TestSyncSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	ctx := context.Background()
	bin := buildBinary(t)
	dbURL, drop, err := pgtest.CreateDatabase(ctx, "slkill")
	if err != nil {
		t.Fatal(err)
	}
	defer drop()
	sim := trackersim.New(trackersim.Generate(trackersim.Config{Seed: 8, Now: time.Now().Add(-time.Hour)}))
	hs := httptest.NewServer(sim)
	defer hs.Close()
	pid := int64(trackersim.DefaultProjectID)
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"DATABASE_URL=" + dbURL, "LOG_LEVEL=error",
		"TRACKER_BASE_URL=" + hs.URL + trackersim.BasePath, "TRACKER_TOKEN=" + sim.Token(),
		fmt.Sprintf("TRACKER_PROJECTS=%d", pid)}
	// Slow enough that the kill lands while the sync is still reading.
	sim.SetLatency(60 * time.Millisecond)

	// The first sync migrates the database, so the pool opens after it.
	killSyncAfter(t, bin, env, sim, 4, "sync")
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := pool.QueryRow(ctx, q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	stories := func() int { return count(`SELECT count(*) FROM stories WHERE project_id = $1`, pid) }
	running := func() int { return count(`SELECT count(*) FROM sync_runs WHERE status = 'running'`) }
	interrupted := func() int {
		return count(`SELECT count(*) FROM sync_runs WHERE status = 'failed' AND error LIKE 'interrupted%'`)
	}
	simStories := func() int {
		n := 0
		sim.View(func(ds *trackersim.Dataset) { n = len(ds.Project(pid).Stories) })
		return n
	}

	if n := stories(); n != 0 {
		t.Errorf("a first sync killed mid-way left %d stories visible, want 0", n)
	}
	if n := running(); n != 1 {
		t.Errorf("%d runs left running by the killed process, want 1", n)
	}
	waitForLocksReleased(t, pool)
	out := runSync(t, bin, env, "sync")
	if !strings.Contains(out, "full sync done") {
		t.Errorf("the sync after the kill did not finish a full sync:\n%s", out)
	}
	if n, want := stories(), simStories(); n != want {
		t.Errorf("after the next sync: %d stories, want %d", n, want)
	}
	if r, i := running(), interrupted(); r != 0 || i != 1 {
		t.Errorf("after the next sync: %d runs running and %d marked interrupted, want 0 and 1", r, i)
	}

	// A later full sync killed mid-way keeps the previous data whole.
	before := stories()
	if _, err := sim.AddStory(pid, trackersim.Story{Name: "Rotate the Chef server's TLS certificate"}); err != nil {
		t.Fatal(err)
	}
	killSyncAfter(t, bin, env, sim, 6, "sync", "--full")
	if n := stories(); n != before {
		t.Errorf("a full sync killed mid-way changed the project to %d stories, want the previous %d", n, before)
	}
	waitForLocksReleased(t, pool)
	runSync(t, bin, env, "sync")
	if n, want := stories(), simStories(); n != want || n != before+1 {
		t.Errorf("after the next sync: %d stories, want %d", n, want)
	}
	if r, i := running(), interrupted(); r != 0 || i != 2 {
		t.Errorf("after the next sync: %d runs running and %d marked interrupted, want 0 and 2", r, i)
	}
}

// buildBinary builds sprintlens into the test's temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go is not on PATH: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "sprintlens")
	out, err := exec.Command(goBin, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// killSyncAfter starts the binary with args and SIGKILLs it once the
// simulator has answered n more requests.
func killSyncAfter(t *testing.T, bin string, env []string, sim *trackersim.Server, n int64, args ...string) {
	t.Helper()
	var out strings.Builder
	cmd := exec.Command(bin, args...)
	cmd.Env, cmd.Stdout, cmd.Stderr = env, &out, &out
	start := sim.RequestCount()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for sim.RequestCount()-start < n {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("%v made %d requests in 30s:\n%s", args, sim.RequestCount()-start, out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("%v was not killed mid-sync (%v):\n%s", args, err, out.String())
	}
}

// runSync runs the binary with args to the end and returns its output.
func runSync(t *testing.T, bin string, env []string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
	return string(out)
}

// waitForLocksReleased waits until the database holds no advisory lock:
// PostgreSQL drops a killed client's session, and its sync lock with it,
// once it notices the connection closed.
func waitForLocksReleased(t *testing.T, pool *pgxpool.Pool) {
	t.Helper()
	for range 100 {
		var n int
		err := pool.QueryRow(context.Background(), `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'
			AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the killed process's sync lock was never released")
}
