package main

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sprintlens/sprintlens/internal/config"
	"github.com/sprintlens/sprintlens/internal/postgres"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// benchOptions are `sprintlens bench`'s flags.
type benchOptions struct {
	projects, stories int
	duration          time.Duration
	concurrency       int
	maxRequests       int64
	databaseURL       string
	syncStories       int
	process           bool
	binary            string
	cpuProfile        string
}

func parseBenchFlags(env *environment, args []string) (benchOptions, error) {
	var o benchOptions
	fs := newFlagSet("bench")
	fs.IntVar(&o.projects, "projects", 20, "projects to generate")
	fs.IntVar(&o.stories, "stories", 5000, "stories per project")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "length of each load run (one per page set and one for hello-world)")
	fs.IntVar(&o.concurrency, "concurrency", 8, "load generator workers (keep-alive connections)")
	fs.Int64Var(&o.maxRequests, "max-requests", 200000, "upper bound on the requests of one load run")
	fs.StringVar(&o.databaseURL, "database-url", "", "database to use; empty: a fresh one on TEST_DATABASE_URL's server, dropped afterwards.\n"+
		"An existing database with projects is measured as it is, without seeding")
	fs.IntVar(&o.syncStories, "sync-stories", 20000, "stories of the project synced from the simulated Tracker (0 skips the sync rows)")
	fs.BoolVar(&o.process, "process", true, "also build and start `sprintlens serve` as a child process for start-up time and resident memory")
	fs.StringVar(&o.binary, "binary", "", "sprintlens binary to start for the process figures; empty: go build one")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the page load runs (server and load generator) to this file")
	if err := parseFlags(fs, env, args); err != nil {
		return o, err
	}
	if o.projects < 1 || o.stories < 1 || o.concurrency < 1 || o.maxRequests < 1 || o.duration <= 0 || o.syncStories < 0 {
		return o, usageError{"bench: --projects, --stories, --concurrency, --max-requests and --duration must be positive, --sync-stories not negative"}
	}
	return o, nil
}

