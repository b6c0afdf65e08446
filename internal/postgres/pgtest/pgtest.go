// Package pgtest gives tests a real, migrated PostgreSQL database of their
// own. It reads TEST_DATABASE_URL (default: the local server), creates a
// uniquely named database per test package, migrates it once and drops it
// when the package's tests end.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sprintlens/sprintlens/internal/postgres"
)

// DefaultURL is the local server the machine runs.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// AdminURL is the server tests connect to for CREATE/DROP DATABASE.
func AdminURL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return DefaultURL
}

// WithDatabase replaces the database name in a URL.
func WithDatabase(raw, name string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("pgtest: parse %q: %w", raw, err)
	}
	u.Path = "/" + name
	return u.String(), nil
}

// CreateDatabase makes a fresh empty database and returns its URL and a
// drop function.
func CreateDatabase(ctx context.Context, prefix string) (string, func(), error) {
	admin, err := pgx.Connect(ctx, AdminURL())
	if err != nil {
		return "", nil, fmt.Errorf("pgtest: connect to %s (set TEST_DATABASE_URL): %w", AdminURL(), err)
	}
	defer admin.Close(ctx)
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := strings.ToLower(prefix) + "_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		return "", nil, fmt.Errorf("pgtest: create database %s: %w", name, err)
	}
	dbURL, err := WithDatabase(AdminURL(), name)
	if err != nil {
		return "", nil, err
	}
	drop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, AdminURL())
		if err != nil {
			return
		}
		defer c.Close(ctx)
		_, _ = c.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	}
	return dbURL, drop, nil
}

var (
	once   sync.Once
	shared *pgxpool.Pool
	dbURL  string
	drop   func()
	setErr error
)

// Pool returns the package's shared migrated database, creating it on
// first use. Call Main from TestMain so it is dropped at the end.
func Pool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	once.Do(func() {
		ctx := context.Background()
		dbURL, drop, setErr = CreateDatabase(ctx, "sltest")
		if setErr != nil {
			return
		}
		shared, setErr = postgres.Open(ctx, dbURL)
		if setErr != nil {
			return
		}
		_, setErr = postgres.Migrate(ctx, shared)
	})
	if setErr != nil {
		t.Fatalf("pgtest: %v", setErr)
	}
	return shared
}

// URL is the shared database's URL (after Pool was called).
func URL() string { return dbURL }

// Main runs the package's tests and drops the shared database afterwards.
// Use it as `func TestMain(m *testing.M) { pgtest.Main(m) }`.
func Main(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.Close()
	}
	if drop != nil {
		drop()
	}
	os.Exit(code)
}

// Store empties the package's database (see Reset) and returns a store
// over it: the start of most store tests.
func Store(t testing.TB) *postgres.Store {
	t.Helper()
	pool := Pool(t)
	Reset(t, pool)
	return postgres.NewStore(pool)
}

// Reset empties every data table so a test starts clean (schema kept).
func Reset(t testing.TB, pool *pgxpool.Pool) {
	t.Helper()
	_, err := pool.Exec(context.Background(), `
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_version' LOOP
    EXECUTE 'TRUNCATE TABLE ' || quote_ident(r.tablename) || ' CASCADE';
  END LOOP;
END $$;`)
	if err != nil {
		t.Fatalf("pgtest: reset: %v", err)
	}
}
