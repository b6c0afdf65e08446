package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"

	"github.com/sprintlens/sprintlens/internal/config"
	"github.com/sprintlens/sprintlens/internal/sprintlens"
)

// startPages runs serve() in this process on a loopback port over pool:
// the same wiring, middleware and logging (to io.Discard, at info, so each
// request still pays for its log line) as `sprintlens serve`. The
// environment is the benchmark's own, not the caller's: an AUTH_MODE or
// LOG_LEVEL left in the shell must not change what is measured.
func startPages(ctx context.Context, databaseURL string, pool *pgxpool.Pool) (base string, stop func() error, err error) {
	env := map[string]string{"DATABASE_URL": databaseURL, "LISTEN_ADDR": "127.0.0.1:0"}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		return "", nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	addr := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, newLogger(cfg, io.Discard), pool, func(a string) { addr <- a }) }()
	select {
	case a := <-addr:
		return "http://" + a, func() error { cancel(); return <-done }, nil
	case err := <-done:
		cancel()
		return "", nil, fmt.Errorf("bench: serve: %w", err)
	}
}

// startHello serves the baseline: a bare echo with one route answering
// "hello", no middleware, on its own loopback port.
func startHello() (base string, stop func(), err error) {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/", func(c echo.Context) error { return c.String(http.StatusOK, "hello") })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("bench: hello-world listener: %w", err)
	}
	srv := &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			panic(err) // a loopback listener we own does not fail
		}
	}()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}

// candidatePage is a page set with the path that tells whether the
// server has its route: pages built on other branches may not be there yet.
type candidatePage struct {
	set   pageSet
	probe string
}

// pageCandidates are the page sets of the report. Project and sprint
// pages pick a random project (and sprint) per request, so the database
// and caches see the whole data set, not one hot row.
func pageCandidates(projects []sprintlens.Project) []candidatePage {
	fixed := func(path string) func(*rand.Rand) string { return func(*rand.Rand) string { return path } }
	first := projects[0]
	sprintOf := func(p sprintlens.Project, r *rand.Rand) int { return 1 + r.IntN(max(p.CurrentIteration, 1)) }
	projectPath := func(p sprintlens.Project) string { return "/projects/" + strconv.FormatInt(p.ID, 10) }
	return []candidatePage{
		{pageSet{"GET / (projects)", fixed("/"), nil}, "/"},
		{pageSet{"GET /api/v1/projects", fixed("/api/v1/projects"), nil}, "/api/v1/projects"},
		{pageSet{"GET /okrs", fixed("/okrs"), nil}, "/okrs"},
		{pageSet{"GET /projects/:id", func(r *rand.Rand) string {
			return projectPath(projects[r.IntN(len(projects))])
		}, nil}, projectPath(first)},
		{pageSet{"GET /projects/:id/sprints/:n", func(r *rand.Rand) string {
			p := projects[r.IntN(len(projects))]
			return projectPath(p) + "/sprints/" + strconv.Itoa(sprintOf(p, r))
		}, nil}, projectPath(first) + "/sprints/" + strconv.Itoa(max(first.CurrentIteration-1, 1))},
		{pageSet{"GET /projects/:id/warnings", func(r *rand.Rand) string {
			return projectPath(projects[r.IntN(len(projects))]) + "/warnings"
		}, nil}, projectPath(first) + "/warnings"},
		// Readers coming back to pages they have seen (a project, one of
		// its last four sprints): the browser sends the page's ETag and an
		// unchanged page is a 304. A URL's first request, in the warm-up
		// or the run, gets the whole page.
		{pageSet{"GET /projects/:id, repeat view", func(r *rand.Rand) string {
			return projectPath(projects[r.IntN(len(projects))])
		}, &sync.Map{}}, projectPath(first)},
		{pageSet{"GET /projects/:id/sprints/:n, repeat view", func(r *rand.Rand) string {
			p := projects[r.IntN(len(projects))]
			return projectPath(p) + "/sprints/" + strconv.Itoa(max(p.CurrentIteration-r.IntN(4), 1))
		}, &sync.Map{}}, projectPath(first) + "/sprints/" + strconv.Itoa(max(first.CurrentIteration-1, 1))},
	}
}

// availablePages probes each candidate once: 200 keeps it, 404 skips it
// as not built yet, anything else is an error worth stopping for.
func availablePages(ctx context.Context, client *http.Client, base string, cands []candidatePage) ([]pageSet, []benchRow, error) {
	var sets []pageSet
	var skipped []benchRow
	for _, c := range cands {
		code, err := probe(ctx, client, base+c.probe)
		switch {
		case err != nil:
			return nil, nil, fmt.Errorf("bench: probe %s: %w", c.probe, err)
		case code == http.StatusOK:
			sets = append(sets, c.set)
		case code == http.StatusNotFound:
			skipped = append(skipped, skippedRow(c.set.name, "route not served (404) by this build"))
		default:
			return nil, nil, fmt.Errorf("bench: probe %s: status %d", c.probe, code)
		}
	}
	return sets, skipped, nil
}