// cmdBench measures pages against a hello-world baseline, the real
// server's memory and start-up, and prints one table. Missing a target is
// reported, not an error: the exit status says only whether it could measure.
func cmdBench(ctx context.Context, env *environment, args []string) error {
	o, err := parseBenchFlags(env, args)
	if err != nil {
		return err
	}
	progress := func(format string, a ...any) { fmt.Fprintf(env.stderr, "bench: "+format+"\n", a...) }
	dbURL := o.databaseURL
	if dbURL == "" {
		url, drop, err := createBenchDatabase(ctx, benchAdminURL(env.getenv))
		if err != nil {
			return err
		}
		defer drop()
		dbURL = url
	}
	progress("database %s", config.RedactURL(dbURL))
	pool, err := postgres.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	if _, err := postgres.Migrate(ctx, pool); err != nil {
		return err
	}
	store := postgres.NewStore(pool)
	projects, err := store.Projects(ctx)
	if err != nil {
		return err
	}
	var data string
	if len(projects) == 0 {
		progress("generating and saving %d projects × %d stories", o.projects, o.stories)
		now := time.Now()
		st, err := seedBench(ctx, store, o.projects, o.stories, now)
		if err != nil {
			return err
		}
		if err := store.SeedDemoOKRs(ctx, 0, now); err != nil {
			return fmt.Errorf("bench: seed OKRs: %w", err)
		}
		data = fmt.Sprintf("%d projects, %d stories (%d asked per project), %d history entries; "+
			"generated and saved through Store.SaveSnapshot with the metrics precompute in %.1f s (%.0f stories/s)",
			st.projects, st.stories, o.stories, st.history, st.took.Seconds(), float64(st.stories)/st.took.Seconds())
		if projects, err = store.Projects(ctx); err != nil {
			return err
		}
		// Measure the steady state: autovacuum gets here within a minute of
		// a large sync. Before it, stale statistics make the planner pick
		// slow plans (and JIT-compile them), which the README describes.
		if _, err := pool.Exec(ctx, "VACUUM ANALYZE"); err != nil {
			return fmt.Errorf("bench: vacuum: %w", err)
		}
	} else {
		data = fmt.Sprintf("existing database with %d projects (not seeded)", len(projects))
	}
	progress("%s", data)

	sets, rows, err := benchPages(ctx, o, dbURL, pool, projects, progress)
	if err != nil {
		return err
	}
	if o.process {
		bin, how := o.binary, "--binary"
		if bin == "" {
			dir, err := os.MkdirTemp("", "sprintlens-bench-")
			if err != nil {
				return fmt.Errorf("bench: %w", err)
			}
			defer os.RemoveAll(dir)
			progress("building the server")
			if bin, how, err = buildServer(ctx, dir); err != nil {
				return err
			}
		}
		progress("starting %s serve", bin)
		st, err := measureProcess(ctx, bin, dbURL, sets, o.concurrency)
		if err != nil {
			return err
		}
		rows = append(rows, processRows(st, how)...)
	} else {
		rows = append(rows, skippedRow("serve: start-up and resident memory", "--process=false"))
	}
	if o.syncStories > 0 {
		progress("syncing a project of %d stories from the simulated Tracker", o.syncStories)
		st, err := benchSync(ctx, benchAdminURL(env.getenv), o.syncStories)
		if err != nil {
			return err
		}
		rows = append(rows, syncRows(&st)...)
	} else {
		rows = append(rows, syncRows(nil)...)
	}

	fmt.Fprintf(env.stdout, "sprintlens bench, %s\n", time.Now().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(env.stdout, "machine: %s\n", machine())
	fmt.Fprintf(env.stdout, "data: %s\n", data)
	fmt.Fprintf(env.stdout, "load: %d keep-alive workers on loopback, %s per run (after a warm-up), at most %d requests\n\n",
		o.concurrency, o.duration, o.maxRequests)
	return printTable(env.stdout, rows)
}

// benchPages runs hello-world, then each page set the server has, on the
// in-process server. It returns the sets it found for the process run.
func benchPages(ctx context.Context, o benchOptions, dbURL string, pool *pgxpool.Pool, projects []sprintlens.Project, progress func(string, ...any)) ([]pageSet, []benchRow, error) {
	base, stopPages, err := startPages(ctx, dbURL, pool)
	if err != nil {
		return nil, nil, err
	}
	defer func() { _ = stopPages() }()
	hello, stopHello, err := startHello()
	if err != nil {
		return nil, nil, err
	}
	defer stopHello()
	client := newLoadClient(o.concurrency)
	sets, skipped, err := availablePages(ctx, client, base, pageCandidates(projects))
	if err != nil {
		return nil, nil, err
	}
	opts := loadOptions{concurrency: o.concurrency, duration: o.duration, maxRequests: o.maxRequests}
	warm := loadOptions{concurrency: o.concurrency, duration: min(o.duration/5, 2*time.Second), maxRequests: o.maxRequests}
	measure := func(base string, set pageSet) loadResult {
		progress("load: %s", set.name)
		runLoad(ctx, client, base, set, warm)
		return runLoad(ctx, client, base, set, opts)
	}
	helloRes := measure(hello, pageSet{"hello-world", func(*rand.Rand) string { return "/" }, nil})
	rows := helloRows(helloRes)

	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return nil, nil, fmt.Errorf("bench: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, nil, fmt.Errorf("bench: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	for _, set := range sets {
		rows = append(rows, pageRows(set.name, measure(base, set), helloRes)...)
	}
	return sets, append(rows, skipped...), ctx.Err()
}

// machine describes where the numbers were taken.
func machine() string {
	model := "unknown CPU"
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	return fmt.Sprintf("%s/%s, %d CPUs (%s), GOMAXPROCS %d, %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), model,
		runtime.GOMAXPROCS(0), runtime.Version())
}
