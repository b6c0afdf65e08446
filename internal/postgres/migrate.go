package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/tern/v2/migrate"

	"github.com/sprintlens/sprintlens/migrations"
)

const versionTable = "schema_version"

// ErrSchemaBehind means the database needs migrations this binary carries.
var ErrSchemaBehind = errors.New("database schema is behind")

// Migrate applies every pending embedded migration and returns the
// resulting schema version. tern holds an advisory lock while it works, so
// replicas starting together do not race. When it upgrades a database that
// already holds projects, it recomputes their metrics: a new schema may
// hold numbers (warnings, radar, new tallies) that the old data never got.
func Migrate(ctx context.Context, pool *pgxpool.Pool) (int32, error) {
	before, err := SchemaVersion(ctx, pool)
	if err != nil {
		return 0, err
	}
	after, err := applyMigrations(ctx, pool)
	if err != nil {
		return 0, err
	}
	if before > 0 && after > before {
		if err := NewStore(pool).refreshAllMetrics(ctx); err != nil {
			return after, fmt.Errorf("postgres: recompute metrics after migrating to %d: %w", after, err)
		}
	}
	return after, nil
}

func applyMigrations(ctx context.Context, pool *pgxpool.Pool) (int32, error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return 0, fmt.Errorf("postgres: migrate: acquire: %w", err)
	}
	defer conn.Release()
	m, err := migrate.NewMigrator(ctx, conn.Conn(), versionTable)
	if err != nil {
		return 0, fmt.Errorf("postgres: migrate: %w", err)
	}
	if err := m.LoadMigrations(migrations.FS); err != nil {
		return 0, fmt.Errorf("postgres: load migrations: %w", err)
	}
	if err := m.Migrate(ctx); err != nil {
		return 0, fmt.Errorf("postgres: migrate: %w", err)
	}
	v, err := m.GetCurrentVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("postgres: schema version: %w", err)
	}
	return v, nil
}

// LatestVersion is the number of the newest embedded migration.
func LatestVersion() (int32, error) {
	names, err := migrate.FindMigrations(migrations.FS)
	if err != nil {
		return 0, fmt.Errorf("postgres: find migrations: %w", err)
	}
	return int32(len(names)), nil
}

// SchemaVersion reads the applied version without changing anything
// (0 when no migration ever ran).
func SchemaVersion(ctx context.Context, pool *pgxpool.Pool) (int32, error) {
	var v int32
	err := pool.QueryRow(ctx, "SELECT version FROM "+versionTable).Scan(&v)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42P01" { // undefined_table
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("postgres: read schema version: %w", err)
	}
	return v, nil
}

// CheckSchema returns ErrSchemaBehind, with what to run, when the database
// is older than this binary.
func CheckSchema(ctx context.Context, pool *pgxpool.Pool) error {
	have, err := SchemaVersion(ctx, pool)
	if err != nil {
		return err
	}
	want, err := LatestVersion()
	if err != nil {
		return err
	}
	if have < want {
		return fmt.Errorf("%w: at version %d, this build needs %d; run `sprintlens migrate` or start with RUN_MIGRATIONS=true", ErrSchemaBehind, have, want)
	}
	return nil
}
