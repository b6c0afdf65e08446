package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"time"

	"github.com/sprintlens/sprintlens/internal/postgres"
)

// benchAdminURL is the server the benchmark makes its database on when
// none is given: TEST_DATABASE_URL's, as the tests use, else the local one.
func benchAdminURL(getenv func(string) string) string {
	if u := getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// createBenchDatabase makes an empty database with a fresh name on the
// server of adminURL and returns its URL and a function that drops it.
func createBenchDatabase(ctx context.Context, adminURL string) (string, func(), error) {
	var b [6]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand panics instead)
	name := "sprintlens_bench_" + hex.EncodeToString(b[:])
	u, err := url.Parse(adminURL)
	if err != nil {
		return "", nil, fmt.Errorf("bench: parse TEST_DATABASE_URL: %w", err)
	}
	u.Path = "/" + name
	created, err := postgres.EnsureDatabase(ctx, u.String())
	if err != nil {
		return "", nil, fmt.Errorf("bench: %w", err)
	}
	if !created {
		return "", nil, fmt.Errorf("bench: database %s already exists", name)
	}
	drop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		pool, err := postgres.Open(ctx, adminURL)
		if err != nil {
			return
		}
		defer pool.Close()
		// The name is ours, lower-case hex: quoting it is enough.
		_, _ = pool.Exec(ctx, `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`)
	}
	return u.String(), drop, nil
}
