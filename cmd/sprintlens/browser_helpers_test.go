package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sprintlens/sprintlens/internal/config"
	"github.com/sprintlens/sprintlens/internal/postgres/pgtest"
	"github.com/sprintlens/sprintlens/internal/trackersim"
)

// demoApp is the demo (simulated Tracker, first sync, OKRs, web server)
// running inside the test process on a fresh database.
type demoApp struct {
	base      string // http://127.0.0.1:port
	sim       *trackersim.Server
	projectID int64
	logs      *syncBuffer
}

// startDemoApp starts the demo the way `sprintlens demo` does, on its own
// database and free loopback ports, and stops it when the test ends.
func startDemoApp(t *testing.T) *demoApp {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	dbURL, drop, err := pgtest.CreateDatabase(ctx, "slbrowser")
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(drop) // runs last: the server below is stopped first
	cfg, err := config.Load(envMap(map[string]string{
		"DATABASE_URL": dbURL, "LISTEN_ADDR": freeAddr(t), "LOG_LEVEL": "warn",
		// Far from any tick: only the test starts syncs.
		"SYNC_SCHEDULE": "0 0 1 1 *",
	}))
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	app := &demoApp{logs: &syncBuffer{}}
	log := newLogger(cfg, app.logs)
	pool, err := openDatabase(ctx, cfg, log)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	sim, stopSim, err := startDemoTracker(ctx, &cfg, pool, log, io.Discard)
	if err != nil {
		pool.Close()
		cancel()
		t.Fatal(err)
	}
	app.sim, app.projectID = sim, cfg.TrackerProjects[0]
	listening := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, log, pool, func(addr string) { listening <- addr }) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("the demo server did not stop")
		}
		pool.Close()
		sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer scancel()
		_ = stopSim(sctx)
	})
	select {
	case addr := <-listening:
		app.base = "http://" + addr
	case err := <-done:
		t.Fatalf("serve: %v\n%s", err, app.logs.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("the demo server did not start\n%s", app.logs.String())
	}
	return app
}

// getJSON decodes the JSON answer of GET base+path into v.
func (a *demoApp) getJSON(t *testing.T, path string, v any) {
	t.Helper()
	res, err := http.Get(a.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("GET %s = %d: %s", path, res.StatusCode, b)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// chromiumPath finds Debian's Chromium. CI must run the browser tests, so
// there a missing browser fails; on a developer's machine it skips.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "browser tests need Chromium and none is on PATH: apt-get install chromium fonts-noto-cjk (.ci/run does)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// newBrowser starts a headless Chromium with a fresh profile for the test
// and returns a context whose actions drive its one tab.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath(t)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // root in CI containers: the sandbox needs user namespaces
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	)
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithErrorf(t.Logf))
	t.Cleanup(func() {
		cctx, ccancel := context.WithTimeout(ctx, 10*time.Second)
		defer ccancel()
		_ = chromedp.Cancel(cctx)
		cancel()
		cancelAlloc()
	})
	// The first action starts the browser; it lives as long as ctx, so it
	// gets no timeout of its own.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	return ctx
}

// within bounds one flow: a stuck page fails the test instead of hanging it.
func within(t *testing.T, browser context.Context, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(browser, d)
	t.Cleanup(cancel)
	return ctx
}

// must fails the test when a browser action failed, naming the step.
func must(t *testing.T, step string, err error) {
	t.Helper()
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("%s: timed out", step)
		}
		t.Fatalf("%s: %v", step, err)
	}
}

// artifactDir is where screenshots go: SPRINTLENS_ARTIFACTS, or
// artifacts/screenshots under the repository root.
func artifactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("SPRINTLENS_ARTIFACTS")
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			t.Fatal(err)
		}
		root := wd
		for {
			if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
				break
			}
			parent := filepath.Dir(root)
			if parent == root {
				t.Fatalf("no go.mod above %s: set SPRINTLENS_ARTIFACTS", wd)
			}
			root = parent
		}
		dir = filepath.Join(root, "artifacts", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// screenshot saves the whole page as name.png in the artefact directory.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	must(t, "screenshot "+name, err)
	path := filepath.Join(artifactDir(t), name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// text reads the visible text of the element with the data-testid.
func text(t *testing.T, ctx context.Context, testid string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(byTestID(testid)))
	must(t, "read "+testid, err)
	return strings.TrimSpace(s)
}

// byTestID selects the first element with the data-testid.
func byTestID(id string) chromedp.CSS { return chromedp.CSS(fmt.Sprintf("[data-testid=%q]", id)) }

var leadingNumber = regexp.MustCompile(`-?[0-9][0-9,]*(\.[0-9]+)?`)

// number reads the first number in a text as the page shows it ("1,234.5
// pts", "8 stories").
func number(t *testing.T, what, s string) float64 {
	t.Helper()
	m := leadingNumber.FindString(s)
	if m == "" {
		t.Fatalf("%s: no number in %q", what, s)
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(m, ",", ""), 64)
	if err != nil {
		t.Fatalf("%s: %q: %v", what, s, err)
	}
	return f
}

// shown is v as the pages round points: one decimal.
func shown(v float64) float64 { return math.Round(v*10) / 10 }
